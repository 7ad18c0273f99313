"""CSV and JSONL input files for the property tests, drawn by Hypothesis: each file knows its bytes and
what the batch reader should make of every row (see test_reliability_input_files.py)."""

from __future__ import annotations

import codecs
import csv
import io
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from hypothesis import strategies as st

from interviewer.grading.batch_input import BatchRow
from interviewer.records import FIELD_LIMIT

T = TypeVar("T")

BATCH_FIELDS = ("answer", "question_id", "question", "reference_answer", "id", "candidate")
IMPORT_FIELDS = ("question", "reference_answer", "difficulty", "type", "subtopic")
ENCODINGS = ("utf-8", "utf-8", "utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16")  # drawn alike: UTF-8 most
LINE_ENDS = ("\n", "\r\n", "\r")


def _raw_byte_or_question_mark(error: UnicodeError) -> tuple[bytes, int]:
    """Saving a cell: U+DC80..U+DCFF stands for the raw byte (as Python's surrogateescape reads one); a
    character the encoding lacks becomes '?', as a spreadsheet saving in cp1252 writes it."""
    assert isinstance(error, UnicodeEncodeError)
    bad = error.object[error.start : error.end]
    return bytes(ord(c) - 0xDC00 if "\udc80" <= c <= "\udcff" else ord("?") for c in bad), error.end


codecs.register_error("raw-byte-or-question-mark", _raw_byte_or_question_mark)


def as_read(text: str, encoding: str) -> str:
    """`text` saved in `encoding` and read back as UTF-8, an undecodable byte as U+DC80..U+DCFF."""
    encoding = "utf-8" if encoding == "utf-8-sig" else encoding  # the BOM starts the file, not each cell
    return text.encode(encoding, "raw-byte-or-question-mark").decode("utf-8", "surrogateescape")


def undecodable(text: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in text)


def weighted(*choices: tuple[int, st.SearchStrategy[T]]) -> st.SearchStrategy[T]:
    """One of the strategies, each drawn in proportion to its weight."""
    return st.sampled_from([s for weight, s in choices for _ in range(weight)]).flatmap(lambda s: s)


# Cells: text of any character but NUL, pieces that break CSV and encodings, undecodable bytes; now and
# then a NUL, or a field around the CSV limit (with newlines and quotes in it, a NUL past the first 64 KiB).
PIECES = ["é", "日本", "🙂", '"', ",", ";", "\t", "\r\n", "\n", "\r", " ", "\ufeff", "=1+1"]
RAW_BYTES = st.text(st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF), min_size=1, max_size=3)
TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=10)
SHORT = st.lists(weighted((12, TEXT), (4, st.sampled_from(PIECES)), (1, RAW_BYTES)), max_size=4).map("".join)
LONG = st.builds(
    lambda piece, size, tail: (piece * (size // len(piece) + 1))[:size] + tail,
    st.sampled_from(["x", "é", "line\n", 'a "quote"']),
    st.sampled_from([70_000, FIELD_LIMIT - 4, FIELD_LIMIT + 1, 140_000]),
    st.sampled_from(["", "", "\x00"]),
)
CELL = weighted((200, SHORT), (3, LONG), (1, st.just("a\x00b")))


@dataclass(frozen=True)
class Row:
    """What the reader should make of one row: its number, its fields as read (None: not given), and
    the fields a RowError may name (none: the row is good)."""

    number: int
    fields: dict[str, str | None]
    problems: frozenset[str]
    torn: bool = False


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _blank(value: str | None) -> bool:
    return value is None or (not undecodable(value) and not value.strip())


def batch_problems(fields: dict[str, str | None]) -> set[str]:
    """The batch's own checks: undecodable text in a field it reads, no answer, no question."""
    found = {k for k in BATCH_FIELDS if (v := fields.get(k)) is not None and undecodable(v)}
    if _blank(fields.get("answer")):
        found.add("answer")
    if _blank(fields.get("question_id")) and _blank(fields.get("question")):
        found.add("question_id")
    return found


def good_row(row: Row) -> BatchRow:
    value = {k: None if _blank(v := row.fields.get(k)) else v for k in BATCH_FIELDS}
    ident, candidate, answer = value["id"], value["candidate"], value["answer"]
    assert answer is not None
    return BatchRow(
        row.number,
        ident or f"row-{row.number}",
        candidate or "",
        value["question_id"],
        value["question"],
        value["reference_answer"],
        answer,
    )


@dataclass(frozen=True)
class CsvFile:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...] | None, ...]  # None: a blank line
    encoding: str = "utf-8"
    delimiter: str = ","
    quoting: int = csv.QUOTE_MINIMAL
    line_end: str = "\n"
    torn: int = 0  # bytes cut off the end of the last row, its line end too (a file copied while written)

    def cell(self, text: str) -> str:
        return text if self.encoding == "utf-16" else as_read(text, self.encoding)

    def line(self, cells: tuple[str, ...]) -> str:
        out = io.StringIO()  # "\r\n": a cell holding either is quoted (3.11 quotes only the terminator's)
        csv.writer(out, delimiter=self.delimiter, quoting=self.quoting, lineterminator="\r\n").writerow(cells)
        return out.getvalue().removesuffix("\r\n") + self.line_end

    def data(self) -> bytes:
        lines = [self.line(self.header)]
        lines += [self.line_end if row is None else self.line(tuple(self.cell(c) for c in row)) for row in self.rows]
        if self.encoding == "utf-16":
            return "".join(lines).encode("utf-16", "surrogatepass")
        data = [line.encode("utf-8", "surrogateescape") for line in lines]
        if self.is_torn:
            data[-1] = data[-1][: max(1, len(data[-1]) - len(self.line_end) - self.torn)]
        return (codecs.BOM_UTF8 if self.encoding == "utf-8-sig" else b"") + b"".join(data)

    @property
    def is_torn(self) -> bool:
        return self.torn > 0 and bool(self.rows) and self.rows[-1] is not None

    def expected(self) -> list[Row]:
        rows = []
        for number, cells in enumerate(self.rows, start=2):  # the header is row 1, a blank line a row
            if cells is not None:
                read = [self.cell(c) for c in cells]
                fields = dict(zip(self.header, read, strict=False))
                problems = batch_problems(fields) | {k for k, v in fields.items() if len(v) > FIELD_LIMIT}
                if any(c.strip() for c in read[len(self.header) :]):
                    problems.add("(row)")  # more cells than columns
                rows.append(Row(number, {**dict.fromkeys(self.header), **fields}, frozenset(problems)))
        if self.is_torn:
            rows[-1] = Row(rows[-1].number, rows[-1].fields, rows[-1].problems, torn=True)
        return rows


