"""Rubric arithmetic: the score is a pure function of verdicts, weights and red flags."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from interviewer.grading.types import Verdict

CREDIT: Mapping[Verdict, float] = {
    Verdict.MET: 1.0,
    Verdict.PARTIAL: 0.5,
    Verdict.MISSED: 0.0,
    Verdict.CONTRADICTED: 0.0,
}
BANDS: tuple[tuple[float, int, str], ...] = (
    (85.0, 5, "Excellent"),
    (70.0, 4, "Strong"),
    (50.0, 3, "Adequate"),
    (25.0, 2, "Weak"),
    (0.0, 1, "Poor"),
)


@dataclass(frozen=True)
class Score:
    value: float
    band: int
    label: str


def content_score(verdicts: Sequence[Verdict], weights: Sequence[float]) -> float:
    """Weighted credit of the rubric points, 0..100."""
    if len(verdicts) != len(weights):
        raise ValueError("one verdict per weight")
    total = sum(weights)
    if total <= 0:
        raise ValueError("rubric weights must sum to more than 0")
    return 100.0 * sum(CREDIT[v] * w for v, w in zip(verdicts, weights, strict=True)) / total


def band_of(score: float) -> tuple[int, str]:
    for threshold, band, label in BANDS:
        if score >= threshold:
            return band, label
    return BANDS[-1][1], BANDS[-1][2]


def compute_score(verdicts: Sequence[Verdict], weights: Sequence[float], red_flag_costs: Sequence[float] = ()) -> Score:
    """Content score minus red-flag costs, clipped to 0..100 and rounded to 0.1, with its band."""
    value = content_score(verdicts, weights) - sum(red_flag_costs)
    value = round(min(100.0, max(0.0, value)), 1)
    band, label = band_of(value)
    return Score(value, band, label)
