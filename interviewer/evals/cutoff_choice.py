"""Choosing the offline engine's bank-rubric cut-offs among fixed candidates, by cross-validation by
question (pure: no model, no I/O; `benchmarks/choose_cutoffs.py` grades the answers).

Every candidate set of cut-offs grades the same dev answers once. A dev answer has either a fair band
(written and gaming answers: the grade is right when it falls in the band) or a human share (exam
answers graded against rubrics written from their questions: agreement is Pearson's r per data set).
A candidate's objective on some questions is the mean of the parts those questions have: the share of
banded answers in band, pooled over every banded set, and per exam set its Pearson over all answers and
its mean Pearson within questions (a team grading one question ranks answers to that question; a
question whose answers all got one human grade, or one engine grade, has none and is left out). Folds are whole
questions; each fold's answers are read under the candidate the other folds choose, so the
cross-validated figure says what choosing the cut-offs this way is worth on questions it did not see.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from interviewer.evals.metrics import pearson
from interviewer.grading.calibration import Thresholds

Band = tuple[float, float] | str  # [low, high], or "unscored" (the fair grade is no score)
IN_USE = "in use"


@dataclass(frozen=True)
class DevAnswer:
    dataset: str
    question: str  # folds never split a question
    band: Band | None = None  # a fair band, or
    share: float | None = None  # the human grade as a share of its maximum

    def __post_init__(self) -> None:
        if (self.band is None) == (self.share is None):
            raise ValueError(f"{self.dataset}/{self.question}: a dev answer has a band or a human share, not both")


def one_at_a_time(in_use: Thresholds, moves: Mapping[str, Sequence[float]]) -> dict[str, Thresholds]:
    """The candidates: the cut-offs in use first (a tie keeps them), then each cut-off moved alone to each
    of its other values, named "<cut-off> <value>"."""
    moved = {
        f"{name} {value:g}": in_use.updated({name: value})
        for name, values in moves.items()
        for value in values
        if value != getattr(in_use, name)
    }
    return {IN_USE: in_use} | moved


def fold_of(question: str, folds: int) -> int:
    """Pure and stable across runs: the fold a question belongs to, by a hash of its name."""
    return int(hashlib.sha256(question.encode()).hexdigest()[:8], 16) % folds


def in_band(score: float | None, band: Band) -> bool:
    """The grade is what a fair grader gives: no score for "unscored", else a score in [low, high]."""
    if isinstance(band, str):
        return score is None
    return score is not None and band[0] <= score <= band[1]


def objective(answers: Sequence[DevAnswer], scores: Sequence[float | None]) -> tuple[float, dict[str, float]]:
    """The mean of the parts (banded answers in band, pooled; each exam set's Pearson, over all its answers
    and within its questions), and the parts. An exam answer left unscored (another language, say) is
    left out of its set's r, as `interviewer eval --asag` leaves it out and counts it apart; a banded
    answer left unscored is in band only where its band is "unscored"."""
    parts: dict[str, float] = {}
    banded = [in_band(s, a.band) for a, s in zip(answers, scores, strict=True) if a.band is not None]
    if banded:
        parts["in band"] = sum(banded) / len(banded)
    for dataset in sorted({a.dataset for a in answers if a.share is not None}):
        by_question: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
        for a, s in zip(answers, scores, strict=True):
            if a.dataset == dataset and s is not None:
                by_question[a.question][0].append(s)
                by_question[a.question][1].append(float(a.share or 0.0))
        graded = [g for pair in by_question.values() for g in pair[0]]
        human = [h for pair in by_question.values() for h in pair[1]]
        parts[dataset] = _pearson(graded, human) or 0.0
        defined = [r for r in (_pearson(*pair) for pair in by_question.values()) if r is not None]
        if defined:
            parts[f"{dataset} within"] = sum(defined) / len(defined)
    return (sum(parts.values()) / len(parts) if parts else 0.0), parts


def _pearson(graded: list[float], human: list[float]) -> float | None:
    """Pearson's r; None where it is undefined (under three answers, or a constant on either side)."""
    if len(graded) < 3 or len(set(graded)) < 2 or len(set(human)) < 2:
        return None
    r = pearson(graded, human)
    return None if math.isnan(r) else r


@dataclass(frozen=True)
class CrossValidated:
    chosen: list[str]  # per fold, the candidate the other folds chose
    scores: list[float | None]  # per answer, its grade under its fold's choice
    value: float  # the objective of those grades
    parts: dict[str, float]


def cross_validate(
    answers: Sequence[DevAnswer], graded: Mapping[str, Sequence[float | None]], folds: int
) -> CrossValidated:
    """Each fold's answers read under the candidate with the best objective on the other folds (the first
    listed wins a tie, so list the cut-offs in use first)."""
    fold = [fold_of(a.question, folds) for a in answers]
    chosen: list[str] = []
    scores: list[float | None] = [None] * len(answers)
    for f in range(folds):
        rest = [n for n, g in enumerate(fold) if g != f]
        best = max(graded, key=lambda c: objective([answers[n] for n in rest], [graded[c][n] for n in rest])[0])
        chosen.append(best)
        for n, g in enumerate(fold):
            if g == f:
                scores[n] = graded[best][n]
    value, parts = objective(answers, scores)
    return CrossValidated(chosen, scores, value, parts)
