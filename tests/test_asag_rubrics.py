"""A human-scored file graded against rubrics of one's own (`eval --asag FILE --rubrics YAML`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from interviewer.cli.main import main
from interviewer.errors import InputFileError
from interviewer.evals.asag_rubrics import missing_rubrics, read_rubrics

RUBRICS = {
    "q1": {
        "reference_answer": "A prototype simulates part of the product before it is built.",
        "points": [
            {
                "id": "simulates-product",
                "claim": "A prototype simulates the behaviour of part of the final product.",
                "weight": 2,
                "full_credit": "Says the prototype imitates the final software's behaviour.",
                "partial_credit": "Calls it an early version without saying it imitates the product.",
                "key_terms": ["simulate|imitate|model", "product|software"],
            },
            {
                "id": "early-feedback",
                "claim": "A prototype lets users give feedback early so the requirements can be refined.",
                "weight": 1,
                "full_credit": "Says it is used to get feedback and refine requirements early.",
                "partial_credit": "Says it is shown to users.",
            },
        ],
    }
}


def _scored_file(tmp_path: Path, question_id: str = "q1") -> Path:
    rows = [
        {"question_id": question_id, "question": "What is the role of a prototype?", "answer": answer, "score": score}
        | {"reference_answer": "To simulate the behaviour of portions of the desired software product."}
        for answer, score in [
            (
                "A prototype simulates how part of the final software product behaves, and users give early "
                "feedback on it so the requirements can be refined.",
                5.0,
            ),
            ("A prototype simulates how part of the final software product behaves.", 3.5),
            ("A for loop repeats a block of statements a fixed number of times.", 0.0),
        ]
    ]
    path = tmp_path / "scored.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return path


def test_a_scored_file_is_graded_against_its_rubric_points(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rubrics = tmp_path / "rubrics.yaml"
    rubrics.write_text(yaml.safe_dump(RUBRICS), encoding="utf-8")
    assert main(["eval", "--asag", str(_scored_file(tmp_path)), "--rubrics", str(rubrics)]) == 0
    out = capsys.readouterr().out
    assert "scored.jsonl: 3 answers" in out and "Pearson" in out and "floors (Pearson)" in out
    pearson = float(out.split("Pearson ")[1].split(",")[0])
    assert pearson > 0.5  # both points, one point, off-topic: graded in that order


def test_a_row_whose_question_has_no_rubric_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rubrics = tmp_path / "rubrics.yaml"
    rubrics.write_text(yaml.safe_dump(RUBRICS), encoding="utf-8")
    assert main(["eval", "--asag", str(_scored_file(tmp_path, "q9")), "--rubrics", str(rubrics)]) != 0
    assert "scored.jsonl: no rubric for question_id q9" in capsys.readouterr().err


def test_a_malformed_rubric_names_the_file_the_question_and_the_field(tmp_path: Path) -> None:
    point = {"id": "p", "claim": "A claim.", "weight": -1, "full_credit": "All.", "partial_credit": "Some."}
    broken = {"q1": {"points": [point]}}
    path = tmp_path / "rubrics.yaml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    with pytest.raises(InputFileError, match=r"rubrics.yaml: question q1: points.0.weight"):
        read_rubrics(path)


def test_missing_rubrics_lists_each_question_once_in_order(tmp_path: Path) -> None:
    path = tmp_path / "rubrics.yaml"
    path.write_text(yaml.safe_dump(RUBRICS), encoding="utf-8")
    assert missing_rubrics(["q2", "q1", None, "q2"], read_rubrics(path)) == ["q2", "(no question_id)"]


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rubrics.yaml"
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="expected a mapping from question_id to a rubric"):
        read_rubrics(path)


@pytest.mark.parametrize(
    ("name", "questions"),
    [("saf_train.yaml", 26), ("scientsbank_train_heldout.yaml", 23), ("beetle_train_heldout.yaml", 12)],
)
def test_the_shipped_rubrics_of_ones_own_give_each_question_its_own_points(name: str, questions: int) -> None:
    """`benchmarks/own_rubrics/` (written from the question texts alone) loads: every question, 1-4 points
    each, point ids unique within a question, every point with key terms."""
    rubrics = read_rubrics(Path(__file__).parents[1] / "benchmarks" / "own_rubrics" / name)
    assert len(rubrics) == questions
    for question_id, rubric in rubrics.items():
        ids = [p.id for p in rubric.points]
        assert 1 <= len(ids) <= 4 and len(set(ids)) == len(ids), question_id
        assert all(p.key_terms for p in rubric.points), question_id
