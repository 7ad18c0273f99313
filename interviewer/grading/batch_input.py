"""Reading batch files (CSV or JSONL): each row becomes a BatchRow or a RowError naming row and field."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from interviewer.errors import InputFileError

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
    except ValueError as exc:
        field, _, message = str(exc).partition(": ")
        return RowError(number, field, message)
    if answer is None:
        return RowError(number, "answer", "missing or empty answer")
    if question_id is None and question is None:
        return RowError(number, "question_id", "give question_id or question")
    ident = _text(record, "id") or f"row-{number}"
    return BatchRow(number, ident, _text(record, "candidate") or "", question_id, question, reference, answer)


def _jsonl_records(path: Path) -> Iterator[tuple[int, dict[str, object] | RowError]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield number, RowError(number, "(line)", "undecodable text (not UTF-8)")
                continue
            except json.JSONDecodeError as exc:
                yield number, RowError(number, "(line)", f"invalid JSON: {exc.msg}")
                continue
            yield number, record if isinstance(record, dict) else RowError(number, "(line)", "not a JSON object")


def _csv_records(path: Path) -> Iterator[tuple[int, dict[str, object] | RowError]]:
    text = path.read_bytes().decode("utf-8-sig", errors="surrogateescape")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for number, record in enumerate(reader, start=2):  # row 1 is the header
        yield number, {k: v for k, v in record.items() if k is not None}


def read_rows(path: Path) -> Iterator[BatchRow | RowError]:
    """Rows of a CSV or JSONL file, good or bad, in file order."""
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".jsonl", ".json"}:
        raise InputFileError(f"{path}: unsupported file type {suffix!r}: use .csv or .jsonl")
    records = _csv_records(path) if suffix == ".csv" else _jsonl_records(path)
    for number, record in records:
        yield record if isinstance(record, RowError) else to_row(number, record)


def unknown_columns(path: Path) -> list[str]:
    """Columns of a CSV header (or first JSONL object) that the batch does not use."""
    for row in _csv_records(path) if path.suffix.lower() == ".csv" else _jsonl_records(path):
        _, record = row
        return sorted(set(record) - KNOWN_COLUMNS) if isinstance(record, dict) else []
    return []
