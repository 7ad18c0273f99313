"""Batch grading: resumable (results appended and flushed per row, keyed by a hash of the row and the
engine), bad rows reported and skipped, one run per output at a time (an OS lock naming its holder),
several rows graded side by side (the engine's default: `registry.default_concurrency`), results written
in the input's order."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from interviewer.drafting.points import Drafter
from interviewer.errors import InterviewerError
from interviewer.filelock import exclusive_lock
from interviewer.grading.batch_input import BatchRow, RowError, check_batch_file, read_rows
from interviewer.grading.batch_output import (
    done_keys,
    drop_torn_line,
    errors_path,
    lock_path,
    output_paths,
    refuse_overwriting_input,
)
from interviewer.grading.engine import Engine
from interviewer.grading.grader import Grader
from interviewer.grading.registry import default_concurrency
from interviewer.grading.resolve import resolve_target
from interviewer.grading.screens import SCREENS
from interviewer.grading.target import GradingTarget
from interviewer.grading.types import Grade
from interviewer.redact import redact, redact_grade
from interviewer.runners import in_order
from interviewer.workspace import Workspace

Progress = Callable[[int], None]
__all__ = ["BatchRunner", "Work", "errors_path", "row_key"]


def row_key(row: BatchRow, engine: Engine) -> str:
    """Who answered what, graded how (the engine and the screens in front of it): two candidates with the
    same answer are two rows."""
    parts = [
        row.id,
        row.candidate,
        row.question_id,
        row.question,
        row.reference_answer,
        row.answer,
        engine.name,
        engine.model,
        engine.version,
        SCREENS,
    ]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:20]


def _own_ids_warning(own_ids: Counter[str]) -> str:
    shown = ", ".join(f"'{i}'" for i in list(own_ids)[:3]) + (", …" if len(own_ids) > 3 else "")
    return (
        f"{own_ids.total()} row(s) name {len(own_ids)} question id(s) the bank does not hold ({shown}): "
        "graded against their reference_answer (reference-only mode)"
    )


@dataclass(frozen=True)
class Work:
    row: BatchRow
    key: str
    target: GradingTarget


class BatchRunner:
    def __init__(
        self,
        workspace: Workspace,
        engine: Engine,
        out: Path,
        concurrency: int | None = None,
        drafter: Drafter | None = None,
    ) -> None:
        self.workspace = workspace
        self.engine = engine
        self.out = out
        self.concurrency = max(1, default_concurrency(engine) if concurrency is None else concurrency)
        self.drafter = drafter
        self.grader = Grader(engine, workspace.embedder)
        self.warnings: list[str] = []

    def pending(self, path: Path, errors: IO[str] | None = None) -> tuple[list[Work], int, int]:
        """Rows still to grade, how many were already graded, how many are bad (written to `errors`).
        Duplicate row ids become `warnings`."""
        refuse_overwriting_input(path, output_paths(self.out))
        check_batch_file(path)
        return self._pending(path, errors)

    def _pending(self, path: Path, errors: IO[str] | None) -> tuple[list[Work], int, int]:
        done, work, skipped, bad = done_keys(self.out), [], 0, 0
        first_row_of: dict[str, int] = {}
        own_ids: Counter[str] = Counter()  # question ids the bank does not hold, graded against the row's reference
        self.warnings = []
        for item in read_rows(path):
            if isinstance(item, BatchRow) and first_row_of.setdefault(item.id, item.row) != item.row:
                self.warnings.append(f"row {item.row}: id: '{item.id}' is also the id of row {first_row_of[item.id]}")
            resolved = self._resolve(item)
            if isinstance(resolved, Work) and resolved.row.question_id and resolved.target.drafted:
                own_ids[resolved.row.question_id] += 1
            if isinstance(resolved, RowError):
                bad += 1
                if errors is not None:
                    errors.write(json.dumps(resolved.__dict__, ensure_ascii=False) + "\n")
            elif resolved.key in done:
                skipped += 1
            else:
                work.append(resolved)
        if own_ids:
            self.warnings.append(_own_ids_warning(own_ids))
        return work, skipped, bad

    def _resolve(self, item: BatchRow | RowError) -> Work | RowError:
        if isinstance(item, RowError):
            return item
        try:
            target = resolve_target(
                self.workspace.question,
                self.workspace.ready_store,
                item.question_id,
                item.question,
                item.reference_answer,
                self.drafter,
            )
        except InterviewerError as exc:
            return RowError(item.row, "question_id" if item.question_id else "question", redact(str(exc)))
        return Work(item, row_key(item, self.engine), target)

    def run(
        self, path: Path, progress: Progress | None = None, on_total: Callable[[int], None] | None = None
    ) -> tuple[int, int, int]:
        """Grade what is pending; return (graded now, already graded, bad rows). `on_total` hears how
        many rows are to be graded before the first one is."""
        refuse_overwriting_input(path, output_paths(self.out))
        check_batch_file(path)
        with exclusive_lock(lock_path(self.out), f"the batch output {self.out}"):
            with errors_path(self.out).open("w", encoding="utf-8") as errors:
                work, skipped, bad = self._pending(path, errors)
            if not bad:  # no errors file beside a clean run (nor an earlier run's, now stale)
                errors_path(self.out).unlink()
            if on_total:
                on_total(len(work))
            drop_torn_line(self.out)
            with self.out.open("a", encoding="utf-8") as sink:
                for _ in self._graded(work, sink):
                    if progress:
                        progress(1)
        return len(work), skipped, bad

    def _graded(self, work: list[Work], sink: IO[str]) -> Iterator[Grade]:
        """Grades `concurrency` rows side by side; each result is appended (and flushed) in the input's
        order, so the output reads like the input and a crash loses only rows not yet written."""
        for item, grade in in_order(self._grade, work, self.concurrency):
            self._write(item, grade, sink)
            yield grade

    def _grade(self, item: Work) -> tuple[Work, Grade]:
        return item, redact_grade(self.grader.grade(item.target, item.row.answer))

    def _write(self, item: Work, grade: Grade, sink: IO[str]) -> None:
        record: dict[str, Any] = {
            "key": item.key,
            "row": item.row.row,
            "id": item.row.id,
            "candidate": item.row.candidate,
            "question_id": item.target.question_id,
            "answer": item.row.answer,
            "grade": grade.model_dump(mode="json"),
        }
        sink.write(json.dumps(record, ensure_ascii=False) + "\n")
        sink.flush()
        os.fsync(sink.fileno())
