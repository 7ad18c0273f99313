"""Batch grading: CSV and JSONL, bad rows reported by number, resume after a crash, dry run."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from interviewer.cli.main import main
from interviewer.grading.batch import BatchRunner, errors_path
from interviewer.grading.batch_input import RowError, read_rows
from interviewer.grading.engines import make_engine
from interviewer.grading.registry import engine_caution
from interviewer.workspace import Workspace

GOOD = "On GPUs with Tensor Cores fp16 keeps accuracy; int8 needs calibration and wins on CPUs with VNNI kernels."
ROWS = [
    {"id": "a1", "question_id": "fp16-vs-int8-inference", "answer": GOOD},
    {"id": "a2", "question_id": "no-such-question", "answer": "whatever the answer is"},
    {"id": "a3", "question_id": "zero-sharding-stages", "answer": ""},
    {
        "id": "a4",
        "question": "What does a prototype do?",
        "reference_answer": "It simulates part of the product.",
        "answer": "It simulates a part of the product early.",
    },
    {
        "id": "a5",
        "question_id": "zero-sharding-stages",
        "answer": "ZeRO-3 shards parameters too, so memory per GPU drops with the number of GPUs.",
    },
]


def write_jsonl(path: Path, rows: Sequence[Mapping[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    import csv

    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "question_id", "question", "reference_answer", "answer"])
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return Workspace()


@pytest.mark.parametrize("writer", [write_jsonl, write_csv])
def test_batch_grades_good_rows_and_reports_bad_ones(tmp_path: Path, workspace: Workspace, writer) -> None:  # type: ignore[no-untyped-def]
    source = writer(tmp_path / ("in.jsonl" if writer is write_jsonl else "in.csv"), ROWS)
    out = tmp_path / "out.jsonl"
    graded, skipped, bad = BatchRunner(workspace, make_engine(workspace, "offline"), out).run(source)
    assert (graded, skipped, bad) == (3, 0, 2)
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["a1", "a4", "a5"]
    assert all(r["grade"]["status"] == "graded" for r in records)
    errors = [json.loads(line) for line in errors_path(out).read_text().splitlines()]
    first_row = 2 if writer is write_csv else 1
    assert [(e["row"], e["field"]) for e in errors] == [(first_row + 1, "question_id"), (first_row + 2, "answer")]
    assert "unknown question id" in errors[0]["error"]


HUMAN_SCORED: list[dict[str, object]] = [  # the shared human-scored format: each question has the data set's own id
    {
        "id": "saf-1",
        "question_id": "1.6",
        "question": "Which encoding should a congested network with perfect clocks use? Give two reasons.",
        "reference_answer": "Binary encoding: it carries a full bit per baud, and perfect clocks need no self-clocking.",
        "answer": "Binary encoding, since it uses the bandwidth best and the clocks are perfect anyway.",
        "score": 2.5,
    },
    {"id": "x-2", "question_id": "1.7", "answer": "no reference answer with this one"},
]


def test_a_question_id_the_bank_does_not_hold_is_graded_against_the_rows_reference(
    tmp_path: Path, workspace: Workspace
) -> None:
    source, out = write_jsonl(tmp_path / "in.jsonl", HUMAN_SCORED), tmp_path / "out.jsonl"
    runner = BatchRunner(workspace, make_engine(workspace, "offline"), out)
    assert runner.run(source) == (1, 0, 1)
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["question_id"] == "1.6" and record["grade"]["status"] == "graded"
    assert record["grade"]["score"] > 0 and all(j["point_id"] for j in record["grade"]["judgments"])
    assert runner.warnings == [
        "1 row(s) name 1 question id(s) the bank does not hold ('1.6'): "
        "graded against their reference_answer (reference-only mode)"
    ]
    (error,) = [json.loads(line) for line in errors_path(out).read_text().splitlines()]
    assert (error["row"], error["field"]) == (2, "question_id") and "unknown question id '1.7'" in error["error"]


def test_rerun_skips_graded_rows_and_never_duplicates(tmp_path: Path, workspace: Workspace) -> None:
    source, out = write_jsonl(tmp_path / "in.jsonl", ROWS), tmp_path / "out.jsonl"
    runner = BatchRunner(workspace, make_engine(workspace, "offline"), out)
    runner.run(source)
    assert runner.run(source) == (0, 3, 2)
    assert len(out.read_text().splitlines()) == 3


def test_a_run_with_no_bad_rows_leaves_no_errors_file(tmp_path: Path, workspace: Workspace) -> None:
    source, out = write_jsonl(tmp_path / "in.jsonl", ROWS), tmp_path / "out.jsonl"
    runner = BatchRunner(workspace, make_engine(workspace, "offline"), out)
    runner.run(source)
    assert errors_path(out).exists()  # a2 and a3 are bad
    write_jsonl(source, [ROWS[0], ROWS[3], ROWS[4]])  # mended by leaving them out
    assert runner.run(source) == (0, 3, 0)
    assert not errors_path(out).exists()


def test_rows_graded_side_by_side_are_written_in_row_order_with_the_same_grades(
    tmp_path: Path, workspace: Workspace
) -> None:
    rows = [dict(ROWS[i % 2 * 4], id=f"r{i}", answer=f"{GOOD} Variant {i}.") for i in range(12)]
    rows = [dict(row, question_id="zero-sharding-stages") if i % 3 == 0 else row for i, row in enumerate(rows)]
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    engine = make_engine(workspace, "offline")
    runner = BatchRunner(workspace, engine, tmp_path / "default.jsonl")
    assert runner.concurrency == 2  # the offline engine's default
    runner.run(source)
    BatchRunner(workspace, engine, tmp_path / "alone.jsonl", concurrency=1).run(source)
    side_by_side = [json.loads(line) for line in (tmp_path / "default.jsonl").read_text().splitlines()]
    one_by_one = [json.loads(line) for line in (tmp_path / "alone.jsonl").read_text().splitlines()]
    assert [r["id"] for r in side_by_side] == [f"r{i}" for i in range(12)]
    assert [_timeless(r["grade"]) for r in side_by_side] == [_timeless(r["grade"]) for r in one_by_one]


def _timeless(grade: dict[str, Any]) -> dict[str, Any]:
    """A grade without how long it took."""
    return grade | {"provenance": {k: v for k, v in grade["provenance"].items() if k != "latency_s"}}


def test_undecodable_and_invalid_lines_are_row_errors(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"question_id": "x", "answer": "fine"}\n\xff\xfe broken\nnot json\n')
    rows = list(read_rows(path))
    assert isinstance(rows[1], RowError) and rows[1].row == 2 and "undecodable" in rows[1].error
    assert isinstance(rows[2], RowError) and "invalid JSON" in rows[2].error


@pytest.mark.usefixtures("bank_in_default_data_dir")
def test_resume_after_kill_loses_only_rows_in_flight(tmp_path: Path) -> None:
    answers = [dict(ROWS[0], id=f"r{i}", answer=f"{GOOD} Variant {i}.") for i in range(40)]
    source, out = write_jsonl(tmp_path / "in.jsonl", answers), tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "interviewer.cli.main", "grade", str(source), "-o", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not out.exists() or len(out.read_text().splitlines()) < 3:
        assert process.poll() is None, "the batch ended before it could be killed"
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the batch wrote fewer than 3 rows in 300 s")
        time.sleep(0.05)
    process.kill()
    process.wait()
    with out.open("a") as handle:
        handle.write('{"key": "torn')  # a line cut by the kill
    assert main(["grade", str(source), "-o", str(out)]) == 0
    keys = [
        json.loads(line)["key"]
        for line in out.read_text().splitlines()
        if line.startswith('{"key": "') and line.endswith("}")
    ]
    assert len(keys) == len(set(keys)) == 40


def test_a_graded_batch_says_what_to_check_by_hand(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, out = write_jsonl(tmp_path / "in.jsonl", ROWS[:1]), tmp_path / "out.jsonl"
    assert main(["grade", str(source), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert f"note: {engine_caution('offline')}" in captured.err
    assert "crossed" in engine_caution("offline") and engine_caution("llm") and engine_caution("no-such-engine") == ""
    assert json.loads(captured.out.splitlines()[-1])["graded"] == 1  # stdout still ends with the summary


def test_the_command_names_each_bad_row_and_the_file_listing_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, out = write_csv(tmp_path / "in.csv", ROWS), tmp_path / "out.jsonl"
    assert main(["grade", str(source), "-o", str(out)]) == 1  # bad rows: the exit code says so
    err = capsys.readouterr().err
    assert f"bad row: {source}: row 3, question_id: unknown question id 'no-such-question'" in err
    assert f"bad row: {source}: row 4, answer: missing or empty answer" in err
    assert f"bad rows: all 2 listed in {errors_path(out)}" in err


def test_many_bad_rows_show_the_first_few(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{"id": f"e{n}", "question_id": "zero-sharding-stages", "answer": ""} for n in range(7)]
    source, out = write_jsonl(tmp_path / "in.jsonl", rows), tmp_path / "out.jsonl"
    assert main(["grade", str(source), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("bad row: ") == 5 and f"bad rows: 2 more, all 7 listed in {errors_path(out)}" in err


def test_dry_run_makes_no_calls(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, out = write_jsonl(tmp_path / "in.jsonl", ROWS), tmp_path / "out.jsonl"
    assert main(["grade", str(source), "-o", str(out), "--dry-run"]) == 0
    assert "3 to grade (0 already graded, 2 bad rows): 0 model calls" in capsys.readouterr().out
    assert not out.exists()


@pytest.mark.usefixtures("bank_in_default_data_dir")
def test_single_answer_prints_a_readable_grade(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", "--question", "fp16-vs-int8-inference", "--answer", GOOD]) == 0
    out = capsys.readouterr().out
    assert out.startswith("fp16-vs-int8-inference: ") and "/100 — band" in out
    assert main(["grade", "--question", "no-such-id-or-text-at-all", "--answer", "x"]) == 2


def test_the_apps_preview_says_which_rows_are_graded_against_their_own_reference(
    tmp_path: Path, workspace: Workspace
) -> None:
    from interviewer.ui.batch_tab import preview

    source = write_jsonl(tmp_path / "in.jsonl", HUMAN_SCORED)
    table, text = preview(workspace, str(source), "offline")
    assert "1 to grade, 1 bad" in text
    assert "Note: 1 row(s) name 1 question id(s) the bank does not hold ('1.6')" in text
    assert [row[0] for row in table] == [1, 2]


def test_the_apps_batch_offers_no_errors_file_when_no_row_is_bad(tmp_path: Path) -> None:
    from interviewer.config import Settings
    from interviewer.ui.batch_tab import run_batch

    source = write_jsonl(tmp_path / "in.jsonl", [ROWS[0], ROWS[4]])
    workspace = Workspace(Settings(data_dir=tmp_path / "data"))
    text, _, _, files, records = run_batch(workspace, str(source), "offline", lambda *a, **k: None)  # type: ignore[arg-type]
    assert "Graded **2** answers; **0** bad rows." in text and len(records) == 2
    assert [Path(f).suffix for f in files] == [".jsonl", ".csv"] and all(Path(f).is_file() for f in files)
