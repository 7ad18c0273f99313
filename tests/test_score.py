"""The rubric arithmetic, table-driven: same verdicts in, same score out."""

from __future__ import annotations

import pytest

from interviewer.grading.score import band_of, compute_score, content_score
from interviewer.grading.types import Verdict

M, P, X, C = Verdict.MET, Verdict.PARTIAL, Verdict.MISSED, Verdict.CONTRADICTED

TABLE = [
    # verdicts, weights, red-flag costs, score, band, label
    ([M, M, M], [1, 1, 1], [], 100.0, 5, "Excellent"),
    ([X, X, X], [1, 1, 1], [], 0.0, 1, "Poor"),
    ([M, P, X], [1, 1, 1], [], 50.0, 3, "Adequate"),
    ([M, X, X], [3, 1, 1], [], 60.0, 3, "Adequate"),
    ([M, M, P], [2, 2, 1], [], 90.0, 5, "Excellent"),
    ([M, M, C], [1, 1, 1], [10], 56.7, 3, "Adequate"),
    ([C, X, X], [1, 1, 1], [15], 0.0, 1, "Poor"),
    ([M, M, M, P], [1, 1, 1, 1], [], 87.5, 5, "Excellent"),
    ([M, P, P, X], [2, 1, 1, 1], [], 60.0, 3, "Adequate"),
    ([M, M, X, X], [1, 1, 1, 1], [], 50.0, 3, "Adequate"),
    ([P, P, P, X], [1, 1, 1, 1], [], 37.5, 2, "Weak"),
    ([M, M, M, X], [1, 1, 1, 1], [5], 70.0, 4, "Strong"),
]


@pytest.mark.parametrize(("verdicts", "weights", "costs", "score", "band", "label"), TABLE)
def test_score_table(
    verdicts: list[Verdict], weights: list[float], costs: list[float], score: float, band: int, label: str
) -> None:
    result = compute_score(verdicts, weights, costs)
    assert (result.value, result.band, result.label) == (score, band, label)


@pytest.mark.parametrize(
    ("score", "band"),
    [(100, 5), (85, 5), (84.9, 4), (70, 4), (69.9, 3), (50, 3), (49.9, 2), (25, 2), (24.9, 1), (0, 1)],
)
def test_band_edges(score: float, band: int) -> None:
    assert band_of(score)[0] == band


def test_bad_inputs_are_rejected() -> None:
    with pytest.raises(ValueError):
        content_score([M], [1, 1])
    with pytest.raises(ValueError):
        content_score([], [])
