"""Batch grading under careless and hostile input: no row lost, no output doubled, no input overwritten,
one bad field never aborts the batch, a torn line never stays behind."""

from __future__ import annotations

import csv
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from interviewer.cli.main import main
from interviewer.errors import FileInUse
from interviewer.filelock import exclusive_lock
from interviewer.grading.batch import BatchRunner, errors_path
from interviewer.grading.batch_output import drop_torn_line, lock_path
from interviewer.grading.engines import make_engine
from interviewer.workspace import Workspace

QUESTION = "fp16-vs-int8-inference"
GOOD = "On GPUs with Tensor Cores fp16 keeps accuracy; int8 needs calibration and wins on CPUs with VNNI kernels."


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return Workspace()


def _jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _csv(path: Path, rows: list[dict[str, str]], fields: tuple[str, ...] = ("id", "question_id", "answer")) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(fields))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_second_candidate_with_the_same_answer_is_graded_on_resume(tmp_path: Path, workspace: Workspace) -> None:
    ada = {"id": "1", "candidate": "ada", "question_id": QUESTION, "answer": GOOD}
    source, out = _jsonl(tmp_path / "in.jsonl", [ada]), tmp_path / "out.jsonl"
    runner = BatchRunner(workspace, make_engine(workspace, "offline"), out)
    assert runner.run(source) == (1, 0, 0)
    _jsonl(source, [ada, {**ada, "id": "2", "candidate": "grace"}])
    assert runner.run(source) == (1, 1, 0)
    assert [(r["id"], r["candidate"]) for r in _lines(out)] == [("1", "ada"), ("2", "grace")]


@pytest.mark.slow
def test_two_batch_runs_on_one_output_never_both_write(tmp_path: Path) -> None:
    rows = [{"id": f"r{i}", "question_id": QUESTION, "answer": f"{GOOD} Variant {i}."} for i in range(400)]
    source, out = _jsonl(tmp_path / "in.jsonl", rows), tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "interviewer.cli.main", "grade", str(source), "-o", str(out)]
    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_lines(out, 1, first)
        second = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert first.poll() is None, "the first run ended before the second one tried"
    finally:
        first.kill()
        first.wait()
    assert second.returncode == 2
    assert f"is in use by process {first.pid}" in second.stderr
    keys = [r["key"] for r in _lines(out)]
    assert len(keys) == len(set(keys))  # only the first run wrote


