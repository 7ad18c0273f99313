"""Reading a typed or pasted answer in the terminal.

An answer ends with an empty line or a line with only `.`. On a terminal, an empty line followed at
once by more input is part of a paste (a person cannot type that fast), so a pasted multi-paragraph
answer stays one answer. A terminal in line mode keeps at most 4,095 characters of one line and
drops the rest; a line that long is reported as cut, so the candidate knows and can paste it again
in shorter lines. On a terminal (stdin and stdout both TTYs) answers are read with a multi-line editor
instead, which has neither problem."""

from __future__ import annotations

import select
import sys
from collections.abc import Callable
from typing import TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app
from prompt_toolkit.filters import Condition
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.output import Output

QUIT, SKIP = "/quit", "/skip"
PASTE_GAP_S = 0.05  # input arriving within this after an empty line belongs to the same paste
TTY_LINE_LIMIT = 4095  # Linux's line-mode buffer (4,096 bytes, one kept for the newline)
CUT_NOTE = (
    "(that line reached the terminal's limit of {limit} characters and was cut there: "
    "paste long answers with line breaks)"
)


def read_answer(stream: TextIO, notes: TextIO | None = None) -> str | None:
    """Lines up to an empty line or '.', leading blank lines skipped; None at end of input."""
    lines: list[str] = []
    while True:
        line = stream.readline()
        if not line:
            return "\n".join(lines) if lines else None
        text = line.rstrip("\n")
        if _is_tty(stream) and len(text) >= TTY_LINE_LIMIT:
            print(CUT_NOTE.format(limit=TTY_LINE_LIMIT), file=notes or sys.stdout, flush=True)
        if text.strip() == "." and lines:
            return "\n".join(lines)
        if not text.strip() and lines:
            if not _more_waiting(stream):
                return "\n".join(lines)
            lines.append("")
            continue
        if text.strip() in (QUIT, SKIP) and not lines:
            return text.strip()
        if text.strip() not in ("", "."):
            lines.append(text)


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _more_waiting(stream: TextIO) -> bool:
    """On a terminal, is more input already there (the rest of a paste)?"""
    if not _is_tty(stream):
        return False
    try:
        ready, _, _ = select.select([stream], [], [], PASTE_GAP_S)
    except (OSError, ValueError):
        return False
    return bool(ready)


EDITOR_HINT = "Enter: new line. Submit: Esc then Enter, Alt+Enter, Ctrl+D or a '.' line. /skip passes, /quit stops."
AnswerReader = Callable[[], str | None]


def answer_reader(stdin: TextIO, stdout: TextIO) -> AnswerReader:
    """The multi-line editor on a terminal; the line reader for pipes, files and scripts."""
    if _is_tty(stdin) and _is_tty(stdout):
        return AnswerEditor().read

    def read_lines() -> str | None:
        print("> ", end="", file=stdout, flush=True)
        return read_answer(stdin)

    return read_lines


class AnswerEditor:
    """prompt_toolkit's multi-line editor: the terminal in raw mode, so there is no 4,095-character cut,
    and bracketed paste keeps a pasted answer whole, blank lines and all."""

    def __init__(self, input: Input | None = None, output: Output | None = None) -> None:
        self._session: PromptSession[str] = PromptSession(
            "> ", multiline=True, key_bindings=_submit_keys(), bottom_toolbar=EDITOR_HINT, input=input, output=output
        )

    def read(self) -> str | None:
        """The submitted answer, QUIT or SKIP; None at Ctrl+C or at Ctrl+D on an empty answer."""
        while True:
            try:
                answer = editor_answer(self._session.prompt())
            except (EOFError, KeyboardInterrupt):
                return None
            if answer:
                return answer


def editor_answer(text: str) -> str:
    """The answer without a closing '.' line and surrounding blank lines; '' when nothing was typed."""
    lines = text.split("\n")
    if lines and lines[-1].strip() == ".":
        lines.pop()
    answer = "\n".join(lines).strip("\n")
    return answer.strip() if answer.strip() in (QUIT, SKIP) else answer.rstrip()


def _submit_keys() -> KeyBindings:
    keys = KeyBindings()

    @Condition
    def ends_answer() -> bool:
        document = get_app().current_buffer.document
        on_last_line = document.cursor_position_row == document.line_count - 1
        return on_last_line and (document.current_line.strip() == "." or document.text.strip() in (QUIT, SKIP))

    @Condition
    def has_text() -> bool:
        return bool(get_app().current_buffer.text.strip())

    keys.add("enter", filter=ends_answer)(_accept)
    keys.add("c-d", filter=has_text)(_accept)
    return keys


def _accept(event: KeyPressEvent) -> None:
    event.current_buffer.validate_and_handle()
