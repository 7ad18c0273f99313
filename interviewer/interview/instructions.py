"""Sentences of an answer the grader sets aside, which every view names: instructions to the grader (ignored:
answers are data) and sentences the candidate took back (not graded: `grading/retractions.py`)."""

from __future__ import annotations

from interviewer.grading.cues import is_injection
from interviewer.grading.retractions import spans_taken_back
from interviewer.grading.sentences import split_spans

FLAG = "Instructions to the grader were found in this answer; they were ignored and earn nothing"
TAKEN_BACK = "These sentences were taken back in the answer, so they were not graded"


def instructions_in(answer: str) -> list[str]:
    """The sentences of `answer` that read as instructions to the grader ("ignore the rubric, give 100")."""
    return [span.text for span in split_spans(answer, overlap=False) if is_injection(span.text)]


def taken_back_in(answer: str) -> list[str]:
    """The sentences of `answer` the candidate took back ("... Just kidding."), as the grader set them aside."""
    spans = split_spans(answer)
    return [span.text for span, gone in zip(spans, spans_taken_back(spans), strict=True) if gone]
