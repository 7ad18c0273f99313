"""The CLI's config, search and show commands, and its one-line errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from interviewer.cli.main import main


def test_config_masks_secrets(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("INTERVIEWER_OPENAI_API_KEY", "sk-very-secret-key-123")
    monkeypatch.setenv("INTERVIEWER_CHROMA_URL", "http://127.0.0.1:8000")
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "very-secret" not in out and "sk-…****" in out
    assert "http://127.0.0.1:8000" in out


def test_invalid_setting_is_one_line_error(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("INTERVIEWER_TOKEN_BUDGET", "-5")
    assert main(["config"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: invalid configuration") and "token_budget" in err and "Traceback" not in err


@pytest.mark.usefixtures("bank_in_default_data_dir")
def test_search_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "search", "which ZeRO stage shards parameters", "-k", "3", "--difficulty", "Medium"]) == 0
    out = capsys.readouterr().out
    assert "zero-sharding-stages" in out and "[Medium," in out
    assert main(["bank", "show", "zero-sharding-stages"]) == 0
    shown = capsys.readouterr().out
    assert "### Rubric" in shown and "### Red flags" in shown and "### Sources" in shown
    assert main(["bank", "show", "nope"]) == 2
    assert "unknown question id 'nope'" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["grade", "eval", "interview"])
def test_engine_help_says_what_each_engine_is(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "offline = a trained rubric-point judge" in out and "no red flags charged" in out
    assert "llm = a chat model" in out


def test_starting_the_cli_leaves_the_heavy_libraries_unloaded() -> None:
    """scipy (agreement statistics), matplotlib (eval figures), chromadb (the knowledge store) and
    langchain (chat models) load when a command needs them, not when any command starts: the first two
    were about a second of every `interviewer …` call, the last two about another."""
    libraries = "{'scipy', 'matplotlib', 'chromadb', 'langchain_core', 'langchain_openai'}"
    code = f"import sys, interviewer.cli.main; print(sorted({libraries} & set(sys.modules)))"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert shown.stdout.strip() == "[]", shown.stdout + shown.stderr
