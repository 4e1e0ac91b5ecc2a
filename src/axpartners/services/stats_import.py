"""Regional statistics in and out of the database (issue 4, SPEC §4).

* :func:`parse_stats_upload` / :func:`preview_of` — read a statistics file (long CSV/XLSX, KOSIS
  long or wide export) with 시·도 and KSIC codes normalised, and say what it holds, without
  writing anything (the import page's preview).
* :func:`import_stats` / :func:`import_stats_file` — write such a file into ``regional_stats``,
  all-or-nothing; importing a dataset name again replaces that dataset.
* :func:`delete_dataset` and :func:`export_rows` — remove a dataset, or write every stored cell
  back out in the long format (re-importable).
* :func:`store_stats` — write parsed statistics as one dataset (the demo loader,
  :mod:`axpartners.services.stats_demo`, uses it too).

What is loaded, and what it says about a region, is :mod:`axpartners.services.strengths`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from axpartners.codes import (
    industry_level,
    is_section_level,
    normalize_industry,
    normalize_region,
    to_section,
)
from axpartners.db.tables import RegionalStat
from axpartners.errors import InputError, NotFound
from axpartners.io.stats import FlagPolicy, RegionalStats, iter_cells, read_stats
from axpartners.services import audit
from axpartners.services.actors import Actor, require_staff
from axpartners.services.strengths import NO_MEASURE, NO_YEAR
from axpartners.services.strengths_datasets import check_size

_MAX_REGION, _MAX_INDUSTRY, _MAX_MEASURE, _MAX_SOURCE = 10, 10, 40, 300
_DATASET = re.compile(r"^[\w.\-]{1,100}$")


# ---- results ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What a statistics file holds once parsed and normalised (nothing written yet)."""

    file: str
    layout: str
    cells: int
    regions: tuple[str, ...]
    industries: tuple[str, ...]
    years: tuple[int, ...]
    measures: tuple[str, ...]
    dropped_totals: int
    flagged: int
    level: str


@dataclass(frozen=True, slots=True)
class ImportResult:
    """A dataset written by :func:`import_stats`; ``replaced`` = rows of the old version deleted."""

    dataset: str
    preview: ImportPreview
    replaced: int

    def summary(self) -> str:
        p = self.preview
        years = f"{p.years[0]}-{p.years[-1]}" if p.years else "no year"
        text = (
            f"{p.file}: {p.cells} cells into dataset '{self.dataset}' ({len(p.regions)} regions x "
            f"{len(p.industries)} industries, {years}, measures: {', '.join(p.measures) or '-'})"
        )
        if p.flagged:
            text += f", {p.flagged} KOSIS flags read as 0"
        return text + (f", replaced {self.replaced} cells" if self.replaced else "")


# ---- import ----------------------------------------------------------------------------


def parse_stats_upload(data: bytes, *, name: str, flags_as_zero: bool = False) -> RegionalStats:
    """Parse and validate a statistics file with 시·도 and KSIC codes normalised.

    A first pass reads raw labels to see whether the industries are KSIC sections (KOSIS
    ``"10~34"`` ranges or letters); they then stay section codes (``"C"``), otherwise they are
    normalised to KSIC codes without the section letter (``"C25"`` → ``"25"``).
    """
    on_flag: FlagPolicy = "zero" if flags_as_zero else "error"
    raw = read_stats(data, name=name, on_flag=on_flag)
    sections = is_section_level(r.industry for r in raw.records)
    stats = read_stats(
        data,
        name=name,
        on_flag=on_flag,
        normalize_region=normalize_region,
        normalize_industry=to_section if sections else normalize_industry,
    )
    for record in stats.records:
        measure = record.measure or NO_MEASURE
        if len(measure) > _MAX_MEASURE:
            raise InputError(
                "strengths.label_too_long",
                file=name,
                row=record.row,
                value=measure,
                limit=_MAX_MEASURE,
            )
        if len(record.region) > _MAX_REGION or len(record.industry) > _MAX_INDUSTRY:
            raise InputError(
                "strengths.label_too_long",
                file=name,
                row=record.row,
                value=f"{record.region}/{record.industry}",
                limit=_MAX_INDUSTRY,
            )
    return stats


def check_import_size(stats: RegionalStats) -> None:
    """Refuse a file too small for complexity measures (before anything is written)."""
    check_size(
        name=stats.source,
        regions=len({r.region for r in stats.records}),
        industries=len({r.industry for r in stats.records}),
    )


def preview_of(stats: RegionalStats) -> ImportPreview:
    regions = tuple(sorted({r.region for r in stats.records}))
    industries = tuple(sorted({r.industry for r in stats.records}))
    return ImportPreview(
        file=stats.source,
        layout=stats.layout,
        cells=len(stats.records),
        regions=regions,
        industries=industries,
        years=stats.years(),
        measures=stats.measures() or (NO_MEASURE,),
        dropped_totals=stats.dropped_totals,
        flagged=stats.flagged,
        level=industry_level(industries),
    )


