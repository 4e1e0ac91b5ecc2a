"""The numbers of a Strengths view as CSV tables and JSON bodies (issue 4, SPEC §6).

The page, the CSV exports (``/strengths/export/<table>.csv``) and the API
(``GET /api/v1/strengths``) show the same numbers; this module lays them out for the two
machine-readable forms. The routes are in :mod:`axpartners.web.routes.strengths`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from axpartners.codes import industry_name, region_name
from axpartners.errors import NotFound
from axpartners.i18n.catalog import translate
from axpartners.services.strengths import DatasetInfo, RegionStrengths

TABLES = ("opportunities", "specialisations", "regions", "industries", "proximity", "changes")


# ---- CSV tables ------------------------------------------------------------------------


def table_rows(
    view: RegionStrengths, table: str, *, locale: str = "ko"
) -> tuple[Sequence[str], list[list[object]]]:
    """Header and rows of one exportable table (the numbers the page and API show)."""
    result = view.result

    def name(code: str) -> str:
        return industry_name(code, locale)

    header: tuple[str, ...]
    if table == "opportunities":
        header = (
            "region",
            "industry",
            "industry_name",
            "rank",
            "score",
            "density",
            "density_percentile",
            "pci",
            "pci_percentile",
            "cog",
            "rca",
            "value",
            "quadrant",
            "ai_usecases",
            "stability",
            "depends_on",
            "loo_rank_low",
            "loo_rank_high",
        )
        return header, [
            [
                view.region,
                o.industry,
                name(o.industry),
                o.rank,
                o.score,
                o.density,
                o.density_percentile,
                o.pci,
                o.pci_percentile,
                o.cog,
                o.rca,
                o.value,
                o.quadrant,
                ";".join(u.id for u in view.usecases.get(o.industry, ())),
                *_stability_cells(view, o.industry),
            ]
            for o in view.opportunities
        ]
    if table == "specialisations":
        years = sorted({y for by_year in view.rca_by_year.values() for y in by_year})
        header = (
            "region",
            "industry",
            "industry_name",
            "rca",
            "value",
            "pci",
            "ubiquity",
            *(f"rca_{y}" for y in years),
            "ai_usecases",
        )
        return header, [
            [
                view.region,
                s.industry,
                name(s.industry),
                s.rca,
                s.value,
                s.pci,
                s.ubiquity,
                *(view.rca_by_year.get(s.industry, {}).get(y, "") for y in years),
                ";".join(u.id for u in view.usecases.get(s.industry, ())),
            ]
            for s in view.specialisations
        ]
    if table == "regions":
        return ("rank", "region", "region_name", "eci", "coi", "diversity"), [
            [r.rank, r.region, region_name(r.region, locale), r.eci, r.coi, r.diversity]
            for r in view.ranking
        ]
    if table == "industries":
        values, rca, m = (x.toarray() for x in (result.values, result.rca, result.m))
        return ("region", "industry", "value", "rca", "m", "density", "pci", "cog"), [
            [
                region,
                industry,
                float(values[r, i]),
                float(rca[r, i]),
                int(m[r, i]),
                float(result.density[r, i]),
                float(result.pci[i]),
                float(result.cog[r, i]),
            ]
            for r, region in enumerate(result.regions)
            for i, industry in enumerate(result.industries)
        ]
    if table == "proximity":
        phi = result.proximity.toarray()
        labels = result.industries
        return ("industry_a", "industry_b", "phi"), [
            [labels[a], labels[b], float(phi[a, b])]
            for a in range(len(labels))
            for b in range(a + 1, len(labels))
            if phi[a, b] > 0
        ]
    if table == "changes":
        return (
            "region",
            "industry",
            "industry_name",
            "kind",
            "year_from",
            "year_to",
            "rca_from",
            "rca_to",
        ), [
            [
                c.region,
                c.industry,
                name(c.industry),
                c.kind,
                c.year_from,
                c.year_to,
                c.rca_from,
                c.rca_to,
            ]
            for c in view.changes
        ]
    raise NotFound("strengths.unknown_table", value=table, hint=", ".join(TABLES))


def _stability_cells(view: RegionStrengths, industry: str) -> list[object]:
    found = view.stability.get(industry)
    if found is None:
        return ["", "", "", ""]
    return [found.verdict, ";".join(found.depends_on), found.loo_low, found.loo_high]


# ---- JSON ------------------------------------------------------------------------------


def dataset_json(info: DatasetInfo) -> dict[str, Any]:
    """One dataset as the API lists it (and names it inside :func:`strengths_json`)."""
    return {
        "name": info.name,
        "source": info.source,
        "is_synthetic": info.is_synthetic,
        "cells": info.cells,
        "regions": info.regions,
        "industries": info.industries,
        "years": list(info.years),
        "measures": list(info.measures),
        "level": info.level,
        "notes": dict(info.notes),
    }


def stability_json(view: RegionStrengths, industry: str) -> dict[str, Any] | None:
    """How stable one opportunity's rank is (``None`` when it was not computed)."""
    found = view.stability.get(industry)
    if found is None:
        return None
    return {
        "verdict": found.verdict,
        "top": found.top,
        "depends_on": list(found.depends_on),
        "by_measure": dict(found.by_measure),
        "by_year": {str(y): r for y, r in found.by_year.items()},
        "leave_one_region_out": {
            "low": found.loo_low,
            "high": found.loo_high,
            "share_top": found.loo_top,
            "runs": found.loo_runs,
        },
    }


