"""Answers typed or pasted into a real (pseudo-)terminal: a pasted multi-paragraph answer is one
answer, and a line the terminal cut at its limit is reported."""

from __future__ import annotations

import io
import os
import pty
import termios
import threading
import time
from collections.abc import Iterator

import pytest

from interviewer.cli.answer_input import TTY_LINE_LIMIT, read_answer


@pytest.fixture
def terminal() -> Iterator[tuple[int, io.TextIOWrapper]]:
    """(the keyboard side, the program's stdin) of a pseudo-terminal in line mode, echo off."""
    keyboard, program = pty.openpty()
    attrs = termios.tcgetattr(program)
    attrs[3] &= ~termios.ECHO
    termios.tcsetattr(program, termios.TCSANOW, attrs)
    stdin = io.TextIOWrapper(io.FileIO(program, "r", closefd=False), encoding="utf-8")
    yield keyboard, stdin
    os.close(keyboard)
    os.close(program)


def _type_later(keyboard: int, data: bytes, delay: float = 0.5) -> None:
    def press() -> None:
        time.sleep(delay)
        os.write(keyboard, data)

    threading.Thread(target=press, daemon=True).start()


def test_a_pasted_multi_paragraph_answer_is_one_answer(terminal: tuple[int, io.TextIOWrapper]) -> None:
    keyboard, stdin = terminal
    os.write(keyboard, b"First paragraph.\n\nSecond paragraph.\n\nThird.\n")  # one paste
    _type_later(keyboard, b"\n")  # then the candidate presses Enter on an empty line
    assert read_answer(stdin, io.StringIO()) == "First paragraph.\n\nSecond paragraph.\n\nThird."


def test_a_line_cut_by_the_terminal_is_reported(terminal: tuple[int, io.TextIOWrapper]) -> None:
    keyboard, stdin = terminal
    os.write(keyboard, b"y" * 100_000 + b"\n")
    _type_later(keyboard, b"\n")
    notes = io.StringIO()
    answer = read_answer(stdin, notes)
    assert answer is not None and len(answer) == TTY_LINE_LIMIT
    assert f"limit of {TTY_LINE_LIMIT} characters and was cut" in notes.getvalue()


def test_piped_input_keeps_the_empty_line_rule() -> None:
    stream = io.StringIO("First answer.\n\nSecond answer.\n.\n/quit\n")
    assert read_answer(stream) == "First answer."
    assert read_answer(stream) == "Second answer."
    assert read_answer(stream) == "/quit"
