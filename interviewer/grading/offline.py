"""The offline engine: judges each rubric point from the answer's own sentences, no model server.

A point's strength against a span is the cosine similarity of their embeddings plus a bonus for the
point's key terms found in the span. The best span is the evidence. Caps keep cheap tricks from
earning full credit: spans that echo the question or try to instruct the grader are never evidence,
a bare list of terms earns nothing, an unexplained span or one that negates the claim earns at most
partial credit, and a span that states a known misconception triggers its red flag.
"""

from __future__ import annotations

import numpy as np

from interviewer.grading.calibration import Thresholds
from interviewer.grading.engine import Judged
from interviewer.grading.cues import function_word_ratio, is_explained, negated, term_coverage
from interviewer.grading.evidence_spans import EvidenceSpans, evidence_spans
from interviewer.grading.target import GradingTarget
from interviewer.grading.types import PointJudgment, RedFlagHit, Verdict
from interviewer.store.embeddings import Embedder


class OfflineEngine:
    name = "offline"

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
        notes = list(spans.notes) + (["key terms listed without explanation: no credit for bare terms"] if stuffed else [])
        return Judged(judgments, [hit for hit, _ in flags], notes)

    def _is_keyword_list(self, spans: EvidenceSpans) -> bool:
        text = " ".join(spans.texts)
        return len(text.split()) >= 6 and function_word_ratio(text) < self.thresholds.keyword_list_ratio

    def _strengths(self, texts: list[str], terms: list[str], claim_vectors: np.ndarray, spans: EvidenceSpans) -> np.ndarray:
        similarity = (spans.vectors @ claim_vectors.T).max(axis=1)
        coverage = np.array([term_coverage(terms, text) for text in spans.texts], dtype=np.float32)
        return similarity + self.thresholds.term_weight * coverage

    def _judge_point(self, index: int, target: GradingTarget, spans: EvidenceSpans, stuffed: bool) -> PointJudgment:
        point = target.points[index]
        if not spans.texts:
            return PointJudgment(point_id=point.id, verdict=Verdict.MISSED, rationale="no gradable text")
        vectors = self.embedder.embed([point.claim, point.full_credit])
        strengths = self._strengths(list(spans.texts), point.key_terms, vectors, spans)
        best = int(np.argmax(strengths))
        evidence, strength = spans.texts[best], float(strengths[best])
        verdict, why = self.thresholds.verdict_for(strength), f"strength {strength:.2f}"
        verdict, cap = _cap(verdict, evidence, point.claim, stuffed)
        if verdict is Verdict.MISSED:
            return PointJudgment(point_id=point.id, verdict=verdict, rationale=f"not found in the answer ({why}){cap}")
        return PointJudgment(point_id=point.id, verdict=verdict, evidence=evidence, rationale=f"{why}{cap}")

    def _red_flags(self, target: GradingTarget, spans: EvidenceSpans) -> list[tuple[RedFlagHit, str | None]]:
        hits: list[tuple[RedFlagHit, str | None]] = []
        for flag in target.red_flags if spans.texts else ():
            strengths = self._strengths(list(spans.texts), flag.key_terms, self.embedder.embed([flag.statement]), spans)
            best = int(np.argmax(strengths))
            span = spans.texts[best]
            if strengths[best] >= self.thresholds.red_flag and negated(span) == negated(flag.statement):
                if flag.contradicts is None or self._closer_to_flag(span, flag.statement, target, flag.contradicts):
                    hits.append((RedFlagHit(flag_id=flag.id, statement=flag.statement, cost=flag.cost, evidence=span), flag.contradicts))
        return hits

    def _closer_to_flag(self, span: str, statement: str, target: GradingTarget, point_id: str) -> bool:
        claim = next(p.claim for p in target.points if p.id == point_id)
        span_vec, flag_vec, claim_vec = self.embedder.embed([span, statement, claim])
        return float(span_vec @ flag_vec) > float(span_vec @ claim_vec)


def _cap(verdict: Verdict, evidence: str, claim: str, stuffed: bool) -> tuple[Verdict, str]:
    if stuffed:
        return Verdict.MISSED, "; capped: bare key terms"
    if verdict is Verdict.MET and not is_explained(evidence):
        return Verdict.PARTIAL, "; capped at partial: names the idea without explaining it"
    if verdict is Verdict.MET and negated(evidence) != negated(claim):
        return Verdict.PARTIAL, "; capped at partial: the evidence negates the claim"
    return verdict, ""


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
            result.append(PointJudgment(point_id=judgment.point_id, verdict=Verdict.CONTRADICTED, evidence=hit.evidence, rationale=why))
    return result
