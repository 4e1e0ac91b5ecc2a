"""Korean full-text search over policy items: the needs search engine applied to items.

Items are tokenised with Kiwi (:func:`axpartners.text.morph.tokenize_many`) and ranked with
Okapi BM25 (:class:`axpartners.text.bm25.Bm25Index`, Robertson & Zaragoza 2009), exactly as
needs are (:mod:`axpartners.services.search`). Items never change after ingestion — documents
are only added or deleted — so the index is kept in memory per process and per database and
reconciled by item id before each search: new items are tokenised and added, deleted ones
removed. :func:`search_items` is what the policy pages and API call: the stored items ranked
for a query, narrowed to a document or a use-case tag.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from axpartners.db.tables import PolicyDocument, PolicyItem
from axpartners.errors import InputError
from axpartners.memo import Memo
from axpartners.services.actors import Actor, require_member
from axpartners.services.policy import tag_values
from axpartners.text.bm25 import Bm25Index
from axpartners.text.morph import tokenize, tokenize_many

# One item index (and the stamps of what it holds) per database URL, updated in place.
_indexes: Memo[str, tuple[Bm25Index, dict[str, str]]] = Memo(max_size=8)


def _key(session: Session) -> str:
    bind = session.get_bind()
    return bind.engine.url.render_as_string(hide_password=True)


def item_search_text(title: str, text: str, path: str) -> str:
    """What is indexed for an item: its path labels, title and own text."""
    return f"{path} {title}\n{text}"


def sync_item_index(session: Session) -> Bm25Index:
    """The item index of this session's database, brought up to date with ``policy_items``."""
    key = _key(session)
    with _indexes.lock:
        index, stamps = _indexes.get_or_build(key, lambda: (Bm25Index(), {}))
        # An item's stamp (document hash, position) identifies its content even when a test
        # database is recreated under the same URL and ids are reused.
        current = {
            str(i): f"{sha}:{pos}"
            for i, pos, sha in session.execute(
                select(PolicyItem.id, PolicyItem.position, PolicyDocument.sha256).join(
                    PolicyDocument, PolicyDocument.id == PolicyItem.document_id
                )
            )
        }
        for doc_id in [d for d, stamp in stamps.items() if current.get(d) != stamp]:
            index.remove(doc_id)
            del stamps[doc_id]
        missing = [int(i) for i in current if i not in stamps]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            rows = session.execute(
                select(PolicyItem.id, PolicyItem.title, PolicyItem.text, PolicyItem.path).where(
                    PolicyItem.id.in_(chunk)
                )
            ).all()
            docs = tokenize_many([item_search_text(r.title, r.text, r.path) for r in rows])
            index.add_many([str(r.id) for r in rows], docs)
            stamps.update({str(r.id): current[str(r.id)] for r in rows})
        return index


def search_item_ids(session: Session, *, query: str, limit: int = 50) -> list[tuple[int, float]]:
    """Item ids ranked by BM25 relevance to ``query`` (Kiwi morphemes, so 예지보전을 finds
    예지보전); only items sharing at least one term with the query."""
    tokens = tokenize(query)
    if not tokens:
        return []
    index = sync_item_index(session)
    if len(index) == 0:
        return []
    return [(int(doc_id), score) for doc_id, score in index.search(tokens, k=limit) if score > 0]


# ---- items for the web pages -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemHit:
    item: PolicyItem
    score: float


def search_items(
    session: Session,
    *,
    actor: Actor,
    q: str,
    document_id: int | None = None,
    use_case: str | None = None,
    limit: int = 50,
) -> list[ItemHit]:
    """Items ranked by Korean full-text relevance to ``q`` (BM25 on Kiwi morphemes); with an
    empty ``q`` and a ``use_case``, the items tagged with it."""
    require_member(actor)
    if limit < 1:
        raise InputError("import.bad_value", column="limit", value=limit, hint=">= 1")
    if q.strip():
        hits = search_item_ids(session, query=q, limit=max(limit * 4, 200))
        if not hits:
            return []
        rows = {
            item.id: item
            for item in session.scalars(
                select(PolicyItem).where(PolicyItem.id.in_([i for i, _ in hits]))
            )
        }
        ranked = [ItemHit(rows[i], s) for i, s in hits if i in rows]
    else:
        query = select(PolicyItem).order_by(PolicyItem.document_id.desc(), PolicyItem.position)
        if document_id is not None:
            query = query.where(PolicyItem.document_id == document_id)
        ranked = [ItemHit(item, 0.0) for item in session.scalars(query)]
        if use_case is None:
            return ranked[:limit]
    if document_id is not None:
        ranked = [h for h in ranked if h.item.document_id == document_id]
    if use_case:
        ranked = [h for h in ranked if use_case in tag_values(h.item, "use_case")]
    return ranked[:limit]


def clear_cache() -> None:
    """Forget every in-memory index (tests)."""
    _indexes.clear()