def dataset_name_for(name: str) -> str:
    """A dataset name from a file name: its stem with unsafe characters replaced."""
    stem = Path(name).stem.strip().lower()
    slug = re.sub(r"[^\w.\-]+", "-", stem).strip("-.")[:100]
    return slug or "stats"


def import_stats(
    session: Session,
    *,
    actor: Actor,
    data: bytes,
    name: str,
    dataset: str | None = None,
    source: str = "",
    is_synthetic: bool = False,
    flags_as_zero: bool = False,
    for_complexity: bool = False,
) -> ImportResult:
    """Validate every cell, then replace dataset ``dataset`` (default: from ``name``) with them.

    ``for_complexity`` (the web import) also refuses a file too small for complexity measures
    (:func:`check_import_size`); the CLI stores any table (e.g. regional control totals).

    Raises ``InputError`` naming file/row/column on the first bad cell; nothing is written then.
    """
    require_staff(actor)
    dataset = (dataset or "").strip() or dataset_name_for(name)
    if not _DATASET.match(dataset):
        raise InputError("strengths.bad_dataset_name", value=dataset)
    stats = parse_stats_upload(data, name=name, flags_as_zero=flags_as_zero)
    if for_complexity:
        check_import_size(stats)
    return store_stats(
        session,
        actor=actor,
        stats=stats,
        dataset=dataset,
        source=(source.strip() or name)[:_MAX_SOURCE],
        is_synthetic=is_synthetic,
    )


def store_stats(
    session: Session,
    *,
    actor: Actor,
    stats: RegionalStats,
    dataset: str,
    source: str,
    is_synthetic: bool,
    notes: dict[str, object] | None = None,
) -> ImportResult:
    replaced = _delete_rows(session, dataset)
    rows = [
        {
            "dataset": dataset,
            "region": region,
            "industry": industry,
            "year": NO_YEAR if year is None else year,
            "measure": measure or NO_MEASURE,
            "value": value,
            "source": source,
            "is_synthetic": is_synthetic,
        }
        for region, industry, year, measure, value in iter_cells(stats)
    ]
    session.execute(insert(RegionalStat), rows)
    preview = preview_of(stats)
    audit.record(
        session,
        actor=actor,
        action="import",
        entity_type="regional_stats",
        entity_id=dataset,
        detail={
            "file": stats.source,
            "cells": len(rows),
            "replaced": replaced or 0,
            **({"notes": notes} if notes else {}),
        },
    )
    return ImportResult(dataset=dataset, preview=preview, replaced=replaced or 0)


def _delete_rows(session: Session, dataset: str) -> int:
    result = session.execute(delete(RegionalStat).where(RegionalStat.dataset == dataset))
    return int(getattr(result, "rowcount", 0) or 0)


def import_stats_file(session: Session, *, actor: Actor, path: Path) -> str:
    """``axp import stats FILE``: import one file (dataset named after it); one-line summary."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError("import.no_file", file=str(path), detail=exc.strerror or "") from exc
    # KOSIS downloads mark empty cells with flags (- none, X suppressed); the CLI has no option
    # to ask, so they are read as 0 and counted in the summary.
    result = import_stats(session, actor=actor, data=data, name=Path(path).name, flags_as_zero=True)
    return result.summary()


# ---- delete and export -----------------------------------------------------------------


def delete_dataset(session: Session, *, actor: Actor, dataset: str) -> int:
    """Remove a dataset; returns the number of cells deleted."""
    require_staff(actor)
    deleted = _delete_rows(session, dataset)
    if not deleted:
        raise NotFound("strengths.unknown_dataset", dataset=dataset)
    audit.record(
        session, actor=actor, action="delete", entity_type="regional_stats", entity_id=dataset
    )
    return int(deleted)


EXPORT_HEADER = (
    "dataset", "region", "industry", "year", "measure", "value", "source", "is_synthetic",
)  # fmt: skip


def export_rows(
    session: Session, *, dataset: str | None = None
) -> tuple[Sequence[str], list[list[object]]]:
    """``axp export stats FILE``: every stored cell in the long format (re-importable).

    A year-less cell exports an empty ``year``; ``measure`` ``value`` means "no measure".
    """
    query = select(
        RegionalStat.dataset,
        RegionalStat.region,
        RegionalStat.industry,
        RegionalStat.year,
        RegionalStat.measure,
        RegionalStat.value,
        RegionalStat.source,
        RegionalStat.is_synthetic,
    ).order_by(
        RegionalStat.dataset,
        RegionalStat.measure,
        RegionalStat.year,
        RegionalStat.region,
        RegionalStat.industry,
    )
    if dataset is not None:
        query = query.where(RegionalStat.dataset == dataset)
    rows: list[list[object]] = [
        [name, region, industry, "" if year == NO_YEAR else year, measure, value, source,
         bool(synthetic)]
        for name, region, industry, year, measure, value, source, synthetic in session.execute(query)
    ]  # fmt: skip
    return EXPORT_HEADER, rows
