"""Input files of rows (CSV or JSONL), read one row at a time: each row is a record (column → value) or
the problem that kept it from being one, named by row number. Batch grading and bank import read
their files with this.

A file no row of which can be read is one InputFileError, raised before the first row: a binary file
(NUL bytes), an empty file, a CSV without a header. A problem within a row (undecodable bytes, a
field over the CSV module's 128 KiB limit, broken quoting, invalid JSON) is that row's problem only."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from interviewer.errors import InputFileError

SUFFIXES = {".csv", ".jsonl", ".json"}
SNIFF_BYTES = 1 << 16
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
    _check_text(path, "CSV" if suffix == ".csv" else "JSONL")
    return _csv_records(path) if suffix == ".csv" else _jsonl_records(path)


def columns(path: Path) -> set[str]:
    """The columns of a CSV header, or every key of a JSONL file's objects."""
    found: set[str] = set()
    for _, record in read_records(path):
        if isinstance(record, dict):
            found |= set(record)
            if path.suffix.lower() == ".csv":
                break
    return found


def _check_text(path: Path, kind: str) -> None:
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if b"\x00" in head:
        raise InputFileError(f"{path}: not a text {kind} file (it holds binary data; UTF-8 text expected)")
    if not head.removeprefix(b"\xef\xbb\xbf").strip():
        raise InputFileError(f"{path}: the file is empty")


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
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        raise InputFileError(f"{path}: unreadable header row: {exc}") from None
    if not header or not any(name.strip() for name in header):
        raise InputFileError(f"{path}: no header row (the first line names the columns)")
    number = 1  # row 1 is the header
    while True:
        number += 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield number, RowProblem(number, "(row)", f"unreadable CSV row: {exc}")
            continue
        yield number, {k: v for k, v in record.items() if k is not None}
