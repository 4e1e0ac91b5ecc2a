"""Korean full-text search over free text: :mod:`.morph` tokens in a :class:`.bm25.Bm25Index`.

The index stores the same content morphemes :func:`~axpartners.text.morph.tokenize` produces
(compounds with their parts, no bigrams), so a query for ``트윈`` finds ``디지털 트윈`` and a
query typed as ``예지 정비`` finds ``예지보전``.
"""

from __future__ import annotations

from collections.abc import Sequence

from axpartners.text.bm25 import Bm25Index
from axpartners.text.morph import tokenize, tokenize_many


def index_texts(
    ids: Sequence[str],
    texts: Sequence[str],
    *,
    index: Bm25Index | None = None,
) -> Bm25Index:
    """A new index of ``texts`` under ``ids``, or ``index`` with them added (or replaced)."""
    token_lists = tokenize_many(texts)
    if index is None:
        return Bm25Index.build(ids, token_lists)
    index.add_many(ids, token_lists)
    return index


def search_text(index: Bm25Index, query: str, *, k: int = 20) -> list[tuple[str, float]]:
    """The ``k`` best ``(id, score)`` pairs for a free-text query; ``[]`` for a blank query."""
    tokens = tokenize(query)
    if not tokens:
        return []
    return index.search(tokens, k)
