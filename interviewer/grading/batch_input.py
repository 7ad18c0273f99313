"""Reading batch files (CSV or JSONL): each row becomes a BatchRow or a RowError naming row and field."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from interviewer.errors import InputFileError
from interviewer.records import RowProblem, columns, read_records

KNOWN_COLUMNS = {"id", "candidate", "question_id", "question", "answer", "reference_answer"}


@dataclass(frozen=True)
class BatchRow:
    row: int
    id: str
    candidate: str
    question_id: str | None
    question: str | None
    reference_answer: str | None
    answer: str


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    error: str


def _text(record: dict[str, object], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    text = str(value)
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        raise ValueError(f"{key}: undecodable text (not UTF-8)")
    return text if text.strip() else None


def to_row(number: int, record: dict[str, object]) -> BatchRow | RowError:
    try:
        answer = _text(record, "answer")
        question_id, question = _text(record, "question_id"), _text(record, "question")
        reference = _text(record, "reference_answer")
        ident, candidate = _text(record, "id"), _text(record, "candidate")
    except ValueError as exc:
        field, _, message = str(exc).partition(": ")
        return RowError(number, field, message)
    if answer is None:
        return RowError(number, "answer", "missing or empty answer")
    if question_id is None and question is None:
        return RowError(number, "question_id", "give question_id or question")
    return BatchRow(number, ident or f"row-{number}", candidate or "", question_id, question, reference, answer)


def read_rows(path: Path) -> Iterator[BatchRow | RowError]:
    """Rows of a CSV or JSONL file, good or bad, in file order."""
    for number, record in read_records(path):
        if isinstance(record, RowProblem):
            yield RowError(record.row, record.field, record.message)
        else:
            yield to_row(number, record)


def check_batch_file(path: Path) -> None:
    """One file-level error for a file no row of which could be graded: no `answer` column, or neither
    `question_id` nor `question`."""
    found = columns(path)
    missing = [c for c in ("answer",) if c not in found]
    if not {"question_id", "question"} & found:
        missing.append("question_id or question")
    if missing:
        shown = ", ".join(sorted(found)) or "none"
        raise InputFileError(f"{path}: no {' and no '.join(missing)} column (columns found: {shown})")


def unknown_columns(path: Path) -> list[str]:
    """Columns of a CSV header (or first JSONL object) that the batch does not use."""
    for _, record in read_records(path):
        return sorted(set(record) - KNOWN_COLUMNS) if isinstance(record, dict) else []
    return []
