"""Korean full-text search over needs: a BM25 index on Kiwi tokens, persisted and kept in sync.

The index lives in memory per process and in ``<data_dir>/index/needs.npz``. Before each
search it is reconciled with the database by id and ``updated_at`` (only changed needs are
re-tokenised), so imports, edits, deletions and other worker processes are reflected.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from axpartners.db.tables import Need
from axpartners.errors import InputError
from axpartners.text.bm25 import Bm25Index
from axpartners.text.morph import tokenize, tokenize_many

_lock = threading.Lock()
_state: dict[str, object] = {}


def _paths(data_dir: Path) -> tuple[Path, Path]:
    folder = data_dir / "index"
    return folder / "needs.npz", folder / "needs.json"


def _load(data_dir: Path) -> tuple[Bm25Index, dict[str, str]]:
    if _state.get("dir") == str(data_dir):
        return _state["index"], _state["stamps"]  # type: ignore[return-value]
    index_path, stamp_path = _paths(data_dir)
    try:
        index = Bm25Index.load(index_path)
        stamps = json.loads(stamp_path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, InputError):  # no or unreadable index: rebuild
        index, stamps = Bm25Index(), {}
    _state.update(dir=str(data_dir), index=index, stamps=stamps)
    return index, stamps


def reset_index() -> None:
    """Forget the in-memory index (a full reindex; the next sync reloads or rebuilds it)."""
    with _lock:
        _state.clear()


def sync_index(session: Session, *, data_dir: Path) -> Bm25Index:
    """Bring the index up to date with the needs table and persist it if anything changed."""
    with _lock:
        index, stamps = _load(data_dir)
        current = {
            str(i): u.isoformat() for i, u in session.execute(select(Need.id, Need.updated_at))
        }
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
        return index


def search_need_ids(
    session: Session, *, data_dir: Path, query: str, limit: int = 200
) -> list[tuple[int, float]]:
    """Need ids ranked by BM25 relevance to ``query`` (morphemes, so 예지보전을 finds 예지보전)."""
    tokens = tokenize(query)
    if not tokens:
        return []
    index = sync_index(session, data_dir=data_dir)
    return [(int(doc_id), score) for doc_id, score in index.search(tokens, k=limit) if score > 0]
