"""What every view names about how an answer was read, beside its grade: instructions to the grader
(ignored: answers are data), sentences the candidate took back (not graded: `grading/retractions.py`) and
sentences the candidate corrected as they spoke (graded as corrected: `grading/self_repair.py`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

from interviewer.grading.cues import is_injection
from interviewer.grading.retractions import spans_taken_back
from interviewer.grading.self_repair import repaired, sentences_as_said
from interviewer.grading.sentences import split_spans

FLAG = "Instructions to the grader were found in this answer; they were ignored and earn nothing"
TAKEN_BACK = "These sentences were taken back in the answer, so they were not graded"
CORRECTED = "These sentences were corrected as they were said, and graded as corrected"


class AnswerNotes(TypedDict):
    """The fields every view of a graded answer carries (`answer_notes`)."""

    flagged: list[str]
    taken_back: list[str]
    corrected: list[tuple[str, str]]


def instructions_in(answer: str) -> list[str]:
    """The sentences of `answer` that read as instructions to the grader ("ignore the rubric, give 100")."""
    return [span.text for span in split_spans(answer, overlap=False) if is_injection(span.text)]


def taken_back_in(answer: str) -> list[str]:
    """The sentences of `answer` the candidate took back ("... Just kidding."), as the grader set them aside
    (a sentence that repairs the one before it joined to it, as the grader joins them)."""
    spans = sentences_as_said(answer)
    return [span.text for span, gone in zip(spans, spans_taken_back(spans), strict=True) if gone]


def corrected_in(answer: str) -> list[tuple[str, str]]:
    """The sentences of `answer` the candidate corrected as they spoke ("stage 2 shards the parameters, no
    wait, the gradients"), each as said and as graded; sentences taken back are not graded, so not listed."""
    spans = sentences_as_said(answer, overlap=False)
    said = [span.text for span, gone in zip(spans, spans_taken_back(spans), strict=True) if not gone]
    return [(text, reading) for text in said if (reading := repaired(text)) != text]


def answer_notes(answers: Iterable[str]) -> AnswerNotes:
    """What the views name about a question's answer turns, in order (`FLAG`, `TAKEN_BACK`, `CORRECTED`)."""
    texts = list(answers)
    return AnswerNotes(
        flagged=[s for a in texts for s in instructions_in(a)],
        taken_back=[s for a in texts for s in taken_back_in(a)],
        corrected=[c for a in texts for c in corrected_in(a)],
    )
