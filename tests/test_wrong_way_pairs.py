"""The hand-written wrong ways (`train --wrong-ways`): every file matches the bank and covers each point with
two texts, which are *contradicted* (bad files, and how their pairs are made: `test_written_pairs.py`)."""

from __future__ import annotations

from interviewer.bank.models import Question
from interviewer.judge.labels import CONTRADICTED
from interviewer.judge.train.written_pairs import point_texts
from interviewer.judge.train.wrong_way_pairs import FOLDER, KINDS


def test_every_wrong_ways_file_is_for_a_bank_question_and_gives_each_point_two(
    bank_questions: dict[str, Question],
) -> None:
    assert KINDS == {"wrong": CONTRADICTED}
    files = sorted(FOLDER.glob("*.yaml"))
    assert files, "no wrong ways"
    for path in files:
        question = bank_questions[path.stem]
        claims = [claim for claim, _, _ in point_texts(path, question, KINDS, required=True)]
        assert sorted(claims) == sorted(2 * [p.claim for p in question.rubric]), f"{path.name}: not two per point"
