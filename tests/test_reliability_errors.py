"""Expected bad input is one clear message and exit code 2 (argparse's usage error for bad options),
never a traceback: config files, counts, unwritable outputs, broken bank YAML, an offline interview
with an unusable chat model configured."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from interviewer.cli.main import main
from interviewer.interview.plan import InterviewPlan
from interviewer.interview.session import Session, SessionStatus
from interviewer.interview.store import SqlSessionStore

QUESTION = {
    "id": "q1",
    "text": "Why?",
    "bank": "mini",
    "subtopics": ["s"],
    "difficulty": "Easy",
    "type": "Technical",
    "reference_answer": "Because.",
    "rubric": [
        {"id": f"p{i}", "claim": f"Claim {i}.", "weight": 1, "full_credit": "All.", "partial_credit": "Some."}
        for i in range(3)
    ],
}


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def test_a_malformed_config_file_is_named_with_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "interviewer.toml"
    config.write_text('engine = "offline"\nchat_model = \n')
    monkeypatch.setenv("INTERVIEWER_CONFIG", str(config))
    assert main(["config"]) == 2
    assert f"error: {config}:2:14: invalid TOML" in _error(capsys)


def test_a_config_variable_naming_no_file_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INTERVIEWER_CONFIG", str(tmp_path / "typo.toml"))
    assert main(["config"]) == 2
    assert f"INTERVIEWER_CONFIG={tmp_path / 'typo.toml'}: no such file" in _error(capsys)
    monkeypatch.setenv("INTERVIEWER_CONFIG", "")  # empty: no config file, on purpose
    assert main(["config"]) == 0


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("--questions", "0", "0 is out of range"), ("--follow-ups", "-1", "out of range"), ("--questions", "x", "not a")],
)
def test_bad_counts_are_usage_errors(option: str, value: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["interview", option, value])
    assert exit_.value.code == 2 and message in _error(capsys)


def _session_db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'sessions.db'}"
    store = SqlSessionStore(url)
    plan = InterviewPlan(candidate="ada", questions=1)
    store.create(Session("s1", plan, SessionStatus.ACTIVE, (), None, "2026-01-01T00:00:00", "2026-01-01T00:00:00"))
    store.close()
    return url


def test_export_to_an_unwritable_path_is_one_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = _session_db(tmp_path)
    target = tmp_path / "no-such-folder" / "report.md"
    assert main(["sessions", "export", "s1", "--db", url, "-o", str(target)]) == 2
    assert f"error: {target}: cannot write: No such file or directory" in _error(capsys)
    assert main(["sessions", "export", "s1", "--db", url, "-o", str(tmp_path)]) == 2  # a folder
    assert "cannot write" in _error(capsys)


def test_a_batch_output_under_a_file_is_one_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"question_id": "fp16-vs-int8-inference", "answer": "fp16 is fast."}) + "\n")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert main(["grade", str(source), "-o", str(blocker / "out.jsonl")]) == 2
    assert _error(capsys).startswith("error: ")


def _bank(root: Path, question_text: str) -> Path:
    folder = root / "mini"
    folder.mkdir(parents=True)
    bank = {
        "id": "mini",
        "title": "Mini",
        "description": "d",
        "subtopics": [{"id": "s", "title": "S", "description": "d"}],
    }
    (folder / "bank.yaml").write_text(yaml.safe_dump(bank))
    (folder / "q1.yaml").write_text(question_text)
    return folder


def test_bank_yaml_syntax_errors_give_file_line_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = yaml.safe_dump(QUESTION, sort_keys=False).replace("text: Why?", "text: [Why?")
    folder = _bank(tmp_path, text)
    assert main(["bank", "validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{folder / 'q1.yaml'}:2:11: cannot read YAML: expected ',' or ']', but got '?'" in out


def test_a_duplicate_key_in_a_bank_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = yaml.safe_dump(QUESTION, sort_keys=False) + "difficulty: Hard\n"  # silently won before
    folder = _bank(tmp_path, text)
    assert main(["bank", "validate", str(tmp_path)]) == 1
    line = 1 + text.count("\n") - 1
    assert f"{folder / 'q1.yaml'}:{line}:1: cannot read YAML: duplicate key 'difficulty'" in capsys.readouterr().out


def test_an_offline_interview_never_needs_the_configured_chat_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INTERVIEWER_CHAT_MODEL", "openai:gpt-4o-mini")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("INTERVIEWER_OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("INTERVIEWER_OPENAI_BASE_URL", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("/quit\n"))
    url = f"sqlite:///{tmp_path / 'sessions.db'}"
    assert main(["interview", "--engine", "offline", "--questions", "1", "--db", url, "--seed", "1"]) == 0
    assert "Saved. Resume with" in capsys.readouterr().out
