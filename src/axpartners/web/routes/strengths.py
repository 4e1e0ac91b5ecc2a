"""Strengths: where the region is specialised and where it could lead next (issue 4, SPEC §6).

Pages (members): ``/strengths`` (opportunity table with components and AI use cases,
specialisations and their change over the years, four charts), chart images
``/strengths/chart/<name>.svg|png`` and CSV exports ``/strengths/export/<table>.csv``.
Staff: ``/strengths/import`` (preview, then import a statistics file) and ``/strengths/demo``.
API (members): ``GET /api/v1/strengths`` and ``GET /api/v1/strengths/datasets``.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from axpartners.analytics import CONVENTIONS, Convention
from axpartners.codes import industry_name, region_name, regions
from axpartners.errors import AnalyticsError, AxError, InputError, NotFound
from axpartners.i18n.catalog import render_error, translate
from axpartners.io.tables import write_csv
from axpartners.services import strengths as service
from axpartners.services.actors import Actor, require_member, require_staff
from axpartners.taxonomy import load_taxonomy
from axpartners.web.deps import ActorDep, LocaleDep, SessionDep, SettingsDep, render
from axpartners.web.routes import _strengths_charts as charts
from axpartners.web.security import CSRF, verify_csrf
from axpartners.web.uploads import Upload, read_upload

router = APIRouter(prefix="/strengths", tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/strengths", tags=["strengths"])

TABLES = ("opportunities", "specialisations", "regions", "industries", "proximity", "changes")
TOP_OPPORTUNITIES = 15


@dataclass(frozen=True, slots=True)
class Query:
    """The page's selectors, as given (empty = default)."""

    region: str
    dataset: str | None
    year: int | None
    measure: str | None
    convention: Convention

    def params(self, view: service.RegionStrengths | None = None) -> dict[str, str]:
        """Query-string parameters that reproduce this view (resolved defaults pinned)."""
        out = {
            "region": view.region if view else self.region,
            "dataset": view.dataset.name if view else (self.dataset or ""),
            "year": str(view.year if view and view.year is not None else (self.year or "")),
            "measure": view.measure if view else (self.measure or ""),
            "convention": self.convention,
        }
        return {k: v for k, v in out.items() if v}


def _query(
    settings_region: str,
    *,
    region: str = "",
    dataset: str = "",
    year: str = "",
    measure: str = "",
    convention: str = "ecomplexity",
) -> Query:
    year_value: int | None = None
    if year.strip():
        try:
            year_value = int(year.strip())
        except ValueError:
            raise InputError("stats.bad_year", column="year", value=year) from None
    if convention not in CONVENTIONS:
        raise AnalyticsError("analytics.bad_convention", convention=convention)
    chosen: Convention = "stata" if convention == "stata" else "ecomplexity"
    return Query(
        region=region.strip() or settings_region,
        dataset=dataset.strip() or None,
        year=year_value,
        measure=measure.strip() or None,
        convention=chosen,
    )


def _view(db: Any, query: Query) -> service.RegionStrengths:
    return service.region_strengths(
        db,
        region=query.region,
        dataset=query.dataset,
        year=query.year,
        measure=query.measure,
        convention=query.convention,
    )


def _industry(locale: str) -> Callable[[str], str]:
    return lambda code: industry_name(code, locale)


def _region(locale: str) -> Callable[[str], str]:
    return lambda code: region_name(code, locale)


# ---- page ------------------------------------------------------------------------------


@router.get("")
def strengths_page(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    settings: SettingsDep,
    region: str = "",
    dataset: str = "",
    year: str = "",
    measure: str = "",
    convention: str = "ecomplexity",
) -> Response:
    require_member(actor)
    datasets = service.list_datasets(db)
    context: dict[str, Any] = {
        "datasets": datasets,
        "view": None,
        "error": None,
        "regions": regions(),
        "conventions": CONVENTIONS,
        "region_name": _region(locale),
        "industry_name": _industry(locale),
        "usecase_label": _usecase_labels(locale),
        "top": TOP_OPPORTUNITIES,
        "query_string": "",
    }
    status = 200
    if datasets:
        try:
            query = _query(
                settings.region_code,
                region=region,
                dataset=dataset,
                year=year,
                measure=measure,
                convention=convention,
            )
            view = _view(db, _relaxed(db, query))
            context["view"] = view
            context["query_string"] = _encode(query.params(view))
            context["selected"] = query.params(view)
        except (AnalyticsError, NotFound, InputError) as err:
            context["error"] = render_error(err, locale)
            context["selected"] = {"region": region or settings.region_code, "dataset": dataset}
            status = 404 if isinstance(err, NotFound) else 422
    return render(request, "strengths/page.html", context, actor=actor, status_code=status)


