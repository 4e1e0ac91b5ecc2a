"""Views over the needs: demand map (industry × use case), monthly trend, clusters, import preview."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from axpartners.classify.cluster import cluster_needs
from axpartners.codes import industry_name
from axpartners.db.tables import Need
from axpartners.errors import InputError
from axpartners.i18n.catalog import render_error
from axpartners.io.tables import Table
from axpartners.reports.pack import DemandMap
from axpartners.services.needs import NeedInput, content_hash, parse_need
from axpartners.taxonomy import load_taxonomy

UNKNOWN = "?"


@dataclass(frozen=True, slots=True)
class DemandCounts:
    """Need counts: ``cells[(industry, use_case)]``, with row/column order by total."""

    industries: tuple[str, ...]
    use_cases: tuple[str, ...]
    cells: dict[tuple[str, str], int]
    months: tuple[str, ...]
    trend: dict[tuple[str, str], int]  # (month, use_case) -> count

    @property
    def peak(self) -> int:
        return max(self.cells.values(), default=0)

    def as_demand_map(self, locale: str = "ko") -> DemandMap:
        labels = {u.id: u.label(locale) for u in load_taxonomy()}
        return DemandMap(
            industries=tuple(
                f"{i} {industry_name(i, locale)}" if i != UNKNOWN else UNKNOWN
                for i in self.industries
            ),
            use_cases=tuple(labels.get(u, u) for u in self.use_cases),
            counts=tuple(
                tuple(self.cells.get((i, u), 0) for u in self.use_cases) for i in self.industries
            ),
        )


def demand_counts(
    session: Session, *, region: str | None = None, since_year: int | None = None
) -> DemandCounts:
    """Counted in the database (GROUP BY industry, label, month), folded here into KSIC
    divisions: one pass over a few hundred groups instead of every need row.

    The month is the first seven characters of the timestamp as text ("2026-11"): the same on
    SQLite (ISO text storage) and PostgreSQL (timestamptz::text, session time zone) and far
    cheaper per row than EXTRACT on SQLite."""
    month = func.substr(cast(Need.submitted_at, String), 1, 7)
    query = select(Need.industry, Need.label, month, func.count()).group_by(
        Need.industry, Need.label, month
    )
    if region:
        query = query.where(Need.region == region)
    if since_year:
        query = query.where(Need.submitted_at >= datetime(since_year, 1, 1, tzinfo=UTC))
    cells: Counter[tuple[str, str]] = Counter()
    trend: Counter[tuple[str, str]] = Counter()
    by_industry: Counter[str] = Counter()
    by_label: Counter[str] = Counter()
    for industry, label, yyyy_mm, n in session.execute(query):
        division = industry[:2] if industry else UNKNOWN
        use_case = label or UNKNOWN
        cells[(division, use_case)] += n
        trend[(yyyy_mm, use_case)] += n
        by_industry[division] += n
        by_label[use_case] += n
    return DemandCounts(
        industries=tuple(i for i, _ in by_industry.most_common()),
        use_cases=tuple(u for u, _ in by_label.most_common()),
        cells=dict(cells),
        months=tuple(sorted({m for m, _ in trend})),
        trend=dict(trend),
    )


@dataclass(frozen=True, slots=True)
class NeedCluster:
    id: int
    label: str | None
    terms: tuple[str, ...]
    needs: tuple[Need, ...]
    representatives: tuple[Need, ...]


def need_clusters(
    session: Session, *, within_labels: bool = True, limit: int = 2000
) -> list[NeedCluster]:
    """Groups of similar needs named by their characteristic terms (class-based TF-IDF)."""
    needs = list(session.scalars(select(Need).order_by(Need.id.desc()).limit(limit)))
    if len(needs) < 2:
        return []
    labels = [n.label or UNKNOWN for n in needs] if within_labels else None
    clusters = cluster_needs([n.text for n in needs], labels=labels)
    return [
        NeedCluster(
            id=c.id,
            label=c.label,
            terms=c.terms,
            needs=tuple(needs[i] for i in c.members),
            representatives=tuple(needs[i] for i in c.representatives),
        )
        for c in clusters
        if c.id >= 0
    ]


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What an import would do: first rows, every row error, duplicates; nothing written."""

    total: int
    rows: tuple[tuple[int, NeedInput], ...]
    errors: tuple[tuple[int, str], ...]
    duplicates: int


def preview_needs(
    session: Session, table: Table, *, locale: str = "ko", show: int = 10
) -> ImportPreview:
    table.require("text")
    seen = set(session.scalars(select(Need.content_hash)))
    rows: list[tuple[int, NeedInput]] = []
    errors: list[tuple[int, str]] = []
    duplicates = total = 0
    for row, record in table.records():
        total += 1
        try:
            data = parse_need(record, file=table.name, row=row)
        except InputError as err:
            errors.append((row, render_error(err, locale)))
            continue
        digest = content_hash(data.text, data.company)
        if digest in seen:
            duplicates += 1
            continue
        seen.add(digest)
        if len(rows) < show:
            rows.append((row, data))
    return ImportPreview(total=total, rows=tuple(rows), errors=tuple(errors), duplicates=duplicates)
