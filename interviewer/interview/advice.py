"""What a candidate reads about one question, in plain language: the score and band, what they did well
(quoted from their answer), the few gaps worth most (one sentence each, with whole sentences of the
reference answer), and one thing to practise. No rubric ids, weights or internal numbers: those are
for the coach view and the exports."""

from __future__ import annotations

import re
from dataclasses import dataclass

from interviewer.bank.models import Question, RubricPoint
from interviewer.grading.cues import term_coverage
from interviewer.grading.sentences import words
from interviewer.grading.types import PointJudgment, Verdict
from interviewer.interview.excerpts import paragraphs
from interviewer.interview.instructions import answer_notes
from interviewer.interview.results import QuestionResult

MOST = 3
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'`])")


@dataclass(frozen=True)
class Strength:
    claim: str
    quote: str


@dataclass(frozen=True)
class Gap:
    sentence: str
    excerpt: str | None


@dataclass(frozen=True)
class QuestionAdvice:
    index: int
    question: str
    score: float | None
    band: int | None
    band_label: str
    unscored_reason: str
    strengths: list[Strength]
    gaps: list[Gap]
    practise: str
    flagged: list[str]
    taken_back: list[str]
    corrected: list[tuple[str, str]]  # (as said, as graded)


def reference_sentences(reference: str) -> list[str]:
    """The reference answer as whole sentences (line wraps joined, bullet items kept whole)."""
    return [s for block in paragraphs(reference) for s in _SENTENCE.split(block) if s.strip()]


def reference_excerpt(point: RubricPoint, reference: str) -> str | None:
    """The reference sentence that best covers `point` (its key terms, then words shared with its claim)."""
    claim = set(words(point.claim))

    def overlap(sentence: str) -> tuple[float, int]:
        return term_coverage(point.key_terms, sentence), len(claim & set(words(sentence)))

    best = max(reference_sentences(reference), key=overlap, default=None)
    return best if best is not None and overlap(best) > (0.0, 1) else None


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def gap_sentence(point: RubricPoint, verdict: Verdict) -> str:
    claim = point.claim.strip().rstrip(".")
    if verdict is Verdict.PARTIAL:
        return _sentence(f"You were on the way, but did not quite get there: {claim}")
    if verdict is Verdict.CONTRADICTED:
        return _sentence(f"What you said goes against this: {claim}")
    return _sentence(f"Missing from your answer: {claim}")


def _by_weight(result: QuestionResult, verdicts: set[Verdict]) -> list[tuple[RubricPoint, PointJudgment]]:
    rubric = {p.id: p for p in result.question.rubric}
    chosen = [(rubric[j.point_id], j) for j in result.grade.judgments if j.verdict in verdicts]
    return sorted(chosen, key=lambda pj: -pj[0].weight)


def practise_line(question: Question, gaps: list[tuple[RubricPoint, PointJudgment]]) -> str:
    """One concrete exercise: answer the bank's follow-up on the gap worth most, else a harder question."""
    if not gaps:
        topic = question.subtopics[0].replace("-", " ")
        return f"Try a harder question on {topic}, and time yourself: aim for a complete answer in two minutes."
    point = gaps[0][0]
    probe = next((f.text for f in question.follow_ups if point.id in f.probes), None)
    if probe:
        return f"Say your answer to this out loud, in under a minute: “{probe}”"
    return f"Explain this out loud in two or three sentences, with an example: {point.claim.strip().rstrip('.')}."


def _distinct(strengths: list[Strength]) -> list[Strength]:
    """Each quote once: a quote inside another one already kept (or the same) is left out."""
    kept: list[Strength] = []
    for strength in strengths:
        if not any(strength.quote in k.quote or k.quote in strength.quote for k in kept):
            kept.append(strength)
    return kept


def question_advice(result: QuestionResult) -> QuestionAdvice:
    grade, question = result.grade, result.question
    met = [(p, j) for p, j in _by_weight(result, {Verdict.MET, Verdict.PARTIAL}) if j.evidence]
    strengths = _distinct([Strength(p.claim, j.evidence or "") for p, j in met])[:MOST]
    open_points = _by_weight(result, {Verdict.MISSED, Verdict.CONTRADICTED, Verdict.PARTIAL})
    gaps = [Gap(gap_sentence(p, j.verdict), reference_excerpt(p, question.reference_answer)) for p, j in open_points]
    return QuestionAdvice(
        index=result.index,
        question=question.text,
        score=grade.score,
        band=grade.band,
        band_label=grade.band_label,
        unscored_reason="" if result.graded else grade.reason,
        strengths=strengths,
        gaps=gaps[:MOST],
        practise=practise_line(question, open_points) if result.graded else "",
        **answer_notes(t.answer for t in result.turns),
    )
