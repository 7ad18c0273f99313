"""Gaming answers made from each question's reference answer (`evals/alterations`, `evals/asag_gaming`),
graded beside the agreement by `interviewer eval --asag`: they need no labels."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from interviewer.cli.main import main
from interviewer.evals.alterations import antonym_swapped, every_sentence, negated, words_in_nonsense, woven
from interviewer.evals.asag import grade_rows
from interviewer.grading.grader import Grader
from interviewer.grading.offline import OfflineEngine
from interviewer.store.embeddings import Embedder

QUESTION = "What is a prototype?"
REFERENCE = "A prototype is a working model of part of the product."


def test_every_sentence_is_altered_or_the_text_is_left_out() -> None:
    text = "The pitch is higher. The string is shorter."
    assert every_sentence(negated)(text) == "The pitch is not higher. The string is not shorter."
    assert every_sentence(antonym_swapped)(text) == "The pitch is lower. The string is longer."
    assert every_sentence(negated)("The pitch is higher. Strings vibrate.") is None  # no rule for the second


def test_nonsense_weaves_every_content_word_and_is_the_same_for_the_same_text() -> None:
    made = words_in_nonsense(REFERENCE)
    assert made is not None and made == words_in_nonsense(REFERENCE)
    assert all(word in made.lower() for word in ("prototype", "working", "model", "part", "product"))
    assert woven(["only", "two"], random.Random(1)) is None


def _scored_file(tmp_path: Path) -> Path:
    rows = [
        {"question": QUESTION, "reference_answer": REFERENCE, "answer": answer, "score": score}
        for answer, score in [("A working model of a part of the product, built to try it out.", 1.0), ("A loop.", 0.0)]
    ]
    path = tmp_path / "scored.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    return path


def test_the_negated_reference_scores_nothing_and_the_reference_itself_full_marks(
    tmp_path: Path, embedder: Embedder
) -> None:
    result = grade_rows(Grader(OfflineEngine(embedder), embedder), _scored_file(tmp_path))
    figures = {figure.kind: figure for figure in result.gaming}
    assert figures["the reference itself"].scores == (100.0,)  # one question, its first row's reference
    assert figures["every sentence negated"].scores == (0.0,)
    assert figures["every sentence negated"].at_least_half == 0
    assert len(result.predicted) == 2  # the file's own rows are graded as before


def test_cli_asag_prints_the_gaming_figures_unless_asked_not_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _scored_file(tmp_path)
    assert main(["eval", "--asag", str(path)]) == 0
    out = capsys.readouterr().out
    assert "gaming, answers made from each question's reference answer" in out
    assert "every sentence negated [fair 0]: 0.0 over 1 questions, 0 scored 50 or more" in out
    assert main(["eval", "--asag", str(path), "--no-gaming"]) == 0
    assert "gaming" not in capsys.readouterr().out
