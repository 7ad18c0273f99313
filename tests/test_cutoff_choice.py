"""Choosing cut-offs by cross-validation by question (`evals/cutoff_choice.py`): pure functions."""

from __future__ import annotations

import pytest

from interviewer.evals.cutoff_choice import (
    IN_USE,
    DevAnswer,
    cross_validate,
    fold_of,
    in_band,
    objective,
    one_at_a_time,
)
from interviewer.grading.calibration import Thresholds


def test_the_candidates_are_the_cut_offs_in_use_then_each_moved_alone() -> None:
    in_use = Thresholds(met=0.75, partial=0.25)
    found = one_at_a_time(in_use, {"met": (0.7, 0.75, 0.8), "partial": (0.2,)})
    assert list(found) == [IN_USE, "met 0.7", "met 0.8", "partial 0.2"]  # 0.75 is the value in use
    assert found[IN_USE] == in_use
    assert found["met 0.8"] == Thresholds(met=0.8, partial=0.25)
    assert found["partial 0.2"] == Thresholds(met=0.75, partial=0.2)


def test_a_dev_answer_has_a_band_or_a_human_share_not_both() -> None:
    with pytest.raises(ValueError, match="mohler/q1"):
        DevAnswer("mohler", "q1", band=(0.0, 10.0), share=0.5)
    with pytest.raises(ValueError, match="band or a human share"):
        DevAnswer("mohler", "q1")


def test_unscored_is_in_band_only_when_no_score_is_given() -> None:
    assert in_band(None, "unscored")
    assert not in_band(40.0, "unscored")
    assert in_band(40.0, (30.0, 50.0))
    assert not in_band(None, (0.0, 100.0))


def test_the_objective_is_the_mean_of_the_band_share_and_each_exam_sets_pearson() -> None:
    answers = [
        DevAnswer("written", "a", band=(0.0, 10.0)),
        DevAnswer("written", "b", band=(80.0, 100.0)),
        DevAnswer("exam", "c", share=0.0),
        DevAnswer("exam", "c", share=0.5),
        DevAnswer("exam", "d", share=1.0),
    ]
    value, parts = objective(answers, [5.0, 50.0, 10.0, 40.0, 90.0])
    assert parts["in band"] == 0.5
    assert parts["exam"] == pytest.approx(0.9897, abs=1e-4)
    assert value == pytest.approx((0.5 + parts["exam"]) / 2)
    assert "exam within" not in parts  # no question has three answers


def test_within_questions_each_questions_pearson_is_averaged_where_it_is_defined() -> None:
    answers = [DevAnswer("exam", "a", share=s) for s in (0.0, 0.5, 1.0)]
    answers += [DevAnswer("exam", "b", share=s) for s in (0.0, 0.5, 1.0)]
    answers += [DevAnswer("exam", "c", share=1.0) for _ in range(3)]  # one human grade: no r
    _, parts = objective(answers, [0.0, 50.0, 100.0, 100.0, 50.0, 0.0, 20.0, 40.0, 60.0])
    assert parts["exam within"] == pytest.approx(0.0)  # +1 for a, -1 for b


def test_an_unscored_exam_answer_is_left_out_of_its_sets_pearson() -> None:
    answers = [DevAnswer("exam", q, share=s) for q, s in (("a", 0.0), ("b", 0.5), ("c", 1.0), ("d", 0.0))]
    _, without = objective(answers[:3], [0.0, 40.0, 100.0])
    _, unscored = objective(answers, [0.0, 40.0, 100.0, None])
    _, as_zero = objective(answers, [0.0, 40.0, 100.0, 0.0])
    assert unscored == without
    assert as_zero != without


def test_folds_are_stable_and_keep_a_question_whole() -> None:
    assert fold_of("zero-sharding-stages", 6) == fold_of("zero-sharding-stages", 6)
    assert {fold_of(f"q{n}", 6) for n in range(60)} == set(range(6))


def test_each_fold_is_read_under_the_candidate_the_other_folds_choose() -> None:
    """Candidate "high" grades every question in band but one; the fold holding that question still
    reads "high", chosen on the others, and pays for its one miss."""
    questions = [f"q{n}" for n in range(12)]
    answers = [DevAnswer("written", q, band=(50.0, 100.0)) for q in questions]
    graded: dict[str, list[float]] = {"in use": [40.0] * 12, "high": [60.0] * 11 + [40.0]}
    chosen = cross_validate(answers, graded, folds=3)
    assert chosen.chosen == ["high"] * 3
    assert chosen.scores == graded["high"]
    assert chosen.value == pytest.approx(11 / 12)


def test_a_tie_keeps_the_first_candidate() -> None:
    answers = [DevAnswer("written", f"q{n}", band=(0.0, 100.0)) for n in range(6)]
    chosen = cross_validate(answers, {"in use": [10.0] * 6, "moved": [20.0] * 6}, folds=2)
    assert chosen.chosen == ["in use", "in use"]
