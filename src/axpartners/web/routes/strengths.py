"""Strengths: where the region is specialised and where it could lead next (issue 4, SPEC §6).

Pages (members): ``/strengths`` (opportunity table with components and AI use cases,
specialisations and their change over the years, four charts), chart images
``/strengths/chart/<name>.svg|png`` and CSV exports ``/strengths/export/<table>.csv``.
Staff: ``/strengths/import`` (preview, then import a statistics file) and ``/strengths/demo``.
API (members): ``GET /api/v1/strengths`` and ``GET /api/v1/strengths/datasets``.

CSV tables and JSON bodies are laid out by :mod:`axpartners.web.routes._strengths_tables`,
charts drawn by :mod:`axpartners.reports.charts.strengths`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from axpartners.analytics import CONVENTIONS, Convention
from axpartners.codes import industry_name, region_name, regions
from axpartners.config import Settings
from axpartners.errors import AnalyticsError, AxError, InputError, NotFound
from axpartners.i18n.catalog import render_error
from axpartners.io.tables import write_csv
from axpartners.memo import Memo
from axpartners.reports.charts import ChartFormat, strengths as charts
from axpartners.services import stats_demo, stats_import, strengths as service
from axpartners.services.actors import Actor, require_member, require_staff
from axpartners.services.strengths_stability import with_stability
from axpartners.taxonomy import load_taxonomy
from axpartners.web.deps import ActorDep, LocaleDep, SessionDep, SettingsDep, render
from axpartners.web.routes._strengths_labels import chart_labels
from axpartners.web.routes._strengths_tables import (
    TABLES,
    dataset_json,
    strengths_json,
    table_rows,
)
from axpartners.web.security import CSRF, verify_csrf
from axpartners.web.uploads import Upload, read_upload

router = APIRouter(prefix="/strengths", tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/strengths", tags=["strengths"])

TOP_OPPORTUNITIES = 15


@dataclass(frozen=True, slots=True)
class Query:
    """The page's selectors, as given (empty = default)."""

    region: str
    dataset: str | None
    year: int | None
    measure: str | None
    convention: Convention
    scope: str = "10-34"

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


@dataclass(frozen=True, slots=True)
class Selectors:
    """The view's query parameters as sent (``?region=&dataset=&year=&measure=&convention=``),
    shared by the page, its charts and exports, and the API (``Depends()`` reads them)."""

    region: str = ""
    dataset: str = ""
    year: str = ""
    measure: str = ""
    convention: str = "ecomplexity"


SelectorsDep = Annotated[Selectors, Depends()]


def _query(settings: Settings, selectors: Selectors) -> Query:
    year = selectors.year.strip()
    year_value: int | None = None
    if year:
        try:
            year_value = int(year)
        except ValueError:
            raise InputError("stats.bad_year", column="year", value=selectors.year) from None
    if selectors.convention not in CONVENTIONS:
        raise AnalyticsError("analytics.bad_convention", convention=selectors.convention)
    chosen: Convention = "stata" if selectors.convention == "stata" else "ecomplexity"
    return Query(
        region=selectors.region.strip() or settings.region_code,
        dataset=selectors.dataset.strip() or None,
        year=year_value,
        measure=selectors.measure.strip() or None,
        convention=chosen,
        scope=settings.strengths_scope,
    )


