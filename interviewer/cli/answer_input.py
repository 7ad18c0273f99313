"""Reading a typed or pasted answer in the terminal.

An answer ends with an empty line or a line with only `.`. On a terminal, an empty line followed at
once by more input is part of a paste (a person cannot type that fast), so a pasted multi-paragraph
answer stays one answer. A terminal in line mode keeps at most 4,095 characters of one line and
drops the rest; a line that long is reported as cut, so the candidate knows and can paste it again
in shorter lines."""

from __future__ import annotations

import select
import sys
from typing import TextIO

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
