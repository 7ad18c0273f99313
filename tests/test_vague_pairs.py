"""The hand-written vague texts (`train --vague`): every file matches the bank and covers each point, its
texts are *missed* (bad files, and how their pairs are made: `test_written_pairs.py`)."""

from __future__ import annotations

from interviewer.bank.models import Question
from interviewer.judge.labels import MISSED
from interviewer.judge.train.vague_pairs import FOLDER, KINDS, vague_texts


def test_every_vague_file_is_for_a_bank_question_and_covers_each_point(bank_questions: dict[str, Question]) -> None:
    assert KINDS == {"vague": MISSED}
    files = sorted(FOLDER.glob("*.yaml"))
    assert files, "no vague texts"
    for path in files:
        question = bank_questions[path.stem]
        claims = [claim for claim, _ in vague_texts(path, question)]
        assert {p.claim for p in question.rubric} <= set(claims), f"{path.name}: a point has no vague text"
