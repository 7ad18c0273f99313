"""Batch progress for a person watching: a rich bar with total, rate and ETA on a terminal; plain
periodic lines (count, rate, ETA) when the output is redirected to a file or a pipe."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class LineProgress:
    """`graded 10/60 (2.1 rows/s, about 24s left)` every `every_s` seconds, and at the end."""

    def __init__(self, stream: TextIO, every_s: float = 10.0) -> None:
        self.stream, self.every_s = stream, every_s
        self.total, self.done = 0, 0
        self.started = self.last = time.monotonic()

    def start(self, total: int) -> None:
        self.total, self.started = total, time.monotonic()
        self.last = self.started
        print(f"grading {total} row(s)", file=self.stream, flush=True)

    def advance(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last >= self.every_s or self.done == self.total:
            self.last = now
            print(self.line(now), file=self.stream, flush=True)

    def line(self, now: float) -> str:
        rate = self.done / max(now - self.started, 1e-9)
        left = (self.total - self.done) / rate if rate else float("inf")
        eta = f"about {left:.0f}s left" if left != float("inf") else "time left unknown"
        return f"graded {self.done}/{self.total} ({rate:.1f} rows/s, {eta})"


class RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:.1f} rows/s" if task.speed else "… rows/s")


class BarProgress:
    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("grading", total=None)

    def start(self, total: int) -> None:
        self.progress.update(self.task, total=total)

    def advance(self, n: int) -> None:
        self.progress.advance(self.task, n)


@contextmanager
def batch_progress(stream: TextIO | None = None) -> Iterator[BarProgress | LineProgress]:
    stream = stream or sys.stderr
    if not stream.isatty():
        yield LineProgress(stream)
        return
    columns = (BarColumn(), MofNCompleteColumn(), TaskProgressColumn(), RateColumn())
    with Progress(*columns, TimeRemainingColumn(), console=Console(file=stream)) as progress:
        yield BarProgress(progress)
