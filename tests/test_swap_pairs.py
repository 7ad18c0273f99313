"""The hand-written swapped facts (`train --swaps`): every file matches the bank, covers each point and no
question the training holds out, swapped texts are *contradicted* and reordered ones *met* (bad files,
and how their pairs are made: `test_written_pairs.py`)."""

from __future__ import annotations

from interviewer.bank.models import Question
from interviewer.judge.labels import CONTRADICTED, MET
from interviewer.judge.train.pairs import held_out
from interviewer.judge.train.swap_pairs import FOLDER, KINDS, swap_texts


def test_every_swap_file_is_for_a_trained_bank_question_and_covers_each_point(
    bank_questions: dict[str, Question],
) -> None:
    assert KINDS == {"swapped": CONTRADICTED, "reordered": MET}
    files = sorted(FOLDER.glob("*.yaml"))
    assert files, "no swapped facts"
    for path in files:
        question = bank_questions[path.stem]
        assert not held_out(f"bank:{question.id}"), f"{path.name}: a held-out question"
        texts = swap_texts(path, question)
        for kind in KINDS:
            covered = {claim for claim, k, _ in texts if k == kind}
            assert {p.claim for p in question.rubric} <= covered, f"{path.name}: a point has no {kind} text"
