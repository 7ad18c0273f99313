"""Input files of rows (CSV or JSONL), read one row at a time: each row is a record (column → value) or
the problem that kept it from being one, named by row number. Batch grading and bank import read
their files with this."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from interviewer.errors import InputFileError

SUFFIXES = {".csv", ".jsonl", ".json"}
Record = dict[str, object]


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.field}: {self.message}"


def read_records(path: Path) -> Iterator[tuple[int, Record | RowProblem]]:
    """The rows of a CSV or JSONL file as (row number, record or problem), in file order."""
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputFileError(f"{path}: unsupported file type {suffix!r}: use .csv or .jsonl")
    return _csv_records(path) if suffix == ".csv" else _jsonl_records(path)


def _jsonl_records(path: Path) -> Iterator[tuple[int, Record | RowProblem]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield number, RowProblem(number, "(line)", "undecodable text (not UTF-8)")
                continue
            except json.JSONDecodeError as exc:
                yield number, RowProblem(number, "(line)", f"invalid JSON: {exc.msg}")
                continue
            yield number, record if isinstance(record, dict) else RowProblem(number, "(line)", "not a JSON object")


def _csv_records(path: Path) -> Iterator[tuple[int, Record | RowProblem]]:
    text = path.read_bytes().decode("utf-8-sig", errors="surrogateescape")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for number, record in enumerate(reader, start=2):  # row 1 is the header
        yield number, {k: v for k, v in record.items() if k is not None}
