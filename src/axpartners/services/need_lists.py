"""Pages of the needs list: filters, Korean full-text relevance and plain rows for the list page
(SPEC §7). Writing needs lives in :mod:`axpartners.services.needs`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.orm import Session

from axpartners.db.tables import Need
from axpartners.services.actors import Actor, require_member
from axpartners.services.search import search_need_ids, search_need_page

# A full-text search lists at most this many needs, the most relevant (the count says so too).
SEARCH_CAP = 2000


def _needs_query(
    session: Session,
    *,
    q: str,
    label: str | None,
    industry: str | None,
    region: str | None,
    review: bool,
    data_dir: Path | None,
) -> tuple[Select[Any], list[int] | None]:
    """The filtered query and, for a full-text search, the need ids in relevance order."""
    query = select(Need).order_by(Need.submitted_at.desc(), Need.id.desc())
    ranked: list[int] | None = None
    if q and data_dir is not None:
        hits = search_need_ids(session, data_dir=data_dir, query=q, limit=SEARCH_CAP)
        ranked = [need_id for need_id, _ in hits]
        query = query.where(Need.id.in_(ranked))
    elif q:
        pattern = f"%{q.strip()}%"
        query = query.where(
            or_(Need.text.ilike(pattern), Need.title.ilike(pattern), Need.company.ilike(pattern))
        )
    if label:
        query = query.where(Need.label == label)
    if industry:
        query = query.where(Need.industry.startswith(industry))
    if region:
        query = query.where(Need.region == region)
    if review:
        query = query.where(Need.needs_review, Need.label_confirmed.is_(False))
    return query, ranked


@dataclass(frozen=True, slots=True)
class NeedsPage:
    rows: list[Need]
    total: int  # how many needs match the filters, on every page


#: What a line of the needs list page shows, read as plain rows (:func:`need_lines_page`).
LINE_COLUMNS = (
    Need.id,
    Need.submitted_at,
    Need.company,
    Need.title,
    Need.industry,
    Need.label,
    Need.label_confirmed,
    Need.needs_review,
)


NeedLine = Row[*tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class NeedLinesPage:
    rows: list[NeedLine]  # LINE_COLUMNS of each need, by attribute (row.title, row.label …)
    total: int


def needs_page(
    session: Session,
    *,
    actor: Actor,
    q: str = "",
    label: str | None = None,
    industry: str | None = None,
    region: str | None = None,
    review: bool = False,
    limit: int = 200,
    offset: int = 0,
    data_dir: Path | None = None,
) -> NeedsPage:
    """One page of needs, newest first, and the number that match; with ``q`` and an index
    folder, ranked by Korean full-text relevance (the search runs once, and only the page's rows
    are loaded)."""
    page, total = need_page(
        session, actor=actor, q=q, label=label, industry=industry, region=region, review=review,
        limit=limit, offset=offset, data_dir=data_dir,
    )  # fmt: skip
    if not isinstance(page, list):
        return NeedsPage(list(session.scalars(page)), total)
    found = list(session.scalars(select(Need).where(Need.id.in_(page)))) if page else []
    return NeedsPage(_in_page_order(found, page), total)


def need_lines_page(
    session: Session,
    *,
    actor: Actor,
    q: str = "",
    label: str | None = None,
    industry: str | None = None,
    region: str | None = None,
    review: bool = False,
    limit: int = 200,
    offset: int = 0,
    data_dir: Path | None = None,
    version: tuple[str, int] | None = None,
) -> NeedLinesPage:
    """:func:`needs_page` for the list page: the same needs in the same order, only
    :data:`LINE_COLUMNS`, no ORM objects; ``version`` as the caller read it (read once)."""
    page, total = need_page(
        session, actor=actor, q=q, label=label, industry=industry, region=region, review=review,
        limit=limit, offset=offset, data_dir=data_dir, version=version,
    )  # fmt: skip
    return NeedLinesPage(need_lines(session, page), total)


def need_page(
    session: Session,
    *,
    actor: Actor,
    q: str = "",
    label: str | None = None,
    industry: str | None = None,
    region: str | None = None,
    review: bool = False,
    limit: int = 200,
    offset: int = 0,
    data_dir: Path | None = None,
    version: tuple[str, int] | None = None,
) -> tuple[Select[Any] | list[int], int]:
    """The page before its rows are read: the ids in relevance order (a full-text search) or
    the query of one page newest first, and how many needs match in all."""
    require_member(actor)
    if q and data_dir is not None and not (label or industry or region or review):
        # Relevance order and nothing else to filter on: the index gives the page and the count
        # (it was reconciled in this session, so every hit is a need).
        return search_need_page(
            session, data_dir=data_dir, query=q, offset=offset, limit=limit, cap=SEARCH_CAP,
            version=version)  # fmt: skip
    query, ranked = _needs_query(
        session, q=q, label=label, industry=industry, region=region, review=review,
        data_dir=data_dir,
    )  # fmt: skip
    if ranked is None:
        # count(*), not count(id): SQLite counts the b-tree instead of reading every row id
        count = query.order_by(None).with_only_columns(func.count()).select_from(Need)
        return query.limit(limit).offset(offset), session.scalar(count) or 0
    order = {need_id: position for position, need_id in enumerate(ranked)}
    matching = session.scalars(query.order_by(None).with_only_columns(Need.id))
    ids = sorted(matching, key=order.__getitem__)
    return ids[offset : offset + limit], len(ids)


def need_lines(session: Session, page: Select[Any] | list[int]) -> list[NeedLine]:
    """:data:`LINE_COLUMNS` of a page from :func:`need_page` (ids: in their order)."""
    if not isinstance(page, list):
        return list(session.execute(page.with_only_columns(*LINE_COLUMNS)))
    if not page:
        return []
    lines = list(session.execute(select(*LINE_COLUMNS).where(Need.id.in_(page))))
    return _in_page_order(lines, page)


def _in_page_order(found: list[Any], page: list[int]) -> list[Any]:
    """Needs (or their rows) loaded by ``IN``, back in the order of the page's ids."""
    order = {need_id: position for position, need_id in enumerate(page)}
    return sorted(found, key=lambda n: order[n.id])
