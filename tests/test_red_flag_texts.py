"""The hand-written red-flag texts `benchmarks/red_flags.py` reads: one file per bank question the judge
never trained on, covering each of its red flags with texts stating, rejecting and beside the misconception."""

from __future__ import annotations

from pathlib import Path

import yaml

from interviewer.bank.models import Question
from interviewer.judge.train.pairs import held_out

TEXTS = Path(__file__).resolve().parents[1] / "benchmarks" / "red_flag_texts"
COUNTS = {"states": 4, "rejects": 3, "related": 2}


def test_every_red_flag_text_file_covers_a_held_out_questions_red_flags(bank_questions: dict[str, Question]) -> None:
    files = sorted(TEXTS.glob("*.yaml"))
    held = sorted(q.id for q in bank_questions.values() if held_out(f"bank:{q.id}") and q.red_flags)
    assert [f.stem for f in files] == held
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        question = bank_questions[data["question"]]
        assert path.stem == question.id
        assert list(data["flags"]) == [f.id for f in question.red_flags], path.name
        for flag_id, kinds in data["flags"].items():
            assert {k: len(v) for k, v in kinds.items()} == COUNTS, f"{path.name}: {flag_id}"
            assert all(isinstance(t, str) and len(t.split()) >= 8 for v in kinds.values() for t in v), flag_id
