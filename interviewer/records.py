"""Input files of rows (CSV or JSONL), read one row at a time: each row is a record (column → value) or
the problem that kept it from being one, named by row number. Batch grading and bank import read
their files with this.

A file no row of which can be read is one InputFileError, raised before the first row: a binary file
(NUL bytes), UTF-16 text, an empty file, a CSV without a header or without a row under it. A problem
within a row (undecodable bytes, a field over 128 KiB, more cells than the header has columns, invalid
JSON) is that row's problem only, and the rows after it are read as usual.

Row numbers are what a spreadsheet or an editor shows: in a CSV the header is row 1 and a blank line is
a row; in JSONL each line is a row. Lines may end in LF, CRLF or CR, and a UTF-8 BOM is dropped. A CSV is
separated by commas, or by semicolons or tabs when its header holds more of those (as spreadsheets
write them in some locales)."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from interviewer.errors import InputFileError

SUFFIXES = {".csv", ".jsonl", ".json"}
SNIFF_BYTES = 1 << 16
FIELD_LIMIT = 128 * 1024  # characters in one CSV field
DELIMITERS = ",;\t"  # a tie goes to the comma
UNDECODABLE = re.compile("[\udc80-\udcff]")  # bytes that are not UTF-8, as surrogateescape keeps them
Record = dict[str, object]

# The csv module stops at its own 128 KiB field limit part-way through a line, and then reads the rest of
# a long quoted field (its newlines, its quotes) as rows of their own. It is let read any field, once per
# process (the setting is the module's), and FIELD_LIMIT is checked field by field instead.
csv.field_size_limit(2**31 - 1)


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.field}: {self.message}"


def read_records(path: Path) -> Iterator[tuple[int, Record | RowProblem]]:
    """The rows of a CSV or JSONL file as (row number, record or problem), in file order."""
    if _checked_suffix(path) == ".csv":
        header, rows = _csv_table(path)
        return ((number, _csv_record(number, header, cells)) for number, cells in rows)
    _check_text(path, "JSONL")
    return _jsonl_records(path)


def columns(path: Path) -> set[str]:
    """The columns of a CSV header, or every key of a JSONL file's objects."""
    if _checked_suffix(path) == ".csv":
        return set(_csv_table(path)[0])
    return {key for _, record in read_records(path) if isinstance(record, dict) for key in record}


def _checked_suffix(path: Path) -> str:
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputFileError(f"{path}: unsupported file type {suffix!r}: use .csv or .jsonl")
    return suffix


def _check_text(path: Path, kind: str) -> None:
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputFileError(f"{path}: UTF-16 text: save it as UTF-8")
    if b"\x00" in head:
        raise InputFileError(f"{path}: not a text {kind} file (it holds binary data; UTF-8 text expected)")
    if not head.removeprefix(codecs.BOM_UTF8).strip():
        raise InputFileError(f"{path}: the file is empty")


def _jsonl_records(path: Path) -> Iterator[tuple[int, Record | RowProblem]]:
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline=None) as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, _json_record(number, line)


def _json_record(number: int, line: str) -> Record | RowProblem:
    if UNDECODABLE.search(line):
        return RowProblem(number, "(line)", "undecodable text (not UTF-8)")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return RowProblem(number, "(line)", f"invalid JSON: {exc.msg}")
    except ValueError as exc:  # an integer of more than 4,300 digits
        return RowProblem(number, "(line)", f"invalid JSON: {str(exc).partition(':')[0]}")
    except RecursionError:
        return RowProblem(number, "(line)", "invalid JSON: nested too deeply")
    return record if isinstance(record, dict) else RowProblem(number, "(line)", "not a JSON object")


def _csv_table(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header and the numbered rows that are not blank; InputFileError without a header or a row."""
    _check_text(path, "CSV")
    source = io.StringIO(path.read_bytes().decode("utf-8-sig", errors="surrogateescape"), newline="")
    delimiter = max(DELIMITERS, key=source.readline().count)
    source.seek(0)
    reader = csv.reader(source, delimiter=delimiter)
    header = next(reader, None)
    if not header or not any(name.strip() for name in header):
        raise InputFileError(f"{path}: no header row (the first line names the columns)")
    rows = ((number, cells) for number, cells in enumerate(reader, start=2) if cells)  # a blank line is a row
    first = next(rows, None)
    if first is None:
        raise InputFileError(f"{path}: no rows under the header")
    return header, itertools.chain([first], rows)


def _csv_record(number: int, header: list[str], cells: list[str]) -> Record | RowProblem:
    if any(cell.strip() for cell in cells[len(header) :]):
        message = f"{len(cells)} cells under {len(header)} columns (a separator outside quotes?)"
        return RowProblem(number, "(row)", message)
    too_long = next((name for name, cell in zip(header, cells, strict=False) if len(cell) > FIELD_LIMIT), None)
    if too_long is not None:
        return RowProblem(number, too_long, f"field larger than {FIELD_LIMIT // 1024} KiB")
    return {name: cells[i] if i < len(cells) else None for i, name in enumerate(header)}