def _view(
    db: Any, query: Query, *, info: service.DatasetInfo | None = None
) -> service.RegionStrengths:
    return service.region_strengths(
        db,
        region=query.region,
        dataset=query.dataset,
        year=query.year,
        measure=query.measure,
        convention=query.convention,
        scope=query.scope,
        info=info,
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
    selectors: SelectorsDep,
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
            query = _query(settings, selectors)
            relaxed, info = _relaxed(datasets, query)
            view = with_stability(db, _view(db, relaxed, info=info), datasets=datasets)
            context["view"] = view
            context["query_string"] = _encode(query.params(view))
            context["selected"] = query.params(view)
        except (AnalyticsError, NotFound, InputError) as err:
            context["error"] = render_error(err, locale)
            context["selected"] = {
                "region": selectors.region or settings.region_code,
                "dataset": selectors.dataset,
            }
            status = 404 if isinstance(err, NotFound) else 422
    return render(request, "strengths/page.html", context, actor=actor, status_code=status)


def _relaxed(
    datasets: Sequence[service.DatasetInfo], query: Query
) -> tuple[Query, service.DatasetInfo]:
    """For the page: a measure or year the chosen dataset lacks (left over from the previously
    shown dataset) falls back to the dataset's default instead of an error. The datasets are
    listed once per page and the chosen one handed on."""
    info = service.pick_dataset(datasets, query.dataset)
    measure = query.measure if query.measure in info.measures else None
    year = query.year if query.year in info.years else None
    return dataclasses.replace(query, dataset=info.name, measure=measure, year=year), info


def _encode(params: Mapping[str, str]) -> str:
    return urlencode(params)


def _usecase_labels(locale: str) -> Callable[[str], str]:
    names = {u.id: u for u in load_taxonomy()}

    def label(use_case: str) -> str:
        found = names.get(use_case)
        return found.label(locale) if found is not None else use_case

    return label


# ---- charts ----------------------------------------------------------------------------

_charts: Memo[tuple[str, ...], bytes] = Memo(max_size=64)
"""Rendered charts by content hash, selection, format and locale."""


def render_chart(
    view: service.RegionStrengths, *, name: str, fmt: ChartFormat, locale: str
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
    return _charts.get_or_build(key, lambda: _draw(view, name=name, fmt=fmt, locale=locale))


def reset_charts() -> None:
    """Forget every rendered chart."""
    _charts.clear()


def _draw(view: service.RegionStrengths, *, name: str, fmt: ChartFormat, locale: str) -> bytes:
    labels = chart_labels(name, view, locale)
    if name == "network":
        data = charts.network_chart(view, labels=labels, name_of=_industry(locale), fmt=fmt)
    elif name == "scatter":
        data = charts.scatter_chart(view, labels=labels, fmt=fmt)
    elif name == "eci":
        data = charts.eci_chart(view, labels=labels, name_of=_region(locale), fmt=fmt)
    elif name == "trend":
        data = charts.trend_chart(view, labels=labels, name_of=_industry(locale), fmt=fmt)
    else:
        data = charts.heatmap_chart(view, labels=labels, name_of=_region(locale), fmt=fmt)
    return data


@router.get("/chart/{filename}")
def chart(
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    settings: SettingsDep,
    filename: str,
    selectors: SelectorsDep,
) -> Response:
    require_member(actor)
    name, _, fmt = filename.rpartition(".")
    if fmt not in ("svg", "png"):
        raise NotFound("strengths.unknown_chart", value=filename, hint="svg, png")
    query = _query(settings, selectors)
    view = _view(db, query)
    if name == "trend":
        view = with_stability(db, view)
    data = render_chart(view, name=name, fmt="png" if fmt == "png" else "svg", locale=locale)
    headers = {"cache-control": "private, max-age=300"}
    if fmt == "png":
        headers["content-disposition"] = f'attachment; filename="strengths-{name}.png"'
    media = "image/png" if fmt == "png" else "image/svg+xml"
    return Response(data, media_type=media, headers=headers)


# ---- CSV exports -----------------------------------------------------------------------


@router.get("/export/{filename}")
def export_table(
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    settings: SettingsDep,
    filename: str,
    selectors: SelectorsDep,
) -> Response:
    require_member(actor)
    table, _, fmt = filename.rpartition(".")
    if fmt != "csv" or table not in TABLES:
        raise NotFound("strengths.unknown_table", value=filename, hint=", ".join(TABLES))
    query = _query(settings, selectors)
    view = _view(db, query)
    if table == "opportunities":
        view = with_stability(db, view)
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
    db: Any, actor: Actor, locale: str, upload: Upload, context: dict[str, Any], *, action: str
) -> int:
    """Fill ``context`` with the preview (and the import's result); the status to answer with."""
    values = context["values"]
    try:
        upload.check_size()
        if action == "import":
            context["result"] = stats_import.import_stats(
                db,
                actor=actor,
                data=upload.data,
                name=upload.name,
                dataset=values["dataset"] or None,
                source=values["source"],
                is_synthetic=values["is_synthetic"],
                flags_as_zero=values["flags_as_zero"],
                for_complexity=True,
            )
            context["preview"] = context["result"].preview
        else:
            stats = stats_import.parse_stats_upload(
                upload.data, name=upload.name, flags_as_zero=values["flags_as_zero"]
            )
            context["preview"] = stats_import.preview_of(stats)
            stats_import.check_import_size(stats)
            dataset_name = values["dataset"] or stats_import.dataset_name_for(upload.name)
            context["dataset_name"] = dataset_name
    except AxError as err:
        db.rollback()
        context["error"] = render_error(err, locale)
        return 400
    return 200


@router.post("/demo", dependencies=[CSRF])
def load_demo(db: SessionDep, actor: ActorDep) -> Response:
    require_staff(actor)
    stats_demo.load_demo_stats(db)
    return RedirectResponse("/strengths", status_code=303)


# ---- JSON API --------------------------------------------------------------------------


@api.get("")
def get_strengths(
    db: SessionDep,
    actor: ActorDep,
    settings: SettingsDep,
    selectors: SelectorsDep,
) -> dict[str, Any]:
    """A region's ECI rank, specialisations, opportunities (with components) and all regions' ECI."""
    require_member(actor)
    query = _query(settings, selectors)
    datasets = service.list_datasets(db)
    info = service.pick_dataset(datasets, query.dataset)
    view = _view(db, dataclasses.replace(query, dataset=info.name), info=info)
    return strengths_json(with_stability(db, view, datasets=datasets))


@api.get("/datasets")
def get_datasets(db: SessionDep, actor: ActorDep) -> list[dict[str, Any]]:
    """Loaded regional statistics datasets (citation, synthetic flag, years, measures)."""
    require_member(actor)
    return [dataset_json(info) for info in service.list_datasets(db)]
