"""Input files under Hypothesis: CSV and JSONL drawn over encodings (UTF-8, with a BOM, cp1252, latin-1,
UTF-16, undecodable bytes), sizes (fields past the CSV limit), delimiters, quoting, line ends, blank,
broken and torn lines, missing and extra columns, empty files (the files: tests/input_files.py).

Reading raises nothing but the one file-level InputFileError (UTF-16, binary, empty, a CSV header without
rows); every row becomes a BatchRow or a RowError naming its row number and a field, in file order; good
rows come back exactly; a bad row never stops the rows after it. A bank import accounts for every row."""

from __future__ import annotations

import codecs
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from input_files import (
    CELL,
    IMPORT_FIELDS,
    TEXT,
    CsvFile,
    JsonlFile,
    Row,
    csv_files,
    good_row,
    jsonl_files,
    weighted,
    written,
)

from interviewer.bank.importer import import_questions
from interviewer.errors import InputFileError
from interviewer.grading.batch_input import BatchRow, RowError, read_rows
from interviewer.records import FIELD_LIMIT

# The same examples on every run and machine (derandomize), and no example database: no run depends on
# an earlier one.
FUZZ = settings(
    max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def file_error_is_due(message: str, data: bytes, utf16: bool, rows: int) -> bool:
    """A file-level error only for UTF-16, NUL bytes, nothing but blanks, a CSV header without rows."""
    return (
        (utf16 and "UTF-16" in message)
        or ("not a text" in message and b"\x00" in data)
        or ("empty" in message and not data.removeprefix(codecs.BOM_UTF8).strip())
        or ("no rows under the header" in message and not rows)
    )


def check_file(file: CsvFile | JsonlFile, suffix: str) -> None:
    data, expected = file.data(), file.expected()
    with written(data, suffix) as path:
        try:
            got = list(read_rows(path))
        except InputFileError as exc:
            assert file_error_is_due(str(exc), data, file.encoding == "utf-16", len(expected)), exc
            return
    assert file.encoding != "utf-16", "a UTF-16 file read as UTF-8"
    check_rows(got, expected)


def check_rows(got: list[BatchRow | RowError], expected: list[Row]) -> None:
    """Every expected row once, in order, as a RowError naming one of its problems or as the exact
    BatchRow; a torn last row may be missing, a bad row or a good one with a cut answer."""
    if expected and expected[-1].torn and len(got) == len(expected) - 1:
        expected = expected[:-1]
    assert [r.row for r in got] == [e.number for e in expected]
    for row, want in zip(got, expected, strict=True):
        if want.torn:
            assert isinstance(row, RowError) or (want.fields.get("answer") or "").startswith(row.answer)
        elif want.problems:
            assert isinstance(row, RowError) and row.field in want.problems and row.error, (row, want.problems)
        else:
            assert row == good_row(want)


BATCH_CSV = csv_files(("question_id", "answer"), ("question", "reference_answer", "id", "candidate", "notes"))
REGRESSIONS_CSV = [
    # A field past the CSV limit with a newline inside its quotes: the rows after it kept their number.
    CsvFile(("question_id", "answer"), (("q", "x" * (FIELD_LIMIT + 1) + "\nrest"), ("q", "next"), ("q", '"a"'))),
    # A blank line is a row, as a spreadsheet shows it.
    CsvFile(("question_id", "answer"), (None, ("q", "a"), None, ("q", "b"))),
    # An unquoted comma in an answer: more cells than columns is a bad row, not an answer cut short.
    CsvFile(("question_id", "answer"), (("q", "I think", " therefore I am"), ("q", "fine", " "))),
    # Semicolons and tabs, as spreadsheets in some locales write them.
    CsvFile(("question_id", "answer"), (("q", "a, b"),), delimiter=";"),
    CsvFile(("question_id", "answer"), (("q", "a, b"),), delimiter="\t", line_end="\r"),
    CsvFile(("question_id", "answer"), (("q", "a"),), encoding="utf-16"),
]


@FUZZ
@given(BATCH_CSV)
@example(REGRESSIONS_CSV[0])
@example(REGRESSIONS_CSV[1])
@example(REGRESSIONS_CSV[2])
@example(REGRESSIONS_CSV[3])
@example(REGRESSIONS_CSV[4])
@example(REGRESSIONS_CSV[5])
def test_csv_rows_come_back_exactly_or_as_errors_naming_row_and_field(file: CsvFile) -> None:
    check_file(file, ".csv")


@FUZZ
@given(jsonl_files())
@example(JsonlFile(({"question_id": "q", "answer": "a"}, {"question_id": "q", "answer": "b"}), encoding="utf-8-sig"))
@example(JsonlFile(({"question_id": "q", "answer": "a"}, {"question_id": "q", "answer": "b"}), line_end="\r"))
@example(JsonlFile(("[" * 5000, '{"answer": ' + "1" * 5000 + "}", {"question_id": "q", "answer": "after"})))
def test_jsonl_rows_come_back_exactly_or_as_errors_naming_row_and_field(file: JsonlFile) -> None:
    check_file(file, ".jsonl")


ANY_BYTES = st.one_of(st.binary(max_size=300), BATCH_CSV.map(CsvFile.data), jsonl_files().map(JsonlFile.data))


@FUZZ
@given(ANY_BYTES, st.integers(0), st.sampled_from([".csv", ".jsonl"]))
def test_any_bytes_cut_anywhere_are_rows_in_order_or_one_file_error(data: bytes, cut: int, suffix: str) -> None:
    """A file of any bytes (a CSV read as JSONL, a header cut short, noise) as the other properties
    would not draw it: rows and row errors in file order, or one InputFileError, nothing else."""
    with written(data[: cut % (len(data) + 1)], suffix) as path:
        try:
            rows = list(read_rows(path))
        except InputFileError:
            return
    numbers = [row.row for row in rows]
    assert numbers == sorted(set(numbers)) and all(row.field for row in rows if isinstance(row, RowError))


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
@pytest.mark.parametrize("data", [b"", codecs.BOM_UTF8, b"\n", b"\r\n\r\n", b" \t\r", codecs.BOM_UTF8 + b"\r"])
def test_an_empty_file_is_one_file_level_error(data: bytes, suffix: str) -> None:
    with written(data, suffix) as path, pytest.raises(InputFileError, match="the file is empty"):
        list(read_rows(path))


def mostly(values: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return weighted((3, values), (1, CELL))


IMPORT_CELLS = {
    "question": mostly(st.builds("What does {} do?".format, TEXT)),
    "reference_answer": mostly(st.just("Int8 shrinks weights. Calibration picks the scales. Kernels run faster.")),
    "difficulty": mostly(st.sampled_from(["Easy", " medium ", "HARD"])),
    "type": mostly(st.sampled_from(["Technical", "Conceptual"])),
    "subtopic": mostly(st.sampled_from(["inference", "kv-cache"])),
}


@settings(FUZZ, max_examples=30)
@given(csv_files(IMPORT_FIELDS, ("id", "rubric", "notes"), IMPORT_CELLS))
@example(CsvFile(IMPORT_FIELDS, (("What is int8?", "é", "Easy", "Technical", "inference"),)))  # no sentence in it
def test_a_bank_import_accounts_for_every_row(file: CsvFile) -> None:
    """Each row is a question, a problem naming its row, or a warning that it is already in the bank."""
    data = file.data()
    with written(data, ".csv") as path, tempfile.TemporaryDirectory() as out:
        try:
            report = import_questions(path, Path(out))
        except InputFileError as exc:
            assert file_error_is_due(str(exc), data, file.encoding == "utf-16", len(file.expected())), exc
            return
    numbers = [row.number for row in file.expected()]
    problem_rows = {p.row for p in report.problems}
    skipped = {
        n for n in numbers if any(w.startswith(f"row {n}: question: already in the bank") for w in report.warnings)
    }
    assert problem_rows <= set(numbers)
    assert len(report.questions) + len(problem_rows) + len(skipped) == len(numbers)
