"""Human-scored rows of questions worth different points (SAF: 0.5 to 3.5) are compared as shares of
each row's range, not as raw points (`AsagRow.share`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interviewer.errors import InputFileError
from interviewer.evals.asag import floor_row, grade_rows, read_rows
from interviewer.grading.grader import Grader

QUESTIONS = {
    "q-big": ("What does a prototype do?", "It simulates part of the product before it is built.", 3.5),
    "q-small": ("Why use a stack for recursion?", "Each call pushes its frame and returns pop it.", 0.5),
}


def _file(tmp_path: Path, rows: list[tuple[str, str, float]]) -> Path:
    lines = []
    for question_id, answer, score in rows:
        question, reference, most = QUESTIONS[question_id]
        lines.append(
            {"question_id": question_id, "question": question, "reference_answer": reference, "answer": answer}
            | {"score": score, "score_min": 0.0, "score_max": most}
        )
    path = tmp_path / "scored.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines))
    return path


def test_rows_worth_different_points_are_read_as_shares_of_their_range(tmp_path: Path, grader: Grader) -> None:
    path = _file(
        tmp_path,
        [
            ("q-big", "It simulates part of the product before we build it.", 3.5),
            ("q-big", "It simulates the product.", 1.75),
            ("q-small", "Every call pushes a frame, and returning pops it.", 0.5),
            ("q-small", "A loop.", 0.0),
        ],
    )
    result = grade_rows(grader, path, gaming=False)
    assert result.truth == [1.0, 0.5, 1.0, 0.0]  # raw points would be 3.5, 1.75, 0.5, 0.0
    assert [floor_row(row, None).score for row in read_rows(path)] == [1.0, 0.5, 1.0, 0.0]


def test_a_row_without_a_maximum_keeps_its_score(tmp_path: Path) -> None:
    path = tmp_path / "scored.jsonl"
    path.write_text(json.dumps({"question": "Q?", "reference_answer": "R.", "answer": "A.", "score": 4.0}))
    assert read_rows(path)[0].share == 4.0


def test_a_score_outside_its_range_names_the_line(tmp_path: Path) -> None:
    path = _file(tmp_path, [("q-small", "A loop.", 0.0), ("q-small", "Pushes and pops.", 1.5)])
    with pytest.raises(InputFileError, match=r"scored\.jsonl: line 2: .*outside score_min\.\.score_max"):
        read_rows(path)