def _relaxed(db: Any, query: Query) -> Query:
    """For the page: a measure or year the chosen dataset lacks (left over from the previously
    shown dataset) falls back to the dataset's default instead of an error."""
    info = service.get_dataset(db, query.dataset)
    measure = query.measure if query.measure in info.measures else None
    year = query.year if query.year in info.years else None
    return dataclasses.replace(query, measure=measure, year=year)


def _encode(params: Mapping[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def _usecase_labels(locale: str) -> Callable[[str], str]:
    names = {u.id: u for u in load_taxonomy()}

    def label(use_case: str) -> str:
        found = names.get(use_case)
        return found.label(locale) if found is not None else use_case

    return label


# ---- charts ----------------------------------------------------------------------------

_chart_cache: OrderedDict[tuple[str, ...], bytes] = OrderedDict()
_chart_lock = threading.Lock()


def _chart_labels(name: str, view: service.RegionStrengths, locale: str) -> dict[str, str]:
    def t(key: str, **params: Any) -> str:
        return translate(f"ui.strengths.chart.{key}", locale, **params)

    region = region_name(view.region, locale)
    labels = {
        "source": translate("ui.strengths.source_line", locale, source=view.source),
        "synthetic": translate("ui.strengths.synthetic", locale),
    }
    if name == "network":
        labels |= {
            "title": t("network_title", region=region),
            "specialised": t("specialised"),
            "opportunity": t("opportunity"),
            "other": t("other"),
        }
    elif name == "scatter":
        labels |= {
            "title": t("scatter_title", region=region),
            "x": t("density"),
            "y": t("pci"),
        }
        labels |= {q: translate(f"analytics.quadrant.{q}", locale) for q in charts.COLOURS}
    elif name == "eci":
        labels |= {"title": t("eci_title"), "x": t("eci")}
    else:
        labels |= {"title": t("heatmap_title"), "scale": t("rca_scale")}
    return labels


def render_chart(
    view: service.RegionStrengths, *, name: str, fmt: charts.ChartFormat, locale: str
) -> bytes:
    """One chart of ``view`` (cached per content hash, selection, format and locale)."""
    if name not in charts.CHARTS:
        raise NotFound("strengths.unknown_chart", value=name, hint=", ".join(charts.CHARTS))
    key = (
        view.content_hash,
        view.region,
        str(view.year),
        view.measure,
        view.convention,
        name,
        fmt,
        locale,
    )
    with _chart_lock:
        if key in _chart_cache:
            return _chart_cache[key]
    labels = _chart_labels(name, view, locale)
    if name == "network":
        data = charts.network_chart(view, labels=labels, name_of=_industry(locale), fmt=fmt)
    elif name == "scatter":
        data = charts.scatter_chart(view, labels=labels, fmt=fmt)
    elif name == "eci":
        data = charts.eci_chart(view, labels=labels, name_of=_region(locale), fmt=fmt)
    else:
        data = charts.heatmap_chart(view, labels=labels, name_of=_region(locale), fmt=fmt)
    with _chart_lock:
        _chart_cache[key] = data
        while len(_chart_cache) > 64:
            _chart_cache.popitem(last=False)
    return data


@router.get("/chart/{filename}")
def chart(
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    settings: SettingsDep,
    filename: str,
    region: str = "",
    dataset: str = "",
    year: str = "",
    measure: str = "",
    convention: str = "ecomplexity",
) -> Response:
    require_member(actor)
    name, _, fmt = filename.rpartition(".")
    if fmt not in ("svg", "png"):
        raise NotFound("strengths.unknown_chart", value=filename, hint="svg, png")
    query = _query(
        settings.region_code,
        region=region,
        dataset=dataset,
        year=year,
        measure=measure,
        convention=convention,
    )
    view = _view(db, query)
    data = render_chart(view, name=name, fmt="png" if fmt == "png" else "svg", locale=locale)
    headers = {"cache-control": "private, max-age=300"}
    if fmt == "png":
        headers["content-disposition"] = f'attachment; filename="strengths-{name}.png"'
    media = "image/png" if fmt == "png" else "image/svg+xml"
    return Response(data, media_type=media, headers=headers)


# ---- CSV exports -----------------------------------------------------------------------


def table_rows(
    view: service.RegionStrengths, table: str, *, locale: str = "ko"
) -> tuple[Sequence[str], list[list[object]]]:
    """Header and rows of one exportable table (the numbers the page and API show)."""
    result = view.result
    name = _industry(locale)
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


@router.get("/export/{filename}")
def export_table(
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    settings: SettingsDep,
    filename: str,
    region: str = "",
    dataset: str = "",
    year: str = "",
    measure: str = "",
    convention: str = "ecomplexity",
) -> Response:
    require_member(actor)
    table, _, fmt = filename.rpartition(".")
    if fmt != "csv" or table not in TABLES:
        raise NotFound("strengths.unknown_table", value=filename, hint=", ".join(TABLES))
    query = _query(
        settings.region_code,
        region=region,
        dataset=dataset,
        year=year,
        measure=measure,
        convention=convention,
    )
    view = _view(db, query)
    header, rows = table_rows(view, table, locale=locale)
    # Every export says where its numbers come from, and whether they are synthetic.
    header = (*header, "dataset", "is_synthetic")
    rows = [[*row, view.dataset.name, view.is_synthetic] for row in rows]
    stem = f"strengths-{view.dataset.name}-{view.region}-{table}"
    return Response(
        write_csv(header, rows),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": _attachment(f"{stem}.csv")},
    )


def _attachment(filename: str) -> str:
    """``Content-Disposition`` for any dataset name: ASCII fallback plus RFC 5987 UTF-8 name."""
    from urllib.parse import quote

    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "_", filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


# ---- import and demo (staff) -------------------------------------------------------------


@router.get("/import")
def import_page(request: Request, actor: ActorDep) -> Response:
    require_staff(actor)
    return render(
        request,
        "strengths/import.html",
        {"error": None, "preview": None, "result": None, "values": {}},
        actor=actor,
    )


@router.post("/import")
async def import_stats(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File()],
    dataset: Annotated[str, Form()] = "",
    source: Annotated[str, Form()] = "",
    flags_as_zero: Annotated[str, Form()] = "",
    is_synthetic: Annotated[str, Form()] = "",
    action: Annotated[str, Form()] = "preview",
) -> Response:
    await verify_csrf(request)
    require_staff(actor)
    upload = await read_upload(file, settings, default_name="upload.csv")
    values = {
        "dataset": dataset,
        "source": source,
        "flags_as_zero": bool(flags_as_zero),
        "is_synthetic": bool(is_synthetic),
    }
    context: dict[str, Any] = {"error": None, "preview": None, "result": None, "values": values}
    status = await run_in_threadpool(
        _import_or_preview, db, actor, locale, upload, context, action=action
    )
    return render(request, "strengths/import.html", context, actor=actor, status_code=status)


def _import_or_preview(
    db: Session, actor: Actor, locale: str, upload: Upload, context: dict[str, Any], *, action: str
) -> int:
    """Fill ``context`` with the preview (and the import's result); the status to answer with."""
    values = context["values"]
    try:
        upload.check_size()
        if action == "import":
            context["result"] = service.import_stats(
                db,
                actor=actor,
                data=upload.data,
                name=upload.name,
                dataset=values["dataset"] or None,
                source=values["source"],
                is_synthetic=values["is_synthetic"],
                flags_as_zero=values["flags_as_zero"],
            )
            context["preview"] = context["result"].preview
        else:
            stats = service.parse_stats_upload(
                upload.data, name=upload.name, flags_as_zero=values["flags_as_zero"]
            )
            context["preview"] = service.preview_of(stats)
            context["dataset_name"] = values["dataset"] or service.dataset_name_for(upload.name)
    except AxError as err:
        db.rollback()
        context["error"] = render_error(err, locale)
        return 400
    return 200


@router.post("/demo", dependencies=[CSRF])
def load_demo(db: SessionDep, actor: ActorDep) -> Response:
    require_staff(actor)
    service.load_demo_stats(db)
    return RedirectResponse("/strengths", status_code=303)


# ---- JSON API --------------------------------------------------------------------------


def _dataset_json(info: service.DatasetInfo) -> dict[str, Any]:
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
    }


def strengths_json(view: service.RegionStrengths) -> dict[str, Any]:
    """The API body: the same numbers as the page and the CSV exports."""

    def usecases(label: str) -> list[dict[str, Any]]:
        return [
            {"id": u.id, "reason": u.reason, "rank": u.rank} for u in view.usecases.get(label, ())
        ]

    return {
        "dataset": _dataset_json(view.dataset),
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
    }


@api.get("")
def get_strengths(
    db: SessionDep,
    actor: ActorDep,
    settings: SettingsDep,
    region: str = "",
    dataset: str = "",
    year: str = "",
    measure: str = "",
    convention: str = "ecomplexity",
) -> dict[str, Any]:
    """A region's ECI rank, specialisations, opportunities (with components) and all regions' ECI."""
    require_member(actor)
    query = _query(
        settings.region_code,
        region=region,
        dataset=dataset,
        year=year,
        measure=measure,
        convention=convention,
    )
    return strengths_json(_view(db, query))


@api.get("/datasets")
def get_datasets(db: SessionDep, actor: ActorDep) -> list[dict[str, Any]]:
    """Loaded regional statistics datasets (citation, synthetic flag, years, measures)."""
    require_member(actor)
    return [_dataset_json(info) for info in service.list_datasets(db)]