def strengths_json(view: RegionStrengths) -> dict[str, Any]:
    """The API body: the same numbers as the page and the CSV exports."""

    def usecases(label: str) -> list[dict[str, Any]]:
        return [
            {"id": u.id, "reason": u.reason, "rank": u.rank} for u in view.usecases.get(label, ())
        ]

    return {
        "dataset": dataset_json(view.dataset),
        "source": view.source,
        "is_synthetic": view.is_synthetic,
        "label": translate("ui.strengths.synthetic", "ko") if view.is_synthetic else None,
        "region": view.region,
        "year": view.year,
        "measure": view.measure,
        "convention": view.convention,
        "rank": view.rank.rank,
        "n_regions": len(view.ranking),
        "eci": view.rank.eci,
        "coi": view.rank.coi,
        "diversity": view.rank.diversity,
        "opportunities": [
            {
                "industry": o.industry,
                "rank": o.rank,
                "score": o.score,
                "density": o.density,
                "density_percentile": o.density_percentile,
                "pci": o.pci,
                "pci_percentile": o.pci_percentile,
                "cog": o.cog,
                "rca": o.rca,
                "value": o.value,
                "quadrant": o.quadrant,
                "related": [
                    {"industry": label, "phi": phi}
                    for label, phi in view.related.get(o.industry, ())
                ],
                "usecases": usecases(o.industry),
                "stability": stability_json(view, o.industry),
            }
            for o in view.opportunities
        ],
        "specialisations": [
            {
                "industry": s.industry,
                "rca": s.rca,
                "value": s.value,
                "pci": s.pci,
                "ubiquity": s.ubiquity,
                "rca_by_year": {str(y): v for y, v in view.rca_by_year.get(s.industry, {}).items()},
                "usecases": usecases(s.industry),
            }
            for s in view.specialisations
        ],
        "regions": [
            {
                "region": r.region,
                "rank": r.rank,
                "eci": r.eci,
                "coi": r.coi,
                "diversity": r.diversity,
            }
            for r in view.ranking
        ],
        "changes": [
            {
                "industry": c.industry,
                "kind": c.kind,
                "year_from": c.year_from,
                "year_to": c.year_to,
                "rca_from": c.rca_from,
                "rca_to": c.rca_to,
            }
            for c in view.changes
        ],
        "dropped": list(view.dropped),
        "scope": view.scope,
        "out_of_scope": view.out_of_scope,
        "change_over_time": None
        if view.series is None
        else {
            "dataset": view.series.name,
            "source": view.series.source,
            "years": list(view.series.years),
            "industries": [
                {
                    "industry": t.industry,
                    "kind": t.kind,
                    "rca_by_year": {str(y): v for y, v in t.rca.items()},
                    "value_by_year": {str(y): v for y, v in t.value.items()},
                    "growth": t.growth,
                }
                for t in view.trajectories
            ],
        },
    }
