"""The hand-written word salad and name-drops (`train --salad`): every file matches the bank and covers each
point with two salad texts and one name-drop, all *missed*; none is for a question a benchmark reads
answers to (bad files, and how their pairs are made: `test_written_pairs.py`)."""

from __future__ import annotations

from pathlib import Path

from interviewer.bank.models import Question
from interviewer.judge.labels import MISSED
from interviewer.judge.train.pairs import held_out
from interviewer.judge.train.salad_pairs import FOLDER, KINDS, salad_pairs
from interviewer.judge.train.written_pairs import point_texts

GAMING = Path(__file__).resolve().parents[1] / "benchmarks" / "gaming_answers"


def test_every_salad_file_is_for_a_bank_question_and_gives_each_point_two_salads_and_a_name_drop(
    bank_questions: dict[str, Question],
) -> None:
    assert KINDS == {"salad": MISSED, "name_drop": MISSED}
    files = sorted(FOLDER.glob("*.yaml"))
    assert files, "no word salad"
    for path in files:
        question = bank_questions[path.stem]
        for kind, count in (("salad", 2), ("name_drop", 1)):
            claims = [claim for claim, _, _ in point_texts(path, question, {kind: MISSED}, required=True)]
            assert sorted(claims) == sorted(count * [p.claim for p in question.rubric]), f"{path.name}: {kind}"


def test_no_salad_is_written_for_a_question_whose_answers_a_benchmark_reads() -> None:
    gaming = {path.stem for path in GAMING.glob("*/*.yaml")}
    assert gaming, "no outside gaming answers found"
    for path in FOLDER.glob("*.yaml"):
        assert not held_out(f"bank:{path.stem}"), f"{path.name} is a held-out question"
        assert path.stem not in gaming, f"{path.name} is a seed question of the outside gaming answers"


def test_salad_pairs_are_missed_alone_and_beside_another_points_text(bank_questions: dict[str, Question]) -> None:
    question = bank_questions[sorted(FOLDER.glob("*.yaml"))[0].stem]
    pairs = salad_pairs([question])
    assert {pair.label for pair in pairs} == {MISSED}
    sources = {pair.source for pair in pairs}
    assert {"written-salad-salad", "written-salad-name_drop", "written-salad-salad-passage"} <= sources
    assert all(pair.group == f"bank:{question.id}" for pair in pairs)
