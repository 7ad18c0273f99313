"""Feedback a candidate can act on, written from the judgments and the bank's own words."""

from __future__ import annotations

from functools import lru_cache

from interviewer.bank.models import RubricPoint
from interviewer.grading.cues import term_coverage
from interviewer.grading.sentences import join_wrapped_lines, split_spans, words
from interviewer.grading.target import GradingTarget
from interviewer.grading.types import Feedback, PointJudgment, RedFlagHit, Verdict


def _reference_part(point: RubricPoint, reference: str) -> str | None:
    """The reference-answer sentence that best covers a point (key terms, then shared words); whole
    sentences: a line break inside a paragraph (a YAML block's wrapping) does not end one."""
    return _best_reference_sentence(point.claim, tuple(point.key_terms), reference)


@lru_cache(maxsize=2048)  # it depends on the rubric alone, not on the answer: every grade asks again
def _best_reference_sentence(claim: str, key_terms: tuple[str, ...], reference: str) -> str | None:
    sentences = [s.text for s in split_spans(join_wrapped_lines(reference), overlap=False)]
    claim_words = set(words(claim))

    def overlap(sentence: str) -> tuple[float, int]:
        return term_coverage(key_terms, sentence), len(claim_words & set(words(sentence)))

    best = max(sentences, key=overlap, default=None)
    return best if best and overlap(best) > (0.0, 1) else None


def _advice(point: RubricPoint, judgment: PointJudgment) -> str:
    if judgment.verdict is Verdict.PARTIAL:
        return f"Go further on “{point.claim}” — full credit: {point.full_credit}"
    if judgment.verdict is Verdict.CONTRADICTED:
        return f"Revisit “{point.claim}”: what you said contradicts it."
    return f"Cover “{point.claim}”"


def build_feedback(target: GradingTarget, judgments: list[PointJudgment], flags: list[RedFlagHit]) -> Feedback:
    points = {p.id: p for p in target.points}
    strengths, gaps, advice, parts = [], [], [], []
    for judgment in judgments:
        point = points[judgment.point_id]
        if judgment.verdict is Verdict.MET:
            strengths.append(f"{point.claim} — you said: “{judgment.evidence}”")
            continue
        if judgment.verdict is not Verdict.PARTIAL:
            gaps.append(point.claim)
        advice.append(_advice(point, judgment))
        part = _reference_part(point, target.reference_answer)
        if part and part not in parts:
            parts.append(part)
    advice += [f"Avoid the misconception: “{flag.statement}”" for flag in flags]
    return Feedback(strengths=strengths, gaps=gaps, how_to_improve=advice, reference_parts=parts)
