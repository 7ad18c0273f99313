"""The floors beside every agreement figure, and the within-question Pearson (pure arithmetic)."""

from __future__ import annotations

import pytest

from interviewer.evals.floors import FloorRow, answer_length, within_question_floors, within_question_pearson


def rows(scores: dict[str, list[float]]) -> list[FloorRow]:
    return [
        FloorRow(group, "the reference answer", " ".join(["word"] * (1 + n)), score)
        for group, values in scores.items()
        for n, score in enumerate(values)
    ]


def test_within_question_pearson_ignores_how_hard_each_question_is() -> None:
    data = rows({"easy": [0.8, 0.9, 1.0, 0.85, 0.95], "hard": [0.0, 0.1, 0.2, 0.05, 0.15]})
    # ranks each question's answers exactly as the humans did, but puts the hard question above the easy one
    values = [s + (2.0 if r.group == "hard" else 0.0) for r, s in zip(data, [r.score for r in data], strict=True)]
    assert within_question_pearson(values, data) == pytest.approx(1.0)


def test_questions_too_small_or_without_differing_scores_are_left_out() -> None:
    data = rows({"ranked": [0.0, 0.5, 1.0, 0.25, 0.75], "same": [1.0] * 5, "small": [0.0, 1.0]})
    values = [r.score if r.group == "ranked" else -r.score for r in data]
    assert within_question_pearson(values, data) == pytest.approx(1.0)
    assert within_question_pearson([0.0] * len(data), rows({"same": [1.0] * 5})) == 0.0


def test_the_floors_within_questions_include_answer_length() -> None:
    data = rows({"a": [0.0, 0.25, 0.5, 0.75, 1.0], "b": [1.0, 0.75, 0.5, 0.25, 0.0]})
    assert answer_length(data)[:2] == [1.0, 2.0]
    figures = within_question_floors(data, embedder=None)
    assert set(figures) == {"TF-IDF cosine", "answer length"}
    assert figures["answer length"] == pytest.approx(0.0)  # +1 in one question, -1 in the other
