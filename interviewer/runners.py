"""Threads that run onnxruntime sessions side by side, one core each: the judge's pairs and the int8
embedder's texts, each run alone (`judge.model`, `store.minilm_int8`); and several answers in flight
with their results kept in order (`in_order`, a batch). Once they start, numpy's OpenBLAS runs on one
thread (`one_blas_thread`)."""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from threadpoolctl import ThreadpoolController

RUNNERS = max(1, min(4, os.cpu_count() or 1))  # one single-threaded session run per core

T = TypeVar("T")
R = TypeVar("R")


class Runners:
    """A pool of RUNNERS threads, started on first use, and again in a process forked from this one
    (threads do not survive a fork)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._pid = 0

    def map(self, run: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """`run` on each item, side by side; the results in the items' order."""
        return list(self._threads().map(run, items))

    def _threads(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None or self._pid != os.getpid():
                one_blas_thread()
                self._pool, self._pid = ThreadPoolExecutor(RUNNERS, thread_name_prefix=self.name), os.getpid()
            return self._pool


def one_blas_thread() -> None:
    """numpy's OpenBLAS on one thread, in the whole process: the runners take every core, and BLAS threads
    (which spin while they wait for work) took cores from them after each small product of vectors the
    engine makes (a rubric's points by an answer's spans, a point's word pieces by the answer's). On the
    eval's answers to their own questions, graded one at a time, the engine ran at 1.75 and 1.60 times the
    cost of its judge's forward passes, against 1.88 and 2.06 before (`benchmarks/grade_throughput.py`,
    thirty-eighth session)."""
    ThreadpoolController().select(internal_api="openblas").limit(limits=1)


def in_order(run: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """`run` on each item, up to `workers` of them side by side, yielding results in the items' order as
    soon as each one's turn comes. At most 2 x `workers` items are started ahead of the one awaited, so a
    slow item holds back few finished ones (a batch writes results in its input's order)."""
    if workers <= 1:
        yield from map(run, items)
        return
    with ThreadPoolExecutor(workers, thread_name_prefix="in-order") as pool:
        started: deque[Future[R]] = deque()
        for item in items:
            started.append(pool.submit(run, item))
            if len(started) > 2 * workers:
                yield started.popleft().result()
        while started:
            yield started.popleft().result()
