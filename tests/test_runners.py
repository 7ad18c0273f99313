"""Several items in flight, results in the items' order (`runners.in_order`): what a batch grades with; and
numpy's OpenBLAS on one thread once the models' runners start (`runners.one_blas_thread`)."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from threadpoolctl import ThreadpoolController

from interviewer.runners import Runners, in_order


def test_results_come_in_the_items_order_whatever_order_they_finish_in() -> None:
    delays = [0.05, 0.0, 0.03, 0.0, 0.01, 0.04, 0.0, 0.02]

    def slow_square(i: int) -> int:
        time.sleep(delays[i])
        return i * i

    assert list(in_order(slow_square, range(len(delays)), workers=3)) == [i * i for i in range(len(delays))]


def test_items_run_side_by_side_but_only_a_few_ahead_of_the_one_awaited() -> None:
    started: list[int] = []
    first_may_finish = threading.Event()

    def run(i: int) -> int:
        started.append(i)
        if i == 0:
            assert first_may_finish.wait(5), "item 0 was never let go"
        return i

    results = in_order(run, range(20), workers=2)
    waiter = threading.Timer(0.3, first_may_finish.set)
    waiter.start()
    assert next(results) == 0  # held until item 0 finished, while others ran beside it
    ahead = len(started)
    assert 2 <= ahead <= 2 * 2 + 1  # the one awaited and at most 2 x workers after it
    assert list(results) == list(range(1, 20))
    waiter.join()


def test_a_failing_item_raises_where_its_result_is_due() -> None:
    def run(i: int) -> int:
        if i == 3:
            raise ValueError("row 3 is bad")
        return i

    results = in_order(run, range(6), workers=2)
    assert [next(results) for _ in range(3)] == [0, 1, 2]
    with pytest.raises(ValueError, match="row 3 is bad"):
        next(results)


def test_one_worker_runs_the_items_one_after_another_on_the_callers_thread() -> None:
    threads: list[str] = []

    def run(i: int) -> int:
        threads.append(threading.current_thread().name)
        return -i

    assert list(in_order(run, range(4), workers=1)) == [0, -1, -2, -3]
    assert set(threads) == {threading.current_thread().name}


def test_numpy_blas_runs_on_one_thread_once_the_runners_start() -> None:
    openblas = ThreadpoolController().select(internal_api="openblas")
    if not openblas.lib_controllers:
        pytest.skip("requires numpy built on OpenBLAS (as the PyPI wheels CI installs are): not installed here")
    with openblas.limit(limits=2):  # as numpy starts on a 2-core machine; restored after the test
        assert Runners("test").map(lambda x: x * 2, [1, 2]) == [2, 4]
        assert {c.num_threads for c in ThreadpoolController().select(internal_api="openblas").lib_controllers} == {1}
        assert np.ones((64, 64)) @ np.ones(64) == pytest.approx(np.full(64, 64.0))
