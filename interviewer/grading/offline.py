"""The offline engine: judges each rubric point from the answer's own sentences, no model server.

A point's strength against a span is the cosine similarity of their embeddings plus a bonus for the
point's key terms found in the span. The best span is the evidence. Caps keep cheap tricks from
earning full credit: spans that echo the question or try to instruct the grader are never evidence,
a bare list of terms earns nothing, an unexplained span or one that negates the claim earns at most
partial credit, and a span that states a known misconception triggers its red flag.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from interviewer.bank.models import RedFlag
from interviewer.grading.calibration import Thresholds
from interviewer.grading.cues import function_word_ratio, is_explained, negated, term_coverage
from interviewer.grading.engine import Judged
from interviewer.grading.evidence_spans import EvidenceSpans, evidence_spans
from interviewer.grading.target import GradingTarget
from interviewer.grading.types import PointJudgment, RedFlagHit, Verdict
from interviewer.store.embeddings import Embedder


class OfflineEngine:
    name = "offline"
    version = "offline-1"

    def __init__(self, embedder: Embedder, thresholds: Thresholds | None = None) -> None:
        self.embedder = embedder
        self.thresholds = thresholds or Thresholds()
        self.model = embedder.name

    def judge(self, target: GradingTarget, answer: str) -> Judged:
        spans = evidence_spans(answer, target.question_text, self.embedder)
        stuffed = self._is_keyword_list(spans)
        judgments = [self._judge_point(i, target, spans, stuffed) for i in range(len(target.points))]
        flags = self._red_flags(target, spans)
        judgments = _apply_contradictions(judgments, flags, target)
        notes = list(spans.notes) + (
            ["key terms listed without explanation: no credit for bare terms"] if stuffed else []
        )
        return Judged(judgments, [hit for hit, _ in flags], notes)

    def _is_keyword_list(self, spans: EvidenceSpans) -> bool:
        text = " ".join(spans.texts)
        return len(text.split()) >= 6 and function_word_ratio(text) < self.thresholds.keyword_list_ratio

    def point_features(self, target: GradingTarget, index: int, spans: EvidenceSpans) -> PointFeatures:
        point = target.points[index]
        similarity = (spans.vectors @ self.embedder.embed([point.claim, point.full_credit]).T).max(axis=1)
        coverage = np.array([term_coverage(point.key_terms, text) for text in spans.texts], dtype=np.float32)
        explained = np.array([is_explained(text) for text in spans.texts], dtype=bool)
        flipped = np.array([negated(text) != negated(point.claim) for text in spans.texts], dtype=bool)
        whole = term_coverage(point.key_terms, " ".join(spans.texts))
        return PointFeatures(similarity, coverage, explained, flipped, whole)

    def _judge_point(self, index: int, target: GradingTarget, spans: EvidenceSpans, stuffed: bool) -> PointJudgment:
        point = target.points[index]
        if not spans.texts:
            return PointJudgment(point_id=point.id, verdict=Verdict.MISSED, rationale="no gradable text")
        decision = decide(self.point_features(target, index, spans), stuffed, self.thresholds)
        if decision.verdict is Verdict.MISSED:
            return PointJudgment(
                point_id=point.id, verdict=decision.verdict, rationale=f"not found in the answer ({decision.why})"
            )
        evidence = spans.texts[decision.span]
        return PointJudgment(point_id=point.id, verdict=decision.verdict, evidence=evidence, rationale=decision.why)

    def _red_flags(self, target: GradingTarget, spans: EvidenceSpans) -> list[tuple[RedFlagHit, str | None]]:
        return [hit for flag in target.red_flags if spans.texts and (hit := self._red_flag(flag, target, spans))]

    def _red_flag(
        self, flag: RedFlag, target: GradingTarget, spans: EvidenceSpans
    ) -> tuple[RedFlagHit, str | None] | None:
        """The flag's hit when a span states the misconception (close match, same polarity)."""
        similarity = (spans.vectors @ self.embedder.embed([flag.statement]).T)[:, 0]
        coverage = np.array([term_coverage(flag.key_terms, text) for text in spans.texts], dtype=np.float32)
        strengths = similarity + self.thresholds.red_flag_term_weight * coverage
        best = int(np.argmax(strengths))
        span = spans.texts[best]
        if strengths[best] < self.thresholds.red_flag or negated(span) != negated(flag.statement):
            return None
        if flag.contradicts is not None and not self._closer_to_flag(span, flag.statement, target, flag.contradicts):
            return None
        return RedFlagHit(flag_id=flag.id, statement=flag.statement, cost=flag.cost, evidence=span), flag.contradicts

    def _closer_to_flag(self, span: str, statement: str, target: GradingTarget, point_id: str) -> bool:
        claim = next(p.claim for p in target.points if p.id == point_id)
        span_vec, flag_vec, claim_vec = self.embedder.embed([span, statement, claim])
        return float(span_vec @ flag_vec) > float(span_vec @ claim_vec)


@dataclass(frozen=True)
class PointFeatures:
    """Per evidence span: similarity to the point, share of its key terms, explained?, negates the claim?"""

    similarity: np.ndarray
    coverage: np.ndarray
    explained: np.ndarray
    flipped: np.ndarray
    answer_coverage: float = 0.0


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    span: int
    why: str


def decide(features: PointFeatures, stuffed: bool, thresholds: Thresholds) -> Decision:
    """Pure: the verdict for one point from its span features (the calibration script uses this too)."""
    strengths = features.similarity + thresholds.term_weight * features.coverage
    strengths = strengths + thresholds.answer_term_weight * features.answer_coverage
    best = int(np.argmax(strengths))
    strength = float(strengths[best])
    verdict, why = thresholds.verdict_for(strength), f"strength {strength:.2f}"
    if stuffed:
        return Decision(Verdict.MISSED, best, why + "; capped: bare key terms")
    if verdict is Verdict.MET and not features.explained[best]:
        return Decision(Verdict.PARTIAL, best, why + "; capped at partial: names the idea without explaining it")
    if verdict is Verdict.MET and features.flipped[best] and thresholds.negation_caps:
        return Decision(Verdict.PARTIAL, best, why + "; capped at partial: the evidence negates the claim")
    return Decision(verdict, best, why)


def _apply_contradictions(
    judgments: list[PointJudgment], flags: list[tuple[RedFlagHit, str | None]], target: GradingTarget
) -> list[PointJudgment]:
    contradicted = {point_id: hit for hit, point_id in flags if point_id}
    result = []
    for judgment in judgments:
        hit = contradicted.get(judgment.point_id)
        if hit is None:
            result.append(judgment)
        else:
            why = f"states the misconception: {hit.statement}"
            result.append(
                PointJudgment(
                    point_id=judgment.point_id, verdict=Verdict.CONTRADICTED, evidence=hit.evidence, rationale=why
                )
            )
    return result
