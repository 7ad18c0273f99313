"""`bank import` never destroys a bank: reserved ids, no silent overwrite, all-or-nothing writes, no
silent default into the repository's own knowledge folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from interviewer.bank.importer import import_questions
from interviewer.bank.loader import collect_banks, load_banks
from interviewer.cli.main import main
from interviewer.config import REPO_ROOT
from interviewer.errors import BankError

REFERENCE = (
    "The KV cache stores the keys and values of every past token for every layer. "
    "It grows linearly with the sequence length and with the batch size. "
    "Paging the cache in fixed-size blocks avoids fragmentation and lets requests share prefixes."
)
RUBRIC = ["The cache holds keys and values.", "It grows with sequence length.", "Paging avoids fragmentation."]


def _row(question: str, **extra: object) -> dict[str, object]:
    row = {"question": question, "reference_answer": REFERENCE, "difficulty": "Easy", "type": "Technical"}
    return {**row, "subtopic": "training", "rubric": RUBRIC, **extra}


def _jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """A copy of the repository's first bank (64 questions) in a knowledge folder of its own."""
    root = tmp_path / "kb"
    shutil.copytree(REPO_ROOT / "knowledge" / "trade-offs", root / "trade-offs")
    return root


def _bank_size(root: Path) -> int:
    return sum(len(b.questions) for b in load_banks(root))


def test_a_row_with_id_bank_is_refused_and_the_bank_survives(knowledge: Path, tmp_path: Path) -> None:
    folder = knowledge / "trade-offs"
    before, count = (folder / "bank.yaml").read_bytes(), _bank_size(knowledge)
    subtopic = load_banks(knowledge)[0].bank.subtopics[0].id
    rows = [
        _row("A question whose id is the bank file?", id="bank", subtopic=subtopic),
        _row("Bank?", subtopic=subtopic),
    ]
    path = _jsonl(tmp_path / "hostile.jsonl", rows)
    code = main(["bank", "import", str(path), "--out", str(knowledge), "--bank", "trade-offs"])
    assert code == 1  # row 1 is a bad row; row 2 is imported under another id
    assert (folder / "bank.yaml").read_bytes() == before
    assert _bank_size(knowledge) == count + 1
    assert (folder / "bank-2.yaml").is_file()
    assert main(["bank", "validate", str(knowledge)]) == 0


def test_reserved_id_is_a_row_problem(tmp_path: Path) -> None:
    report = import_questions(_jsonl(tmp_path / "new.jsonl", [_row("Anything?", id="bank")]), tmp_path / "kb")
    assert [str(p) for p in report.problems] == ["row 1: id: 'bank' is reserved (the bank's own file)"]
    assert not (tmp_path / "kb").exists()


def test_an_existing_question_is_replaced_only_with_overwrite(knowledge: Path, tmp_path: Path) -> None:
    folder = knowledge / "trade-offs"
    loaded = load_banks(knowledge)[0]
    victim = loaded.questions[0]
    original = (folder / f"{victim.id}.yaml").read_bytes()
    subtopic = victim.subtopics[0]
    path = _jsonl(tmp_path / "edit.jsonl", [_row("A reworded question?", id=victim.id, subtopic=subtopic)])
    report = import_questions(path, knowledge, bank_id="trade-offs")
    assert [q.id for q in report.questions] == [f"{victim.id}-2"]
    assert (folder / f"{victim.id}.yaml").read_bytes() == original
    report = import_questions(path, knowledge, bank_id="trade-offs", overwrite=True)
    assert not report.questions  # the same text is already in the bank, as the -2 copy
    again = _jsonl(tmp_path / "edit2.jsonl", [_row("Reworded again?", id=victim.id, subtopic=subtopic)])
    report = import_questions(again, knowledge, bank_id="trade-offs", overwrite=True)
    assert [q.id for q in report.questions] == [victim.id]
    assert load_banks(knowledge)[0].question(victim.id).text == "Reworded again?"


def test_a_folder_that_is_not_a_bank_is_left_alone(tmp_path: Path) -> None:
    notes = tmp_path / "kb" / "notes"
    notes.mkdir(parents=True)
    (notes / "todo.yaml").write_text("keep: me\n")
    with pytest.raises(BankError, match="is not a bank"):
        import_questions(_jsonl(tmp_path / "notes.jsonl", [_row("Anything?")]), tmp_path / "kb")
    assert _snapshot(notes) == {"todo.yaml": b"keep: me\n"}


def test_an_import_that_would_break_the_bank_writes_nothing(tmp_path: Path) -> None:
    """A bank folder whose bank.yaml names another bank: every new question would be invalid there."""
    folder = tmp_path / "kb" / "serving"
    folder.mkdir(parents=True)
    bank = {
        "id": "other",
        "title": "T",
        "description": "d",
        "subtopics": [{"id": "training", "title": "T", "description": "d"}],
    }
    (folder / "bank.yaml").write_text(yaml.safe_dump(bank))
    before = _snapshot(folder)
    path = _jsonl(tmp_path / "serving.jsonl", [_row("First question?"), _row("Second question?")])
    with pytest.raises(BankError, match="nothing was written"):
        import_questions(path, tmp_path / "kb")
    assert _snapshot(folder) == before
    assert [p.name for p in (tmp_path / "kb").iterdir()] == ["serving"]  # no staging folder left behind


def test_import_without_out_never_writes_into_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("INTERVIEWER_KNOWLEDGE_DIR", raising=False)
    monkeypatch.setenv("INTERVIEWER_CONFIG", "")  # no config file: knowledge_dir is the built-in default
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in (REPO_ROOT / "knowledge").iterdir())
    path = _jsonl(tmp_path / "mine.jsonl", [_row("My own question?")])
    assert main(["bank", "import", str(path)]) == 2
    assert "give --out FOLDER" in capsys.readouterr().err
    assert sorted(p.name for p in (REPO_ROOT / "knowledge").iterdir()) == before
    monkeypatch.setenv("INTERVIEWER_KNOWLEDGE_DIR", str(tmp_path / "configured"))
    assert main(["bank", "import", str(path)]) == 0
    banks, problems = collect_banks(tmp_path / "configured")
    assert [b.bank.id for b in banks] == ["mine"] and not problems


def test_a_file_without_a_needed_column_is_one_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "answers.csv"
    path.write_text("id,answer\n1,fp16 is fast\n2,int8 is smaller\n", encoding="utf-8")
    assert main(["bank", "import", str(path), "--out", str(tmp_path / "kb")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no question or text, no reference_answer" in err
    assert not (tmp_path / "kb").exists()
