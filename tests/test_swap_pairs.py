"""The hand-written swapped facts (`train --swaps`): every file matches the bank, covers each point and no
question the training holds out, swapped texts are *contradicted* and reordered ones *met*, grouped by
their question, a point without both kinds is an error naming it, and the option leaves every other
training pair as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.bank.models import Question
from interviewer.judge.labels import CONTRADICTED, MET
from interviewer.judge.train.pairs import held_out
from interviewer.judge.train.swap_pairs import FOLDER, KINDS, swap_pairs, swap_texts
from interviewer.judge.train.written_pairs import PASSAGE_WORDS, written_pairs


def test_every_swap_file_is_for_a_trained_bank_question_and_covers_each_point(
    bank_questions: dict[str, Question],
) -> None:
    files = sorted(FOLDER.glob("*.yaml"))
    assert files, "no swapped facts"
    for path in files:
        question = bank_questions[path.stem]
        assert not held_out(f"bank:{question.id}"), f"{path.name}: a held-out question"
        texts = swap_texts(path, question)
        for kind in KINDS:
            covered = {claim for claim, k, _ in texts if k == kind}
            assert {p.claim for p in question.rubric} <= covered, f"{path.name}: a point has no {kind} text"


def test_swapped_texts_are_contradicted_reordered_ones_met_and_passages_fit_the_judge(
    bank_questions: dict[str, Question],
) -> None:
    question = bank_questions[next(FOLDER.glob("*.yaml")).stem]
    pairs = swap_pairs([question])
    own = {(claim, text): KINDS[kind] for claim, kind, text in swap_texts(FOLDER / f"{question.id}.yaml", question)}
    assert {KINDS["swapped"], KINDS["reordered"]} == {CONTRADICTED, MET}
    singles = [p for p in pairs if p.source in ("written-swapped", "written-reordered")]
    assert {(p.point, p.answer): p.label for p in singles} == own
    assert {p.group for p in pairs} == {f"bank:{question.id}"}
    passages = [p for p in pairs if p.source.endswith("-passage")]
    assert passages and all(len(p.answer.split()) <= PASSAGE_WORDS for p in passages)
    for pair in passages:
        assert any(
            claim == pair.point and text in pair.answer and own[claim, text] == pair.label for claim, text in own
        )
    assert any(p.source.endswith("-spoken") for p in pairs) and any(p.source.endswith("-padded") for p in pairs)


def test_swap_pairs_leave_the_written_pairs_as_they_were(bank_questions: dict[str, Question]) -> None:
    questions = [bank_questions[next(FOLDER.glob("*.yaml")).stem]]
    before = written_pairs(questions)
    swap_pairs(questions)
    assert written_pairs(questions) == before


def test_a_point_without_reordered_texts_is_an_error_naming_the_field(
    tmp_path: Path, bank_questions: dict[str, Question]
) -> None:
    question = bank_questions["fp16-vs-int8-inference"]
    point = question.rubric[0].id
    path = tmp_path / f"{question.id}.yaml"
    path.write_text(f"question: {question.id}\npoints:\n  {point}:\n    swapped: [x, y]\n")
    with pytest.raises(ValueError, match=rf"points\.{point}\.reordered must be a list"):
        swap_texts(path, question)
