"""The hand-written wrong ways (`train --wrong-ways`): every file matches the bank and covers each point with
two texts, every pair is *contradicted* and grouped by its question, a point without wrong texts is an
error naming it, and the option leaves every other training pair as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.bank.models import Question
from interviewer.judge.labels import CONTRADICTED
from interviewer.judge.train.written_pairs import PASSAGE_WORDS, point_texts, written_pairs
from interviewer.judge.train.wrong_way_pairs import FOLDER, KINDS, wrong_way_pairs


def test_every_wrong_ways_file_is_for_a_bank_question_and_gives_each_point_two(
    bank_questions: dict[str, Question],
) -> None:
    files = sorted(FOLDER.glob("*.yaml"))
    assert files, "no wrong ways"
    for path in files:
        question = bank_questions[path.stem]
        claims = [claim for claim, _, _ in point_texts(path, question, KINDS, required=True)]
        assert sorted(claims) == sorted(2 * [p.claim for p in question.rubric]), f"{path.name}: not two per point"


def test_wrong_ways_are_contradicted_grouped_by_question_and_passages_fit_the_judge(
    bank_questions: dict[str, Question],
) -> None:
    questions = [bank_questions["canary-rollout-strategy"], bank_questions["zero-sharding-stages"]]
    pairs = wrong_way_pairs(questions)
    own = {(claim, text) for q in questions for claim, _, text in point_texts(FOLDER / f"{q.id}.yaml", q, KINDS)}
    assert {p.label for p in pairs} == {CONTRADICTED}
    assert {p.group for p in pairs} == {f"bank:{q.id}" for q in questions}
    assert {(p.point, p.answer) for p in pairs if p.source == "written-ways-wrong"} == own
    passages = [p for p in pairs if p.source == "written-ways-wrong-passage"]
    assert passages and all(len(p.answer.split()) <= PASSAGE_WORDS for p in passages)
    for pair in passages:
        assert any(claim == pair.point and text in pair.answer for claim, text in own)
    assert {p.source for p in pairs} >= {"written-ways-wrong-spoken", "written-ways-wrong-padded"}


def test_wrong_way_pairs_leave_the_written_pairs_as_they_were(bank_questions: dict[str, Question]) -> None:
    questions = [bank_questions["fp16-vs-int8-inference"]]
    before = written_pairs(questions)
    wrong_way_pairs(questions)
    assert written_pairs(questions) == before


def test_a_point_without_wrong_ways_is_an_error_naming_the_field(
    tmp_path: Path, bank_questions: dict[str, Question]
) -> None:
    question = bank_questions["fp16-vs-int8-inference"]
    point = question.rubric[0].id
    path = tmp_path / f"{question.id}.yaml"
    path.write_text(f"question: {question.id}\npoints:\n  {point}:\n    paraphrases: [x]\n")
    with pytest.raises(ValueError, match=rf"points\.{point}\.wrong must be a list"):
        wrong_way_pairs([question], folder=tmp_path)
