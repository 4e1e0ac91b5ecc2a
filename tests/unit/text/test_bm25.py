from __future__ import annotations

import math
import random
from pathlib import Path

import numpy as np
import pytest

from axpartners.errors import InputError
from axpartners.text.bm25 import Bm25Index


def _corpus(n: int, seed: int = 0) -> tuple[list[str], list[list[str]]]:
    rng = random.Random(seed)
    vocab = [f"t{i}" for i in range(60)]
    docs = [
        [rng.choice(vocab[: rng.randint(5, 60)]) for _ in range(rng.randint(1, 25))]
        for _ in range(n)
    ]
    return [f"d{i}" for i in range(n)], docs


def _reference(
    docs: list[list[str]], query: list[str], k1: float = 1.5, b: float = 0.75
) -> list[float]:
    """Lucene BM25 written out literally, one document at a time."""
    n = len(docs)
    avgdl = sum(len(d) for d in docs) / n
    out = []
    for d in docs:
        s = 0.0
        for t in set(query):
            df = sum(1 for x in docs if t in x)
            if df == 0:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            tf = d.count(t)
            s += idf * tf / (tf + k1 * (1 - b + b * len(d) / avgdl))
        out.append(s)
    return out


def _all_scores(index: Bm25Index, query: list[str]) -> dict[str, float]:
    return dict(index.search(query, k=len(index) + 1))


@pytest.mark.parametrize("query", [["t1"], ["t3", "t40", "t3"], ["t59", "zzz"], ["zzz"]])
def test_scores_match_literal_formula(query: list[str]) -> None:
    ids, docs = _corpus(120)
    index = Bm25Index.build(ids, docs)
    got = _all_scores(index, query)
    ref = _reference(docs, query)
    for doc_id, score in zip(ids, ref, strict=True):
        assert got.get(doc_id, 0.0) == pytest.approx(score, rel=1e-5, abs=1e-6)


def test_scores_match_bm25s() -> None:
    bm25s = pytest.importorskip("bm25s")
    ids, docs = _corpus(300, seed=1)
    index = Bm25Index.build(ids, docs, k1=1.2, b=0.6)
    retriever = bm25s.BM25(k1=1.2, b=0.6, method="lucene")
    retriever.index(docs, show_progress=False)
    query = ["t2", "t17", "t33"]
    expected = retriever.get_scores(query)
    got = _all_scores(index, query)
    np.testing.assert_allclose([got.get(i, 0.0) for i in ids], expected, rtol=1e-5, atol=1e-6)


def test_search_orders_and_truncates() -> None:
    index = Bm25Index.build(["a", "b", "c", "d"], [["x", "x", "y"], ["x"], ["y"], ["z"]])
    hits = index.search(["x", "y"], k=2)
    assert [h[0] for h in hits] == ["a", "b"] or [h[0] for h in hits] == ["a", "c"]
    assert hits[0][1] >= hits[1][1] > 0
    assert index.search(["x"], k=0) == []
    assert all(doc_id != "d" for doc_id, _ in index.search(["x", "y"], k=10))


def test_ties_keep_insertion_order() -> None:
    index = Bm25Index.build(["b", "a", "c"], [["x"], ["x"], ["x"]])
    assert [i for i, _ in index.search(["x"], k=3)] == ["b", "a", "c"]


def test_a_short_page_is_the_start_of_a_long_one_even_among_ties() -> None:
    # 40 documents score exactly alike, so every cut falls among ties.
    ids = [f"d{i}" for i in range(60)]
    docs = [["x"] if i % 3 else ["x", "x", "y"] for i in range(40)] + [["z"]] * 20
    index = Bm25Index.build(ids, docs)
    everything = index.search(["x", "y"], k=100)
    assert len(everything) == 40
    for k in (1, 7, 13, 14, 25, 39, 40, 41):
        hits, matched = index.search_counted(["x", "y"], k=k)
        assert hits == everything[:k]
        assert matched == 40
    assert index.search_counted(["x"], k=0) == ([], 40)
    assert index.search_counted(["nothing"], k=5) == ([], 0)


