"""Batch grading: resumable (results appended and flushed per row, keyed by content hash), bad rows
reported and skipped, optional concurrency for model-backed engines."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from interviewer.errors import InterviewerError
from interviewer.grading.batch_input import BatchRow, RowError, read_rows
from interviewer.grading.engine import Engine
from interviewer.grading.grader import Grader
from interviewer.grading.resolve import Drafter, resolve_target
from interviewer.grading.target import GradingTarget
from interviewer.grading.types import Grade
from interviewer.workspace import Workspace

Progress = Callable[[int], None]


def row_key(row: BatchRow, engine: Engine) -> str:
    parts = [
        row.question_id,
        row.question,
        row.reference_answer,
        row.answer,
        engine.name,
        engine.model,
        engine.version,
    ]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:20]


def done_keys(out: Path) -> set[str]:
    """Keys of rows already graded; a torn last line (a crash mid-write) is ignored and re-graded."""
    keys: set[str] = set()
    if out.is_file():
        for line in out.read_text(encoding="utf-8").splitlines():
            try:
                keys.add(json.loads(line)["key"])
            except (json.JSONDecodeError, KeyError, TypeError):
                continue
    return keys


def _end_torn_line(out: Path) -> None:
    """A crash can leave a last line without its newline: close it so the next record starts clean."""
    if out.is_file() and out.stat().st_size:
        with out.open("rb+") as handle:
            handle.seek(-1, os.SEEK_END)
            if handle.read(1) != b"\n":
                handle.write(b"\n")


def errors_path(out: Path) -> Path:
    return out.with_name(out.stem + ".errors.jsonl")


@dataclass(frozen=True)
class Work:
    row: BatchRow
    key: str
    target: GradingTarget


class BatchRunner:
    def __init__(
        self, workspace: Workspace, engine: Engine, out: Path, concurrency: int = 1, drafter: Drafter | None = None
    ) -> None:
        self.workspace = workspace
        self.engine = engine
        self.out = out
        self.concurrency = max(1, concurrency)
        self.drafter = drafter
        self.grader = Grader(engine, workspace.embedder)
        self._lock = threading.Lock()

    def pending(self, path: Path, errors: IO[str] | None = None) -> tuple[list[Work], int, int]:
        """Rows still to grade, how many were already graded, how many are bad (written to `errors`)."""
        done, work, skipped, bad = done_keys(self.out), [], 0, 0
        for item in read_rows(path):
            resolved = self._resolve(item)
            if isinstance(resolved, RowError):
                bad += 1
                if errors is not None:
                    errors.write(json.dumps(resolved.__dict__) + "\n")
            elif resolved.key in done:
                skipped += 1
            else:
                work.append(resolved)
        return work, skipped, bad

    def _resolve(self, item: BatchRow | RowError) -> Work | RowError:
        if isinstance(item, RowError):
            return item
        try:
            target = resolve_target(
                self.workspace, item.question_id, item.question, item.reference_answer, self.drafter
            )
        except InterviewerError as exc:
            return RowError(item.row, "question_id" if item.question_id else "question", str(exc))
        return Work(item, row_key(item, self.engine), target)

    def run(self, path: Path, progress: Progress | None = None) -> tuple[int, int, int]:
        """Grade what is pending; return (graded now, already graded, bad rows)."""
        self.out.parent.mkdir(parents=True, exist_ok=True)
        with errors_path(self.out).open("w", encoding="utf-8") as errors:
            work, skipped, bad = self.pending(path, errors)
        _end_torn_line(self.out)
        with self.out.open("a", encoding="utf-8") as sink:
            for _ in self._graded(work, sink):
                if progress:
                    progress(1)
        return len(work), skipped, bad

    def _graded(self, work: list[Work], sink: IO[str]) -> Iterator[Grade]:
        if self.concurrency == 1:
            for item in work:
                yield self._grade_and_write(item, sink)
            return
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            yield from pool.map(lambda item: self._grade_and_write(item, sink), work)

    def _grade_and_write(self, item: Work, sink: IO[str]) -> Grade:
        grade = self.grader.grade(item.target, item.row.answer)
        record: dict[str, Any] = {
            "key": item.key,
            "row": item.row.row,
            "id": item.row.id,
            "candidate": item.row.candidate,
            "question_id": item.target.question_id,
            "answer": item.row.answer,
            "grade": grade.model_dump(mode="json"),
        }
        with self._lock:
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
            sink.flush()
            os.fsync(sink.fileno())
        return grade