@st.composite
def csv_files(
    draw: st.DrawFn,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    cells: dict[str, st.SearchStrategy[str]] | None = None,  # by column; CELL for the others
) -> CsvFile:
    chosen = draw(st.lists(st.sampled_from(optional), unique=True))
    header = tuple(draw(st.permutations([*required, *chosen])))
    width = weighted((4, st.just(len(header))), (1, st.integers(1, len(header) + 2)))  # some short or long
    column = [(cells or {}).get(name, CELL) for name in header]
    row = width.flatmap(lambda n: st.tuples(*[*column, *[CELL] * len(header)][:n]))
    rows = draw(st.lists(weighted((8, row), (1, st.none())), max_size=6))
    return CsvFile(
        header,
        tuple(rows),
        draw(st.sampled_from(ENCODINGS)),
        draw(st.sampled_from([",", ";", "\t"])),
        draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
        draw(st.sampled_from(LINE_ENDS)),
        draw(weighted((3, st.just(0)), (1, st.integers(1, 200)))),
    )


@dataclass(frozen=True)
class JsonlFile:
    lines: tuple[dict[str, object] | str, ...]  # a record, or a line that may be anything
    encoding: str = "utf-8"
    ensure_ascii: bool = True
    line_end: str = "\n"
    torn: int = 0

    def line(self, line: dict[str, object] | str) -> str:
        return json.dumps(line, ensure_ascii=self.ensure_ascii) if isinstance(line, dict) else line

    def data(self) -> bytes:
        lines = [self.line(line) for line in self.lines]
        if self.encoding == "utf-16":
            return "".join(line + self.line_end for line in lines).encode("utf-16", "surrogatepass")
        data = [as_read(line, self.encoding).encode("utf-8", "surrogateescape") for line in lines]
        if self.torn and data:
            data[-1] = data[-1][: max(1, len(data[-1]) - self.torn)]
        end = self.line_end.encode()
        whole = b"".join(line + end for line in data)
        whole = whole[: -len(end)] if self.torn and data else whole
        return codecs.BOM_UTF8 + whole if self.encoding == "utf-8-sig" else whole

    def expected(self) -> list[Row]:
        if self.encoding == "utf-16":
            return []  # refused whole
        rows = []
        for number, line in enumerate(self.lines, start=1):
            text = as_read(self.line(line), self.encoding)
            torn = bool(self.torn) and number == len(self.lines)
            if not text.strip():
                continue
            if isinstance(line, str) or undecodable(text):  # a broken line, or bytes no JSON parser reads
                rows.append(Row(number, {}, frozenset({"(line)", *BATCH_FIELDS}), torn))
                continue
            fields = {k: _text(v) for k, v in json.loads(text).items()}  # '?' for what cp1252 lacks
            rows.append(Row(number, fields, frozenset(batch_problems(fields)), torn))
        return rows


VALUE = weighted((6, CELL), (1, st.none()), (1, st.integers()), (1, st.booleans()))
RECORD = weighted(
    (
        4,
        st.fixed_dictionaries(
            {"answer": CELL, "question_id": CELL},
            optional={k: VALUE for k in ("question", "reference_answer", "id", "candidate", "notes")},
        ),
    ),
    (1, st.fixed_dictionaries({}, optional={k: VALUE for k in (*BATCH_FIELDS, "notes")})),
)
BROKEN = st.one_of(
    SHORT.map(lambda s: s.replace("\r", " ").replace("\n", " ")),
    st.sampled_from(['{"answer": "cut', "[" * 5000, "1" * 5000, '{"answer": ' + "1" * 5000 + "}", "[1]", '"x"', "{}"]),
)


@st.composite
def jsonl_files(draw: st.DrawFn) -> JsonlFile:
    return JsonlFile(
        tuple(draw(st.lists(weighted((4, RECORD), (1, BROKEN)), max_size=6))),
        draw(st.sampled_from(ENCODINGS)),
        draw(st.booleans()),
        draw(st.sampled_from(LINE_ENDS)),
        draw(weighted((3, st.just(0)), (1, st.integers(1, 200)))),
    )


@contextmanager
def written(data: bytes, suffix: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        yield path
