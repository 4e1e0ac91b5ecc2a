"""The Busan demo's regional statistics: the real KOSIS manufacturing-division tables (the
default strengths datasets), the section-level context tables and one labelled synthetic
division-level matrix (``data/strengths_demo.yaml``), stored through the normal importer.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from axpartners.db.tables import RegionalStat
from axpartners.services import _strengths_demo as demo
from axpartners.services.actors import SYSTEM
from axpartners.services.stats_import import parse_stats_upload, store_stats
from axpartners.services.strengths import NO_MEASURE


def _region_totals(file: str | None) -> dict[tuple[str, int, str], float]:
    """(region, year, measure) → the region's manufacturing total in a KOSIS totals file."""
    if not file:
        return {}
    data = resources.files("axpartners").joinpath(f"data/{file}").read_bytes()
    stats = parse_stats_upload(data, name=Path(file).name, flags_as_zero=True)
    return {
        (r.region, r.year, r.measure or NO_MEASURE): r.value
        for r in stats.records
        if r.industry == "C" and r.year is not None
    }


def load_demo_stats(session: Session) -> int:
    """Load the demo statistics; idempotent. The real KOSIS manufacturing-division tables come
    first (the default strengths datasets), then the section-level context tables and the
    labelled synthetic example.

    A dataset that already exists (by name) is left alone. Returns the number of datasets added.
    """
    present = set(session.scalars(select(RegionalStat.dataset).distinct()))
    added = 0
    for division in demo.division_specs():
        if division.dataset in present:
            continue
        built = demo.division_dataset(division, totals=_region_totals(division.totals_file))
        store_stats(
            session,
            actor=SYSTEM,
            stats=parse_stats_upload(built.data, name=built.file),
            dataset=built.dataset,
            source=built.source,
            is_synthetic=False,
            notes=built.notes,
        )
        added += 1
    for spec in demo.real_datasets():
        if spec.dataset in present:
            continue
        stats = parse_stats_upload(spec.data, name=spec.file, flags_as_zero=spec.flags_as_zero)
        store_stats(
            session,
            actor=SYSTEM,
            stats=stats,
            dataset=spec.dataset,
            source=spec.source,
            is_synthetic=False,
        )
        added += 1
    synthetic = demo.synthetic_spec()
    if synthetic.dataset not in present:
        stats = demo.synthetic_stats(synthetic)
        store_stats(
            session,
            actor=SYSTEM,
            stats=stats,
            dataset=synthetic.dataset,
            source=synthetic.source,
            is_synthetic=True,
        )
        added += 1
    return added
