"""Cells that a spreadsheet will not run: a text cell starting with = + - @, a tab or a carriage
return is prefixed with a single quote, as OWASP recommends against CSV (formula) injection. Every
CSV the product writes goes through `safe_row`; numbers stay numbers."""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """`=HYPERLINK(…)` → `'=HYPERLINK(…)`; anything that is not text is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(v) for v in values]
