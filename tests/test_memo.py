"""The bounded memory shared by the embedding cache, the judge and token recall."""

from __future__ import annotations

from interviewer.memo import BatchMemo


def test_only_distinct_keys_not_remembered_are_computed_in_order() -> None:
    memo: BatchMemo[str, int] = BatchMemo(10)
    asked: list[list[str]] = []

    def lengths(keys: list[str]) -> list[int]:
        asked.append(keys)
        return [len(k) for k in keys]

    assert memo.get_many(["a", "bb", "a"], lengths) == [1, 2, 1]
    assert memo.get_many(["bb", "ccc"], lengths) == [2, 3]
    assert asked == [["a", "bb"], ["ccc"]]
    assert "ccc" in memo and "d" not in memo


def test_a_full_memory_forgets_and_still_answers() -> None:
    memo: BatchMemo[int, int] = BatchMemo(3)
    assert memo.get_many([1, 2, 3], lambda keys: [k * 10 for k in keys]) == [10, 20, 30]
    assert memo.get_many([4, 5], lambda keys: [k * 10 for k in keys]) == [40, 50]
    assert 1 not in memo and 4 in memo
    memo.clear()
    assert 4 not in memo
