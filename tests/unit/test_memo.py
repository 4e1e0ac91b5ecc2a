"""The process memo: builds once per key, bounded, cleared on demand."""

from __future__ import annotations

import threading

import pytest

from axpartners.memo import Memo


def test_builds_once_per_key_and_drops_the_least_recently_used() -> None:
    builds: list[str] = []
    memo: Memo[str, str] = Memo(max_size=2)

    def get(key: str) -> str:
        return memo.get_or_build(key, lambda: builds.append(key) or key.upper())

    assert [get("a"), get("a"), get("b")] == ["A", "A", "B"]
    get("a")  # "a" is now the most recent, so "b" goes first
    get("c")
    assert len(memo) == 2
    get("a")
    get("b")
    assert builds == ["a", "b", "c", "b"]


def test_get_and_put_share_the_bound_and_the_order() -> None:
    memo: Memo[str, str] = Memo(max_size=2)
    assert memo.get("a") is None
    memo.put("a", "A")
    memo.put("b", "B")
    assert memo.get("a") == "A"  # "a" is now the most recent, so "b" goes first
    memo.put("c", "C")
    assert (memo.get("a"), memo.get("b"), memo.get("c")) == ("A", None, "C")
    memo.put("c", "C2")
    assert memo.get_or_build("c", lambda: "built") == "C2"
    assert len(memo) == 2


def test_clear_forgets_every_value() -> None:
    memo: Memo[int, object] = Memo()
    first = memo.get_or_build(1, object)
    memo.clear()
    assert len(memo) == 0
    assert memo.get_or_build(1, object) is not first


def test_concurrent_callers_share_one_build() -> None:
    memo: Memo[str, int] = Memo()
    count = 0

    def build() -> int:
        nonlocal count
        count += 1
        return count

    threads = [threading.Thread(target=memo.get_or_build, args=("k", build)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert count == 1


def test_a_memo_holds_at_least_one_value() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Memo(max_size=0)


def test_an_unlocked_build_lets_other_threads_use_the_memo_and_is_kept() -> None:
    memo: Memo[str, str] = Memo(max_size=4)
    memo.put("other", "held")
    seen: list[str | None] = []
    builds: list[str] = []

    def build() -> str:
        builds.append("a")
        reader = threading.Thread(target=lambda: seen.append(memo.get("other")))
        reader.start()
        reader.join(timeout=5)  # under get_or_build's lock this thread would wait until the end
        return "A"

    assert memo.get_or_build_unlocked("a", build) == "A"
    assert seen == ["held"]
    assert memo.get_or_build_unlocked("a", build) == "A"
    assert builds == ["a"]
