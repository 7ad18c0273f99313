"""The files a batch writes beside its output, and keeping the output whole: never the input file,
one writer at a time (see `filelock`), and no torn last line left behind by a killed run."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO

from interviewer.errors import InputFileError

CHUNK = 1 << 16


def errors_path(out: Path) -> Path:
    return out.with_name(out.stem + ".errors.jsonl")


def summary_path(out: Path) -> Path:
    return out.with_name(out.stem + ".summary.json")


def csv_path(out: Path) -> Path:
    return out.with_suffix(".csv")


def lock_path(out: Path) -> Path:
    return out.with_name(out.name + ".lock")


def output_paths(out: Path, with_csv: bool = False) -> list[Path]:
    """Every file a batch run into `out` writes."""
    return [out, errors_path(out), summary_path(out), lock_path(out), *([csv_path(out)] if with_csv else [])]


def _same_file(a: Path, b: Path) -> bool:
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


def refuse_overwriting_input(source: Path, outputs: list[Path]) -> None:
    """Raise before anything is written when an output file is the input file."""
    for path in outputs:
        if _same_file(path, source):
            raise InputFileError(f"{path}: the batch would write over its own input {source}; choose another -o")


def done_keys(out: Path) -> set[str]:
    """Keys of rows already graded; a line that is not a whole record is ignored (and re-graded)."""
    keys: set[str] = set()
    if out.is_file():
        with out.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                key = _key(line)
                if key is not None:
                    keys.add(key)
    return keys


def _key(line: str | bytes) -> str | None:
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    key = record.get("key") if isinstance(record, dict) else None
    return key if isinstance(key, str) else None


def drop_torn_line(out: Path) -> None:
    """A run killed mid-write can leave a last line without its newline: a whole record gets its
    newline back; a fragment is cut off (its row is graded again)."""
    if not out.is_file():
        return
    with out.open("rb+") as handle:
        size = handle.seek(0, os.SEEK_END)
        start = _last_line_start(handle, size)
        handle.seek(start)
        tail = handle.read()
        if not tail or tail.endswith(b"\n"):
            return
        if _key(tail) is not None:
            handle.write(b"\n")
        else:
            handle.truncate(start)
        handle.flush()
        os.fsync(handle.fileno())


def _last_line_start(stream: IO[bytes], size: int) -> int:
    """Offset just after the last newline before the end of the file (0 when there is none)."""
    end = size - 1  # a newline as the very last byte ends the last line; look before it
    while end > 0:
        begin = max(0, end - CHUNK)
        stream.seek(begin)
        found = stream.read(end - begin).rfind(b"\n")
        if found >= 0:
            return begin + found + 1
        end = begin
    return 0
