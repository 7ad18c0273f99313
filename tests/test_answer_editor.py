"""The terminal's multi-line answer editor, driven through prompt_toolkit's pipe input."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from interviewer.cli.answer_input import QUIT, SKIP, AnswerEditor, answer_reader, editor_answer

ESC_ENTER = "\x1b\r"


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


def edit(keys: PipeInput, typed: str) -> str | None:
    """Types while the editor reads: a pipe holds 64 KiB, so a long paste must be consumed as it goes."""
    typist = threading.Thread(target=keys.send_text, args=(typed,))
    typist.start()
    try:
        return AnswerEditor(input=keys, output=DummyOutput()).read()
    finally:
        typist.join(timeout=10)


def test_blank_lines_stay_inside_one_answer(keys: PipeInput) -> None:
    answer = edit(keys, "First paragraph.\r\rSecond paragraph.\r\r\rThird." + ESC_ENTER)
    assert answer == "First paragraph.\n\nSecond paragraph.\n\n\nThird."


def test_enter_adds_lines_and_escape_enter_submits(keys: PipeInput) -> None:
    assert edit(keys, "one\rtwo\rthree" + ESC_ENTER) == "one\ntwo\nthree"


def test_a_dot_line_submits_and_is_removed(keys: PipeInput) -> None:
    assert edit(keys, "A hash map.\rO(1) lookups.\r.\r") == "A hash map.\nO(1) lookups."


def test_ctrl_d_submits_a_non_empty_answer(keys: PipeInput) -> None:
    assert edit(keys, "Short answer.\x04") == "Short answer."


def test_a_100k_single_line_paste_comes_back_whole(keys: PipeInput) -> None:
    text = "x" * 99_990 + " the end."
    assert edit(keys, "\x1b[200~" + text + "\x1b[201~" + ESC_ENTER) == text


def test_a_pasted_dot_line_does_not_submit(keys: PipeInput) -> None:
    pasted = "Steps:\r.\rthen more"
    assert edit(keys, "\x1b[200~" + pasted + "\x1b[201~" + ESC_ENTER) == "Steps:\n.\nthen more"


@pytest.mark.parametrize("command", [QUIT, SKIP])
def test_commands_typed_alone_return_at_enter(keys: PipeInput, command: str) -> None:
    assert edit(keys, command + "\r") == command


def test_end_of_input_on_an_empty_answer_is_none(keys: PipeInput) -> None:
    assert edit(keys, "\x04") is None


def test_ctrl_c_is_none(keys: PipeInput) -> None:
    assert edit(keys, "half an ans\x03") is None


def test_an_empty_submission_is_not_an_answer(keys: PipeInput) -> None:
    assert edit(keys, ESC_ENTER + ".\r" + "Real answer." + ESC_ENTER) == "Real answer."


@pytest.mark.parametrize(
    ("text", "answer"),
    [("a\nb\n.", "a\nb"), ("\n\na\n\n", "a"), ("  /quit  ", QUIT), (".", ""), ("a . b", "a . b")],
)
def test_editor_answer(text: str, answer: str) -> None:
    assert editor_answer(text) == answer


def test_streams_that_are_not_terminals_use_the_line_reader() -> None:
    stdin, stdout = io.StringIO("First answer.\n\nSecond.\n.\n/quit\n"), io.StringIO()
    read = answer_reader(stdin, stdout)
    assert [read(), read(), read(), read()] == ["First answer.", "Second.", QUIT, None]
    assert stdout.getvalue() == "> " * 4


class TerminalStream(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_the_editor(keys: PipeInput) -> None:
    read = answer_reader(TerminalStream(), TerminalStream())
    keys.send_text("Typed in the editor.\r.\r")
    assert read() == "Typed in the editor."
