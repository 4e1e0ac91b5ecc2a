"""Korean full-text search over needs: a BM25 index on Kiwi tokens, persisted and kept in sync.

The index lives in memory per process (one :class:`~axpartners.memo.Memo` entry per data
folder) and in ``<data_dir>/index/needs.npz``. Freshness costs one tiny query per search: the
``needs_version`` row, which triggers bump on every write to ``needs`` (migration 0007). Only
when it differs from the version last indexed is the index reconciled with the database by
id and ``updated_at`` (only changed needs are re-tokenised), so imports, edits, deletions and
other worker processes are reflected, and a search with nothing changed never scans needs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from axpartners.db.tables import Need
from axpartners.db.versions import read_version
from axpartners.errors import InputError
from axpartners.memo import Memo
from axpartners.text.bm25 import Bm25Index
from axpartners.text.morph import tokenize, tokenize_many


@dataclass(slots=True)
class _Indexed:
    index: Bm25Index
    stamps: dict[str, str]  # need id -> updated_at the index holds
    version: tuple[str, int] | None = None  # needs_version when last reconciled


_indexes: Memo[str, _Indexed] = Memo(max_size=4)


def _paths(data_dir: Path) -> tuple[Path, Path]:
    folder = data_dir / "index"
    return folder / "needs.npz", folder / "needs.json"


def _load(data_dir: Path) -> _Indexed:
    index_path, stamp_path = _paths(data_dir)
    try:
        index = Bm25Index.load(index_path)
        stamps = json.loads(stamp_path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, InputError):  # no or unreadable index: rebuild
        index, stamps = Bm25Index(), {}
    return _Indexed(index=index, stamps=stamps)


def reset_index() -> None:
    """Forget the in-memory index (a full reindex; the next sync reloads or rebuilds it)."""
    _indexes.clear()


def needs_version(session: Session) -> tuple[str, int] | None:
    """``(epoch, version)`` of the needs table: changes with every committed write to it."""
    return read_version(session, "needs_version")


def _reconcile(session: Session, state: _Indexed, *, data_dir: Path) -> None:
    index, stamps = state.index, state.stamps
    current = {str(i): u.isoformat() for i, u in session.execute(select(Need.id, Need.updated_at))}
    stale = [doc_id for doc_id in stamps if current.get(doc_id) != stamps[doc_id]]
    for doc_id in stale:
        index.remove(doc_id)
        del stamps[doc_id]
    missing = [int(doc_id) for doc_id in current if doc_id not in stamps]
    if missing:
        rows = session.execute(
            select(Need.id, Need.title, Need.text, Need.company).where(Need.id.in_(missing))
        ).all()
        docs = tokenize_many([f"{r.title} {r.text} {r.company}" for r in rows])
        index.add_many([str(r.id) for r in rows], docs)
        stamps.update({str(r.id): current[str(r.id)] for r in rows})
    if stale or missing:
        index_path, stamp_path = _paths(data_dir)
        index_path.parent.mkdir(parents=True, exist_ok=True)
        index.save(index_path)
        stamp_path.write_text(json.dumps(stamps), encoding="utf-8")


def sync_index(
    session: Session, *, data_dir: Path, version: tuple[str, int] | None = None
) -> Bm25Index:
    """Bring the index up to date with the needs table and persist it if anything changed.

    ``version`` is the :func:`needs_version` the caller has just read in this session (a page
    keyed on it), read here when not given.
    """
    with _indexes.lock:
        state = _indexes.get_or_build(str(data_dir), lambda: _load(data_dir))
        # Read before reconciling: a write committed in between bumps it again, so it is
        # caught by the next search rather than hidden behind this one's version.
        version = version or needs_version(session)
        if version is None or version != state.version:
            _reconcile(session, state, data_dir=data_dir)
            state.version = version
        return state.index


def search_need_ids(
    session: Session, *, data_dir: Path, query: str, limit: int = 200
) -> list[tuple[int, float]]:
    """Need ids ranked by BM25 relevance to ``query`` (morphemes, so 예지보전을 finds 예지보전)."""
    tokens = tokenize(query)
    if not tokens:
        return []
    index = sync_index(session, data_dir=data_dir)
    return [(int(doc_id), score) for doc_id, score in index.search(tokens, k=limit) if score > 0]


def search_need_page(
    session: Session,
    *,
    data_dir: Path,
    query: str,
    offset: int,
    limit: int,
    cap: int,
    version: tuple[str, int] | None = None,
) -> tuple[list[int], int]:
    """``search_need_ids(limit=cap)[offset:offset + limit]`` and its length, without building
    the whole ranked list: the index scores once, sorts only the page's best and counts the rest.
    """
    tokens = tokenize(query)
    if not tokens:
        return [], 0
    index = sync_index(session, data_dir=data_dir, version=version)
    hits, matched = index.search_counted(tokens, k=max(0, min(offset + limit, cap)))
    return [int(doc_id) for doc_id, _ in hits[offset:]], min(matched, cap)
