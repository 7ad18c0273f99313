"""The bank schema: good files load; every kind of bad file is reported, all at once, with file and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from interviewer.bank.loader import collect_banks, load_banks
from interviewer.cli.main import main
from interviewer.errors import BankError

BANK = {
    "id": "demo",
    "title": "Demo",
    "description": "A demo bank.",
    "subtopics": [{"id": "s1", "title": "S1", "description": "d"}],
}


def good_question(qid: str = "q-one") -> dict[str, Any]:
    return {
        "id": qid,
        "text": "Why use bf16 for training?",
        "bank": "demo",
        "subtopics": ["s1"],
        "difficulty": "Easy",
        "type": "Technical",
        "reference_answer": "bf16 keeps fp32's exponent range, so loss scaling is unnecessary.",
        "rubric": [
            {"id": f"p{i}", "claim": f"claim {i}", "weight": 1, "full_credit": "f", "partial_credit": "p"}
            for i in range(3)
        ],
        "follow_ups": [{"text": "What about fp16?", "probes": ["p0"]}],
        "red_flags": [{"id": "r1", "statement": "bf16 has more mantissa bits", "cost": 10, "contradicts": "p1"}],
        "sources": [{"title": "BF16 whitepaper", "year": 2018, "url": "https://example.org/bf16"}],
    }


def write_bank(root: Path, questions: dict[str, Any]) -> Path:
    folder = root / "demo"
    folder.mkdir(parents=True)
    (folder / "bank.yaml").write_text(yaml.safe_dump(BANK))
    for name, content in questions.items():
        (folder / name).write_text(content if isinstance(content, str) else yaml.safe_dump(content))
    return folder


def test_good_bank_loads(tmp_path: Path) -> None:
    write_bank(tmp_path, {"q-one.yaml": good_question()})
    [bank] = load_banks(tmp_path)
    assert [q.id for q in bank.questions] == ["q-one"]
    assert bank.question("q-one").point("p1").claim == "claim 1"


def mutate(change: Any) -> dict[str, Any]:
    question = good_question()
    change(question)
    return question


BAD_CASES = [
    (lambda q: q.update(extra_field=1), "q-one.yaml: extra_field: Extra inputs are not permitted"),
    (lambda q: q["rubric"][2].update(weight=-1), "q-one.yaml: rubric[2].weight: Input should be greater than 0"),
    (
        lambda q: q.update(reference_answer="  "),
        "q-one.yaml: reference_answer: String should have at least 1 character",
    ),
    (
        lambda q: q["follow_ups"][0].update(probes=["nope"]),
        "q-one.yaml: follow_ups[0].probes[0]: unknown rubric point 'nope'",
    ),
    (lambda q: q["rubric"][1].update(id="p0"), "q-one.yaml: rubric[1].id: duplicate rubric point id 'p0'"),
    (lambda q: q.update(difficulty="Trivial"), "q-one.yaml: difficulty: Input should be 'Easy', 'Medium' or 'Hard'"),
    (
        lambda q: q.update(rubric=q["rubric"][:2]),
        "q-one.yaml: rubric: List should have at least 3 items after validation, not 2",
    ),
    (
        lambda q: q["red_flags"][0].update(contradicts="zz"),
        "q-one.yaml: red_flags[0].contradicts: unknown rubric point 'zz'",
    ),
    (lambda q: q.update(subtopics=["s9"]), "q-one.yaml: subtopics[0]: unknown subtopic 's9'"),
    (lambda q: q.update(id="other"), "q-one.yaml: id: 'other' must match the file name 'q-one'"),
    (lambda q: q["sources"][0].pop("url"), "q-one.yaml: sources[0]: Value error, a source needs a url or a citation"),
]


@pytest.mark.parametrize(("change", "expected"), BAD_CASES)
def test_each_kind_of_bad_file_is_named(tmp_path: Path, change: Any, expected: str) -> None:
    write_bank(tmp_path, {"q-one.yaml": mutate(change)})
    _, problems = collect_banks(tmp_path)
    assert any(p.endswith(expected) for p in problems), problems


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    bad = mutate(lambda q: (q["rubric"][0].update(weight=0), q.update(type="Vibes")))
    write_bank(tmp_path, {"q-one.yaml": bad, "q-two.yaml": "id: [unclosed", "q-three.yaml": good_question("q-three")})
    with pytest.raises(BankError) as raised:
        load_banks(tmp_path)
    text = str(raised.value)
    assert "q-one.yaml: rubric[0].weight" in text and "q-one.yaml: type" in text
    assert "q-two.yaml:1:14: cannot read YAML" in text  # file:line:column
    assert "q-three" not in text


def test_duplicate_question_ids_across_banks(tmp_path: Path) -> None:
    write_bank(tmp_path, {"q-one.yaml": good_question()})
    other = tmp_path / "other"
    other.mkdir()
    (other / "bank.yaml").write_text(yaml.safe_dump({**BANK, "id": "other"}))
    (other / "q-one.yaml").write_text(yaml.safe_dump({**good_question(), "bank": "other"}))
    _, problems = collect_banks(tmp_path)
    assert any("duplicate question id 'q-one'" in p for p in problems)


def test_cli_validate_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_bank(tmp_path, {"q-one.yaml": mutate(lambda q: q["rubric"][2].update(weight=0))})
    assert main(["bank", "validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"{folder / 'q-one.yaml'}: rubric[2].weight: Input should be greater than 0" in out
    assert main(["bank", "validate", str(tmp_path / "missing")]) == 2
    assert "no such file or directory" in capsys.readouterr().err


def test_repository_bank_is_valid() -> None:
    banks, problems = collect_banks(Path(__file__).resolve().parents[1] / "knowledge")
    assert problems == []
    assert sum(len(b.questions) for b in banks) >= 5
