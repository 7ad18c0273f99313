"""The hand-written vague texts (`train --vague`): every file matches the bank and covers each point, every
pair is *missed* and grouped by its question, a point without vague texts is an error naming it (other
bad files: `test_written_pairs.py`), and the option leaves every other training pair as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.bank.models import Question
from interviewer.judge.labels import MISSED
from interviewer.judge.train.vague_pairs import FOLDER, vague_pairs, vague_texts
from interviewer.judge.train.written_pairs import PASSAGE_WORDS, written_pairs


def test_every_vague_file_is_for_a_bank_question_and_covers_each_point(bank_questions: dict[str, Question]) -> None:
    files = sorted(FOLDER.glob("*.yaml"))
    assert files, "no vague texts"
    for path in files:
        question = bank_questions[path.stem]
        claims = [claim for claim, _ in vague_texts(path, question)]
        assert {p.claim for p in question.rubric} <= set(claims), f"{path.name}: a point has no vague text"


def test_vague_pairs_are_missed_grouped_by_question_and_passages_stay_within_the_judges_length(
    bank_questions: dict[str, Question],
) -> None:
    questions = [bank_questions["fp16-vs-int8-inference"], bank_questions["zero-sharding-stages"]]
    pairs = vague_pairs(questions)
    own = {(claim, text) for q in questions for claim, text in vague_texts(FOLDER / f"{q.id}.yaml", q)}
    assert {p.label for p in pairs} == {MISSED}
    assert {p.group for p in pairs} == {f"bank:{q.id}" for q in questions}
    singles = [p for p in pairs if p.source == "written-vague"]
    assert {(p.point, p.answer) for p in singles} == own
    passages = [p for p in pairs if p.source == "written-vague-passage"]
    assert passages and all(len(p.answer.split()) <= PASSAGE_WORDS for p in passages)
    for pair in passages:
        assert any(claim == pair.point and text in pair.answer for claim, text in own)
    assert {p.source for p in pairs} >= {"written-vague-spoken", "written-vague-padded"}


def test_vague_pairs_leave_the_written_pairs_as_they_were(bank_questions: dict[str, Question]) -> None:
    questions = [bank_questions["fp16-vs-int8-inference"]]
    before = written_pairs(questions)
    vague_pairs(questions)
    assert written_pairs(questions) == before


def test_a_point_without_vague_texts_is_an_error_naming_the_field(
    tmp_path: Path, bank_questions: dict[str, Question]
) -> None:
    question = bank_questions["fp16-vs-int8-inference"]
    point = question.rubric[0].id
    path = tmp_path / f"{question.id}.yaml"
    path.write_text(f"question: {question.id}\npoints:\n  {point}:\n    paraphrases: [x]\n")
    with pytest.raises(ValueError, match=rf"points\.{point}\.vague must be a list"):
        vague_texts(path, question)