def test_incremental_updates_equal_a_rebuild() -> None:
    ids, docs = _corpus(200, seed=2)
    index = Bm25Index.build(ids[:150], docs[:150])
    index.add_many(ids[150:], docs[150:])
    for doc_id in ids[10:40]:
        assert index.remove(doc_id)
    assert not index.remove("missing")
    index.add("d5", ["t1", "t1", "t2"])  # replace an existing document
    keep = [(i, d) for i, d in zip(ids, docs, strict=True) if i not in set(ids[10:40])]
    keep = [(i, ["t1", "t1", "t2"] if i == "d5" else d) for i, d in keep]
    rebuilt = Bm25Index.build([i for i, _ in keep], [d for _, d in keep])
    assert len(index) == len(rebuilt) == 170
    for query in (["t1"], ["t2", "t9"], ["t50", "t1", "t30"]):
        a, b = _all_scores(index, query), _all_scores(rebuilt, query)
        assert a.keys() == b.keys()
        for key, value in a.items():
            assert value == pytest.approx(b[key], rel=1e-5)


def test_many_adds_trigger_compaction_without_changing_results() -> None:
    ids, docs = _corpus(3000, seed=3)
    index = Bm25Index()
    for doc_id, doc in zip(ids, docs, strict=True):
        index.add(doc_id, doc)
    rebuilt = Bm25Index.build(ids, docs)
    got, expected = index.search(["t4", "t7"], k=20), rebuilt.search(["t4", "t7"], k=20)
    assert [i for i, _ in got] == [i for i, _ in expected]
    np.testing.assert_allclose([s for _, s in got], [s for _, s in expected], rtol=1e-5)


def test_save_load_roundtrip(tmp_path: Path) -> None:
    ids, docs = _corpus(80, seed=4)
    index = Bm25Index.build(ids, docs, k1=1.1, b=0.5)
    index.remove("d3")
    index.add("new", ["한국어", "토큰", "t1"])
    path = tmp_path / "needs.npz"
    index.save(path)
    loaded = Bm25Index.load(path)
    assert (loaded.k1, loaded.b) == (1.1, 0.5)
    assert loaded.ids == index.ids
    got, expected = loaded.search(["t1", "한국어"], k=10), index.search(["t1", "한국어"], k=10)
    assert [i for i, _ in got] == [i for i, _ in expected]
    np.testing.assert_allclose([s for _, s in got], [s for _, s in expected], rtol=1e-6)
    with np.load(path, allow_pickle=False) as npz:  # no pickled objects inside
        assert "header" in npz.files


@pytest.mark.parametrize("data", [b"", b"not an npz", b"PK\x03\x04garbage"])
def test_load_rejects_damaged_files(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        Bm25Index.from_bytes(data)
    assert info.value.code == "text.bad_index"


def test_bad_input() -> None:
    with pytest.raises(InputError):
        Bm25Index.build(["a", "a"], [["x"], ["y"]])
    with pytest.raises(InputError):
        Bm25Index.build(["a"], [["x"], ["y"]])
    with pytest.raises(InputError):
        Bm25Index(b=2.0)
    empty = Bm25Index()
    assert empty.search(["x"]) == []
    assert Bm25Index.build(["a"], [[]]).search(["x"]) == []


def test_build_with_empty_documents_and_no_documents() -> None:
    index = Bm25Index.build(["a", "b", "c"], [[], ["x", "y"], []])
    assert len(index) == 3
    assert [i for i, _ in index.search(["x"])] == ["b"]
    empty = Bm25Index.build([], [])
    assert len(empty) == 0
    empty.add("z", ["x"])
    assert [i for i, _ in empty.search(["x"])] == ["z"]