def _wait_for_lines(out: Path, count: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300
    while not out.exists() or len(out.read_text().splitlines()) < count:
        assert process.poll() is None and time.monotonic() < deadline, "the batch ended before it could be seen"
        time.sleep(0.05)


def test_a_killed_holder_releases_the_lock_and_the_pid_is_named(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    script = (
        "import sys, time; from pathlib import Path; from interviewer.filelock import exclusive_lock\n"
        f"with exclusive_lock(Path({str(lock_path(out))!r}), 'x'):\n    print('held', flush=True); time.sleep(600)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(FileInUse, match=f"process {holder.pid} "), exclusive_lock(lock_path(out), "the output"):
            pass
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    with exclusive_lock(lock_path(out), "the output"):
        assert lock_path(out).read_text().strip() == str(os.getpid())


def test_the_lock_file_is_gone_when_the_run_ends_even_by_an_error(tmp_path: Path) -> None:
    path = lock_path(tmp_path / "out.jsonl")
    with exclusive_lock(path, "the output"):
        assert path.is_file()
    assert not path.exists()
    with pytest.raises(RuntimeError), exclusive_lock(path, "the output"):
        raise RuntimeError("the run failed")
    assert not path.exists()


def test_a_lock_file_opened_just_before_its_holder_removed_it_locks_nothing(tmp_path: Path) -> None:
    from interviewer.filelock import _names

    path = lock_path(tmp_path / "out.jsonl")
    with exclusive_lock(path, "the output"):
        late = os.open(path, os.O_RDWR)  # another run opened the file just before this one ended
    try:
        fcntl.flock(late, fcntl.LOCK_EX | fcntl.LOCK_NB)  # it gets the lock of a file no path names
        assert not _names(path, late)  # so it must not run on it
        # the file the path names now is the one that counts
        with exclusive_lock(path, "the output"), pytest.raises(FileInUse), exclusive_lock(path, "the output"):
            pass
    finally:
        os.close(late)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_output_equal_to_the_input_is_refused_before_anything_is_written(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [{"id": "1", "question_id": QUESTION, "answer": GOOD}]
    source = _csv(tmp_path / "in.csv", rows) if suffix == ".csv" else _jsonl(tmp_path / "in.jsonl", rows)
    before = sorted(os.listdir(tmp_path)), source.read_bytes()
    assert main(["grade", str(source), "-o", str(source)]) == 2
    assert "would write over its own input" in capsys.readouterr().err
    assert (sorted(os.listdir(tmp_path)), source.read_bytes()) == before


def test_csv_next_to_its_input_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _csv(tmp_path / "answers.csv", [{"id": "1", "question_id": QUESTION, "answer": GOOD}])
    before = source.read_bytes()
    assert main(["grade", str(source), "-o", str(tmp_path / "answers.jsonl"), "--csv"]) == 2
    assert "would write over its own input" in capsys.readouterr().err and source.read_bytes() == before


def test_one_bad_field_never_aborts_the_batch(tmp_path: Path, workspace: Workspace) -> None:
    source = tmp_path / "in.csv"
    header = b"id,candidate,question_id,answer\n"
    good = f"ok,ada,{QUESTION},{GOOD}\n".encode()
    huge = f"big,ada,{QUESTION},".encode() + b"x" * (130 * 1024 + 1) + b"\n"
    bad_id = b"\xff\xfeid,ada," + QUESTION.encode() + b",answer\n"
    bad_candidate = b"c4,\xc3\x28," + QUESTION.encode() + b",answer\n"
    source.write_bytes(header + huge + bad_id + bad_candidate + good)
    out = tmp_path / "out.jsonl"
    graded, skipped, bad = BatchRunner(workspace, make_engine(workspace, "offline"), out).run(source)
    assert (graded, skipped, bad) == (1, 0, 3)
    errors = _lines(errors_path(out))
    assert [(e["row"], e["field"]) for e in errors] == [(2, "answer"), (3, "id"), (4, "candidate")]
    assert "field larger than 128 KiB" in str(errors[0]["error"])
    assert [r["id"] for r in _lines(out)] == ["ok"]


def test_a_torn_last_line_is_removed_and_a_whole_one_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    whole = json.dumps({"key": "a", "x": 1})
    out.write_text(whole + "\n" + '{"key": "torn", "grade": {"sco')
    drop_torn_line(out)
    assert out.read_text() == whole + "\n"
    out.write_text(whole + "\n" + whole)  # cut just before its newline: a whole record
    drop_torn_line(out)
    assert out.read_text() == whole + "\n" + whole + "\n"
    out.write_text("x" * 200_000)  # one long fragment and nothing else
    drop_torn_line(out)
    assert out.read_text() == ""


@pytest.mark.slow
def test_resume_after_kill_9_leaves_no_fragment(tmp_path: Path) -> None:
    rows = [{"id": f"r{i}", "question_id": QUESTION, "answer": f"{GOOD} Variant {i}."} for i in range(20)]
    source, out = _jsonl(tmp_path / "in.jsonl", rows), tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "interviewer.cli.main", "grade", str(source), "-o", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for_lines(out, 2, process)
    process.send_signal(signal.SIGKILL)
    process.wait()
    with out.open("a") as handle:
        handle.write('{"key": "torn", "row": 3, "grade": {"sc')  # what a kill mid-write leaves
    assert main(["grade", str(source), "-o", str(out)]) == 0
    records = _lines(out)  # every line is a whole JSON record
    assert sorted(r["id"] for r in records) == sorted(r["id"] for r in rows)


def test_file_level_problems_are_one_error_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\xef\xbb\xbf\n")
    no_answer = _csv(tmp_path / "no-answer.csv", [{"id": "1", "question_id": QUESTION}], ("id", "question_id"))
    no_answer_jsonl = _jsonl(tmp_path / "no-answer.jsonl", [{"id": "1", "question_id": QUESTION}] * 3)
    expected = {
        binary: "not a text CSV file",
        empty: "the file is empty",
        no_answer: "no answer column",
        no_answer_jsonl: "no answer column",
    }
    for path, message in expected.items():
        assert main(["grade", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err, err
        assert not errors_path(path.with_name(path.stem + ".graded.jsonl")).exists()


def test_duplicate_row_ids_are_a_warning(
    tmp_path: Path, workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [{"id": "same", "question_id": QUESTION, "answer": GOOD}] * 2
    source = _jsonl(tmp_path / "dupes.jsonl", rows)
    assert main(["grade", str(source), "--dry-run"]) == 0
    assert "warning: row 2: id: 'same' is also the id of row 1" in capsys.readouterr().err


def test_redirected_progress_counts_rows_first_and_prints_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [{"id": f"r{i}", "question_id": QUESTION, "answer": f"{GOOD} Variant {i}."} for i in range(2)]
    source = _jsonl(tmp_path / "in.jsonl", rows)
    assert main(["grade", str(source)]) == 0
    err = capsys.readouterr().err  # not a terminal: plain lines, no bar
    assert "grading 2 row(s)" in err and "graded 2/2 (" in err and "rows/s" in err
