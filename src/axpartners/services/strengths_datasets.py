"""What regional statistics datasets are loaded, and which one a view uses by default.

* :func:`list_datasets` — every dataset with its citation, synthetic flag, extent, level and
  the notes of its import (suppressed cells treated, industries dropped).
* :func:`get_dataset` / :func:`pick_dataset` — the named dataset or the default (real before
  synthetic, most industries first).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from axpartners.codes import industry_level
from axpartners.db.tables import AuditEntry, RegionalStat
from axpartners.errors import AnalyticsError, NotFound

NO_YEAR = 0
"""Stored ``year`` of data without a year."""
NO_MEASURE = "value"
"""Stored ``measure`` of data without a measure."""
MIN_REGIONS = 3
MIN_INDUSTRIES = 3
"""Complexity measures (ECI/PCI, proximity, density) need at least this many of each: with two
industries, proximity has one pair and every candidate is "related" (the web import and the
views refuse smaller datasets; the CLI, which treats labels as opaque, needs 2)."""


def check_size(*, name: str, regions: int, industries: int) -> None:
    """Refuse a dataset too small for complexity measures, saying what is needed."""
    if regions < MIN_REGIONS or industries < MIN_INDUSTRIES:
        raise AnalyticsError(
            "strengths.too_small",
            dataset=name,
            regions=regions,
            industries=industries,
            min_regions=MIN_REGIONS,
            min_industries=MIN_INDUSTRIES,
        )


# Measures preferred as the default view, in order (employees are the usual LQ base).
_PREFERRED_MEASURES = ("종사자", "employ", "사업체", "establish")


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    """One loaded dataset: its name, citation, synthetic flag and extent."""

    name: str
    source: str
    is_synthetic: bool
    cells: int
    regions: int
    industries: int
    years: tuple[int, ...]
    measures: tuple[str, ...]
    level: str
    """``section`` (KSIC letters), ``division`` (2 digits), ``group``/``class`` or ``mixed``."""
    notes: Mapping[str, object] = field(default_factory=dict)
    """What the import treated (suppressed cells estimated or left out, industries dropped),
    from the import's audit entry; empty when nothing was treated."""

    def default_measure(self) -> str:
        for word in _PREFERRED_MEASURES:
            for measure in self.measures:
                if word in measure.lower():
                    return measure
        return self.measures[0] if self.measures else NO_MEASURE


# ---- datasets --------------------------------------------------------------------------


def list_datasets(session: Session) -> list[DatasetInfo]:
    """Every dataset: real ones first, then by name."""
    counts = session.execute(
        select(
            RegionalStat.dataset,
            func.count(),
            func.count(func.distinct(RegionalStat.region)),
            func.count(func.distinct(RegionalStat.industry)),
        ).group_by(RegionalStat.dataset)
    ).all()
    meta = {
        row[0]: (row[1], row[2])
        for row in session.execute(
            select(RegionalStat.dataset, RegionalStat.source, RegionalStat.is_synthetic).distinct()
        )
    }
    years: dict[str, set[int]] = {}
    measures: dict[str, set[str]] = {}
    for name, year, measure in session.execute(
        select(RegionalStat.dataset, RegionalStat.year, RegionalStat.measure).distinct()
    ):
        if year != NO_YEAR:
            years.setdefault(name, set()).add(year)
        measures.setdefault(name, set()).add(measure)
    levels = {
        name: industry_level(code for (code,) in codes)
        for name, codes in _industries_by_dataset(session).items()
    }
    notes = _import_notes(session)
    infos = [
        DatasetInfo(
            name=name,
            source=meta[name][0],
            is_synthetic=bool(meta[name][1]),
            cells=int(cells),
            regions=int(n_regions),
            industries=int(n_industries),
            years=tuple(sorted(years.get(name, ()))),
            measures=tuple(sorted(measures.get(name, ()))),
            level=levels.get(name, "division"),
            notes=notes.get(name, {}),
        )
        for name, cells, n_regions, n_industries in counts
    ]
    return sorted(infos, key=lambda d: (d.is_synthetic, -d.industries, d.name))


def _import_notes(session: Session) -> dict[str, dict[str, object]]:
    """Dataset → the ``notes`` of its latest import (suppression treatment and the like)."""
    newest = (
        select(func.max(AuditEntry.id))
        .where(AuditEntry.entity_type == "regional_stats", AuditEntry.action == "import")
        .group_by(AuditEntry.entity_id)
    )
    out: dict[str, dict[str, object]] = {}
    for entity, detail in session.execute(
        select(AuditEntry.entity_id, AuditEntry.detail).where(AuditEntry.id.in_(newest))
    ):
        notes = (detail or {}).get("notes")
        if isinstance(notes, dict):
            out[entity] = notes
    return out


def _industries_by_dataset(session: Session) -> dict[str, list[tuple[str]]]:
    out: dict[str, list[tuple[str]]] = {}
    for name, code in session.execute(
        select(RegionalStat.dataset, RegionalStat.industry).distinct()
    ):
        out.setdefault(name, []).append((code,))
    return out


def get_dataset(session: Session, name: str | None = None) -> DatasetInfo:
    """The named dataset, or the default one (real before synthetic, most industries first)."""
    return pick_dataset(list_datasets(session), name)


def pick_dataset(datasets: Sequence[DatasetInfo], name: str | None = None) -> DatasetInfo:
    """:func:`get_dataset` on an already listed set of datasets."""
    if not datasets:
        raise NotFound("strengths.no_datasets")
    if not name:
        usable = [d for d in datasets if d.industries >= 3 and d.regions >= 3]
        return (usable or datasets)[0]
    for info in datasets:
        if info.name == name:
            return info
    raise NotFound("strengths.unknown_dataset", dataset=name)
