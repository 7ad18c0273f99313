"""Accepted alternatives in a reference answer: "One of the following justifications should be given:"
followed by a list. Each item states the same point in its own way, and an answer needs one of them;
drafted as points of their own, every item would be required of every answer.

The list is the lines after the note: a line that starts with the first item's marker (the same bullet
character, or numbers, or letters) starts an item; any other line (a sub-bullet, a wrapped line)
continues the item before it. The list runs to the end of the reference answer. "Two of the
following" asks for several items, so it is not a choice of one and is left as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CHOICE = re.compile(r"\b(?:one|any|either) of the following\b", re.IGNORECASE)
_MARKER = re.compile(r"^\s*(?:(?P<bullet>[●•▪◦‣\-*–])|(?P<number>\d{1,2}[.)])|(?P<letter>\(?[a-z][.)]))\s+")


@dataclass(frozen=True)
class Alternatives:
    """A reference answer split into its main text and the items of its choice list (none: no list)."""

    main: str
    items: tuple[str, ...] = ()


def _marker_kind(line: str) -> str | None:
    """The kind of list marker a line starts with: its bullet character, "number" or "letter"; None."""
    found = _MARKER.match(line)
    if found is None:
        return None
    return found["bullet"] or ("number" if found["number"] else "letter")


def _items(lines: list[str]) -> list[str]:
    """The list's items, from its non-blank lines."""
    kind = _marker_kind(lines[0]) if lines else None
    if kind is None:
        return []
    items: list[list[str]] = []
    for line in lines:
        if _marker_kind(line) == kind:
            items.append([_MARKER.sub("", line, count=1).strip()])
        else:
            items[-1].append(line.strip())  # a sub-bullet or a wrapped line of the item before
    return [" ".join(part for part in item if part) for item in items]  # a bare marker adds nothing


def split_alternatives(reference_answer: str) -> Alternatives:
    """Pure: the reference answer's text up to and including its "one of the following" note, and the
    list items after it when there are at least two (else the whole text, no items)."""
    lines = reference_answer.splitlines()
    note = next((n for n, line in enumerate(lines) if _CHOICE.search(line)), None)
    if note is None:
        return Alternatives(reference_answer)
    items = _items([line for line in lines[note + 1 :] if line.strip()])
    if len(items) < 2:
        return Alternatives(reference_answer)
    return Alternatives("\n".join(lines[: note + 1]), tuple(items))
