"""One answer's way through grading: screens → engine → evidence check → score → feedback."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from interviewer.errors import EngineFailure
from interviewer.grading.calibration import Thresholds
from interviewer.grading.engine import Engine, Judged
from interviewer.grading.evidence import admissible, check_evidence, find_verbatim
from interviewer.grading.evidence_spans import evidence_spans, nothing_left
from interviewer.grading.feedback import build_feedback
from interviewer.grading.score import compute_score
from interviewer.grading.screens import (
    min_answer_words,
    names_key_terms,
    off_topic,
    screen_text,
    unsupported_language,
)
from interviewer.grading.target import GradingTarget
from interviewer.grading.types import Grade, GradeStatus, PointJudgment, Provenance, RedFlagHit, Verdict
from interviewer.llm.tokens import truncate_to_tokens
from interviewer.store.embeddings import Embedder


@dataclass(frozen=True)
class GradingOptions:
    token_budget: int = 1500
    thresholds: Thresholds = field(default_factory=Thresholds)


class Grader:
    """Grades answers with one engine; the embedder serves the off-topic screen."""

    def __init__(self, engine: Engine, embedder: Embedder, options: GradingOptions | None = None) -> None:
        self.engine = engine
        self.embedder = embedder
        self.options = options or GradingOptions()

    def grade(self, target: GradingTarget, answer: str) -> Grade:
        started = time.perf_counter()
        text, notes = self._within_budget(answer)
        unsupported = unsupported_language(text) if getattr(self.engine, "english_only", False) else None
        if unsupported is not None:
            return self._unscored(target, unsupported, notes, started)
        reason = self.screen(target, text)
        if reason is not None:
            return self._finish(target, Judged(_all_missed(target, reason), [], [reason]), text, notes, reason, started)
        try:
            judged = self.engine.judge(target, text)
            _complete(target, judged.judgments)
        except EngineFailure as exc:
            return self._unscored(target, str(exc), notes, started)
        return self._finish(target, judged, text, notes, "", started)

    def _within_budget(self, answer: str) -> tuple[str, list[str]]:
        """The answer as the engine reads it: whole, unless the engine has a token budget (a model's
        context), in which case the cut is said in the grade's notes, where the user sees it."""
        budget = getattr(self.engine, "token_budget", self.options.token_budget)
        if budget is None:
            return answer, []
        text, truncated = truncate_to_tokens(answer, budget)
        return text, [
            f"only the first {budget} tokens of the answer were graded (the rest was cut)"
        ] if truncated else []

    def screen(self, target: GradingTarget, answer: str) -> str | None:
        """Why the answer is graded low without judging it (empty, gibberish, far too short for its
        reference, nothing but the question repeated or instructions, off-topic), or None. An answer that
        names a rubric key term a person wrote is neither too short nor off-topic (`names_key_terms`):
        "By reference." answers "How are arrays passed to functions?" whole, however long the rubric's
        model answer."""
        key_terms = target.written_key_terms()
        named = names_key_terms(answer, key_terms)
        min_words = 1 if named else min_answer_words(target.reference_answer)
        reason = screen_text(answer, min_words, target.own_words())
        if reason is not None:
            return reason
        spans = evidence_spans(answer, target.asked(), self.embedder, key_terms)
        if (why := nothing_left(spans)) is not None:
            return why
        topics = [target.question_text, *(s for statements in target.statements() for s in statements)]
        if not named and off_topic(spans.vectors, topics, self.embedder, self.options.thresholds.off_topic):
            return "off-topic: nothing in the answer relates to the question or its rubric"
        return None

    def _provenance(self, target: GradingTarget, judged: Judged | None, started: float) -> Provenance:
        usage = judged.usage if judged else None
        return Provenance(
            engine=self.engine.name,
            model=self.engine.model,
            engine_version=self.engine.version,
            prompt_version=usage.prompt_version if usage else "",
            prompt_hash=usage.prompt_hash if usage else "",
            bank_hash=target.content_hash,
            temperature=usage.temperature if usage else None,
            seed=usage.seed if usage else None,
            samples=usage.samples if usage else 1,
            tokens_in=usage.tokens_in if usage else 0,
            tokens_out=usage.tokens_out if usage else 0,
            latency_s=round(time.perf_counter() - started, 4),
        )

    def _finish(
        self, target: GradingTarget, judged: Judged, answer: str, notes: list[str], reason: str, started: float
    ) -> Grade:
        checked = (check_evidence(j, answer) for j in _complete(target, judged.judgments))
        key_terms = target.written_key_terms()
        judgments = [admissible(j, target.asked(), key_terms) for j in checked]
        flags = [f for f in judged.red_flags if f.evidence and find_verbatim(f.evidence, answer)]
        score = compute_score([j.verdict for j in judgments], target.weights, [f.cost for f in flags])
        return Grade(
            question_id=target.question_id,
            status=GradeStatus.GRADED,
            reason=reason,
            judgments=judgments,
            red_flags=flags,
            score=score.value,
            band=score.band,
            band_label=score.label,
            feedback=build_feedback(target, judgments, flags),
            notes=notes + [n for n in judged.notes if n not in notes],
            uncertainty=judged.usage.uncertainty,
            provenance=self._provenance(target, judged, started),
        )

    def _unscored(self, target: GradingTarget, reason: str, notes: list[str], started: float) -> Grade:
        return Grade(
            question_id=target.question_id,
            status=GradeStatus.UNSCORED,
            reason=reason,
            notes=notes,
            provenance=self._provenance(target, None, started),
        )


def _all_missed(target: GradingTarget, reason: str) -> list[PointJudgment]:
    return [PointJudgment(point_id=p.id, verdict=Verdict.MISSED, rationale=reason) for p in target.points]


def _complete(target: GradingTarget, judgments: list[PointJudgment]) -> list[PointJudgment]:
    """One judgment per rubric point, in rubric order (engines are checked to give exactly these)."""
    by_id = {j.point_id: j for j in judgments}
    missing = [p.id for p in target.points if p.id not in by_id]
    if missing:
        raise EngineFailure(f"the engine gave no judgment for rubric point(s) {missing}")
    return [by_id[p.id] for p in target.points]


__all__ = ["Grader", "GradingOptions", "RedFlagHit"]
