from __future__ import annotations

import random

import bm25s
import numpy as np
import pytest

from axpartners.matching.index import build_partner_index
from axpartners.matching.profiles import PartnerProfile
from axpartners.matching.rank import _lexical, _query_terms

WORDS = [
    "진동",
    "베어링",
    "고장",
    "예측",
    "비전",
    "검사",
    "불량",
    "전력",
    "탄소",
    "물류",
    "항만",
    "로봇",
]


def _corpus(seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    return [[rng.choice(WORDS) for _ in range(rng.randint(1, 12))] for _ in range(40)]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_bm25_matches_bm25s_lucene(seed):
    docs = _corpus(seed)
    partners = [
        PartnerProfile(id=f"p{i}", name=f"p{i}", kind="company", description="x")
        for i in range(len(docs))
    ]
    index = build_partner_index(partners, tokens=docs)
    reference = bm25s.BM25(method="lucene", k1=1.2, b=0.75)
    reference.index(docs, show_progress=False)
    for query in (["진동", "베어링"], ["검사", "불량", "비전"], ["항만"]):
        expected = reference.get_scores(query)
        ours = _lexical(index, _query_terms(index, query))
        np.testing.assert_allclose(ours, expected / expected.max(), rtol=1e-4, atol=1e-6)


def test_postings_rows_are_sorted_by_partner():
    docs = _corpus(5)
    partners = [
        PartnerProfile(id=f"p{i}", name=f"p{i}", kind="company", description="x")
        for i in range(len(docs))
    ]
    postings = build_partner_index(partners, tokens=docs).postings
    for term in range(postings.shape[0]):
        row = postings.indices[postings.indptr[term] : postings.indptr[term + 1]]
        assert np.all(np.diff(row) > 0)


def test_tokens_must_align_with_partners():
    partners = [PartnerProfile(id="p", name="p", kind="company", description="x")]
    with pytest.raises(ValueError, match="one entry per partner"):
        build_partner_index(partners, tokens=[["a"], ["b"]])
