"""Answers the candidate takes back, against bank rubrics: for each bank question the judge never trained
on, its reference answer (every point stated) is taken back at the end ("Just kidding, none of that is
true."), sentence by sentence ("... Just kidding."), or for every other rubric claim in an answer of
the claims ("... Scratch that."). Fair: nothing taken back is credited, so 0 for the first two, and the
third scores as the answer of the claims it keeps. Prints the mean score and points credited with the
rule that leaves taken-back sentences out (`grading/retractions.py`) and without it.
Usage: python benchmarks/retractions.py [--all]  (--all: every bank question)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from unittest import mock

from reversed_claim import questions_and_grader

from interviewer.bank.models import Question
from interviewer.grading.grader import Grader
from interviewer.grading.target import target_from_question

Answer = tuple[str, str]  # (the answer graded, the answer that would be fair to grade it as; "" for 0)


def all_taken_back(question: Question) -> Answer:
    return question.reference_answer.strip() + "\n\nJust kidding, none of that is true.", ""


def each_taken_back(question: Question) -> Answer:
    one_line = " ".join(question.reference_answer.split())  # its line breaks fall inside sentences
    sentences = re.split(r"(?<=[.!?])\s+", one_line)
    return " ".join(f"{s} Just kidding." for s in sentences), ""


def half_taken_back(question: Question) -> Answer:
    claims = [p.claim.rstrip(".") + "." for p in question.rubric]
    graded = " ".join(f"{c} Scratch that." if i % 2 else c for i, c in enumerate(claims))
    return graded, " ".join(c for i, c in enumerate(claims) if not i % 2)


KINDS: dict[str, Callable[[Question], Answer]] = {
    "the whole answer taken back at the end": all_taken_back,
    "each sentence taken back": each_taken_back,
    "every other claim taken back": half_taken_back,
}


def _graded(grader: Grader, question: Question, text: str) -> tuple[float, int]:
    """Score (0 for an empty text or an unscored grade) and points credited (met or partial)."""
    if not text:
        return 0.0, 0
    grade = grader.grade(target_from_question(question), text)
    credited = sum(j.verdict.value in ("met", "partial") for j in grade.judgments or [])
    return grade.score or 0.0, credited


def row(grader: Grader, questions: list[Question], make: Callable[[Question], Answer]) -> tuple[float, float, float]:
    """Mean score, mean points credited, and the mean fair score."""
    scores, credited, fair = [], [], []
    for question in questions:
        graded, fair_text = make(question)
        score, points = _graded(grader, question, graded)
        scores.append(score)
        credited.append(points)
        fair.append(_graded(grader, question, fair_text)[0])
    n = len(questions)
    return sum(scores) / n, sum(credited) / n, sum(fair) / n


def main() -> None:
    questions, grader = questions_and_grader()
    print(
        "| answer | mean score, taken-back sentences left out | without the rule | points credited (with / without) | fair score |"
    )
    print("|---|---|---|---|---|")
    for name, make in KINDS.items():
        score, points, fair = row(grader, questions, make)
        with mock.patch("interviewer.grading.evidence_spans.spans_taken_back", lambda s: [False] * len(s)):
            old_score, old_points, _ = row(grader, questions, make)
        print(f"| {name} | {score:.1f} | {old_score:.1f} | {points:.1f} / {old_points:.1f} | {fair:.1f} |")


if __name__ == "__main__":
    main()
