"""Project candidates (weights, quick wins, one-pager, promote), the lead map, the briefing pack."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel

from axpartners.errors import AxError, InputError, UpstreamFailed
from axpartners.i18n.catalog import render_error
from axpartners.planning.onepager import to_markdown
from axpartners.planning.refine import RefineResult
from axpartners.planning.scoring import GROUPS, ScoreWeights
from axpartners.reports.charts import RENDER_LOCK
from axpartners.services import (
    briefing as briefing_service,
    onepager as onepager_service,
    planning as service,
    planning_read as read,
    planning_region as region_service,
    teams as teams_service,
)
from axpartners.services.actors import require_member, require_staff
from axpartners.services.candidate_summary import candidate_summary
from axpartners.web.deps import (
    ActorDep,
    LocaleDep,
    SessionDep,
    SettingsDep,
    get_locale,
    render,
)
from axpartners.web.documents import html_document
from axpartners.web.downloads import table_response
from axpartners.web.security import CSRF, CsrfForm

router = APIRouter(tags=["pages"], include_in_schema=False)
api = APIRouter(tags=["planning"])

LEADMAP_COLUMNS = (
    "rank",
    "use_case",
    "industry",
    "score",
    "strength",
    "demand",
    "supply",
    "policy",
    "needs",
    "companies",
    "academics",
    "reasons",
)


def _weights(request: Request) -> ScoreWeights:
    return read.parse_weights(dict(request.query_params.items()))


def _list_page(
    request: Request, db: SessionDep, actor: ActorDep, locale: str, *, quick: bool
) -> Response:
    require_member(actor)
    error = None
    try:
        weights = _weights(request)
    except InputError as err:
        error = render_error(err, locale)
        weights = ScoreWeights()
    ranked = read.list_candidates(db, actor=actor, weights=weights, quick_wins=quick)
    context = {
        "ranked": ranked,
        "quick": quick,
        "groups": read.weight_groups(weights),
        "group_keys": list(GROUPS),
        "error": error,
        "query": request.url.query,
        "is_edited": read.is_edited,
    }
    is_fragment = request.headers.get("hx-request") == "true"
    if not is_fragment:
        context["summary"] = candidate_summary(db, actor=actor)
    template = "planning/_rows.html" if is_fragment else "planning/candidates.html"
    return render(request, template, context, actor=actor, status_code=422 if error else 200)


@router.get("/planning")
def planning_home() -> Response:
    return RedirectResponse("/planning/candidates", status_code=303)


@router.get("/planning/candidates")
def list_candidates(
    request: Request, db: SessionDep, actor: ActorDep, locale: LocaleDep
) -> Response:
    return _list_page(request, db, actor, locale, quick=False)


@router.get("/planning/quick-wins")
def quick_wins(request: Request, db: SessionDep, actor: ActorDep, locale: LocaleDep) -> Response:
    return _list_page(request, db, actor, locale, quick=True)


@router.get("/planning/candidates/export.{fmt}")
def export_candidates(
    request: Request, db: SessionDep, actor: ActorDep, fmt: str, view: str = "all"
) -> Response:
    ranked = read.list_candidates(
        db, actor=actor, weights=_weights(request), quick_wins=view == "quick"
    )
    return table_response(
        list(read.CANDIDATE_COLUMNS),
        read.export_candidate_rows(ranked),
        name="candidates" if view != "quick" else "quick_wins",
        fmt=fmt,
    )


@router.post("/planning/candidates/regenerate", dependencies=[CSRF])
def regenerate(db: SessionDep, actor: ActorDep, settings: SettingsDep) -> Response:
    result = service.regenerate_candidates(db, actor=actor, region=settings.region_code)
    return RedirectResponse(
        f"/planning/candidates?created={result.created}&updated={result.updated}",
        status_code=303,
    )


def _detail(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    candidate_id: int,
    *,
    error: str | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
    refined: RefineResult | None = None,
) -> Response:
    require_member(actor)
    locale, settings = get_locale(request), request.app.state.settings
    row = read.get_candidate(db, candidate_id)
    ranked = {r.row.id: r for r in read.list_candidates(db, actor=actor, include_closed=True)}
    item = ranked.get(row.id)
    onepager = (
        refined.onepager
        if refined is not None
        else onepager_service.candidate_onepager(
            db, actor=actor, candidate_id=row.id, locale=locale, region=settings.region_code
        )
    )
    plain = onepager_service.plain_candidate(db, row, locale)
    needs = read.candidate_needs(db, row)
    project = read.candidate_project(db, row)
    context = {
        "row": row,
        "item": item,
        "plain": plain,
        "features": read.features_of(row),
        "onepager": onepager,
        "needs": needs,
        "project": project,
        "teams": teams_service.teams_for_candidate(db, actor=actor, candidate_id=row.id),
        "edited": read.is_edited(row),
        "refined": refined,
        "can_refine": bool(request.app.state.settings.llm_base_url),
        "error": error,
        "values": values or {},
    }
    return render(request, "planning/candidate.html", context, actor=actor, status_code=status_code)


@router.get("/planning/candidates/{candidate_id:int}")
def candidate_page(
    request: Request, db: SessionDep, actor: ActorDep, candidate_id: int
) -> Response:
    return _detail(request, db, actor, candidate_id)


@router.get("/planning/candidates/{candidate_id:int}/onepager.md")
def onepager_markdown(
    db: SessionDep, actor: ActorDep, settings: SettingsDep, locale: LocaleDep, candidate_id: int
) -> Response:
    onepager = onepager_service.candidate_onepager(
        db, actor=actor, candidate_id=candidate_id, locale=locale, region=settings.region_code
    )
    return Response(
        to_markdown(onepager, locale=locale).encode("utf-8"),
        media_type="text/markdown; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="onepager-{candidate_id}.md"'},
    )


@router.post("/planning/candidates/{candidate_id:int}/edit")
def edit_candidate(
    request: Request,
    form: CsrfForm,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    candidate_id: int,
) -> Response:
    require_staff(actor)
    values = {
        k: str(form.get(k, ""))
        for k in (
            "title",
            "problem",
            "months_to_first_result",
            "cost_mkrw",
            "data_readiness",
            "scope",
            "status",
        )
    }
    try:
        service.update_candidate(
            db,
            actor=actor,
            candidate_id=candidate_id,
            title=values["title"] if "title" in form else None,
            problem=values["problem"] if "problem" in form else None,
            months_to_first_result=values["months_to_first_result"],
            cost_mkrw=values["cost_mkrw"],
            data_readiness=values["data_readiness"],
            scope=values["scope"] or None,
            status=values["status"] or None,
        )
    except InputError as err:
        db.rollback()
        return _detail(
            request,
            db,
            actor,
            candidate_id,
            error=render_error(err, locale),
            values=values,
            status_code=422,
        )
    return RedirectResponse(f"/planning/candidates/{candidate_id}", status_code=303)


@router.post("/planning/candidates/{candidate_id:int}/promote")
def promote_candidate(
    request: Request,
    form: CsrfForm,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    candidate_id: int,
) -> Response:
    try:
        project = service.promote_candidate(
            db, actor=actor, candidate_id=candidate_id, owner=str(form.get("owner", ""))
        )
    except AxError as err:
        if err.code != "candidates.already_promoted":
            raise
        db.rollback()
        return _detail(
            request,
            db,
            actor,
            candidate_id,
            error=render_error(err, locale),
            status_code=409,
        )
    return RedirectResponse(f"/projects/{project.id}", status_code=303)


@router.post("/planning/candidates/{candidate_id:int}/refine", dependencies=[CSRF])
def refine_candidate(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    settings: SettingsDep,
    candidate_id: int,
) -> Response:
    """Rewrite the one-pager through the configured LLM endpoint (shown, not stored)."""
    try:
        result = onepager_service.refine_candidate(
            db,
            actor=actor,
            candidate_id=candidate_id,
            base_url=settings.llm_base_url or "",
            model=settings.llm_model or "",
        )
    except UpstreamFailed as err:
        return _detail(
            request,
            db,
            actor,
            candidate_id,
            error=render_error(err, locale),
            status_code=502,
        )
    return _detail(request, db, actor, candidate_id, refined=result)


# ---- lead map ----------------------------------------------------------------------------------


@router.get("/planning/leadmap")
def leadmap_page(
    request: Request, db: SessionDep, actor: ActorDep, settings: SettingsDep, locale: LocaleDep
) -> Response:
    lead = region_service.lead_map(db, actor=actor, region=settings.region_code, locale=locale)
    candidates = read.open_candidate_ids(db)
    return render(
        request,
        "planning/leadmap.html",
        {"lead": lead, "fields": lead.top(30), "candidates": candidates},
        actor=actor,
    )


@router.get("/planning/leadmap/export.{fmt}")
def leadmap_export(
    db: SessionDep, actor: ActorDep, settings: SettingsDep, locale: LocaleDep, fmt: str
) -> Response:
    lead = region_service.lead_map(db, actor=actor, region=settings.region_code, locale=locale)
    rows: list[list[object]] = []
    for f in lead.fields:
        points = {c.key: round(c.points, 2) for c in f.score.components}
        rows.append(
            [
                f.rank,
                f.use_case_label,
                f.industry_name,
                round(f.score.total, 2),
                points.get("strength", ""),
                points.get("demand", ""),
                points.get("supply", ""),
                points.get("policy", ""),
                f.needs,
                ";".join(f.companies),
                ";".join(f.academics),
                " ".join(s.text for s in f.reasons),
            ]
        )
    return table_response(list(LEADMAP_COLUMNS), rows, name="leadmap", fmt=fmt)


# ---- briefing pack -----------------------------------------------------------------------------


@router.get("/council/briefing.{fmt}")
def briefing_file(db: SessionDep, actor: ActorDep, settings: SettingsDep, fmt: str) -> Response:
    require_member(actor)
    if fmt not in ("pdf", "html"):
        raise InputError("reports.bad_output", file=f"briefing.{fmt}")
    # matplotlib's rcParams are process-global: draw with the app's other charts one at a time.
    with RENDER_LOCK:
        if fmt == "html":
            return html_document(
                lambda nonce: briefing_service.build_briefing(
                    db, fmt="html", actor=actor, region=settings.region_code, style_nonce=nonce
                )
            )
        data = briefing_service.build_briefing(
            db, fmt="pdf", actor=actor, region=settings.region_code
        )
    return Response(
        data,
        media_type="application/pdf",
        headers={"content-disposition": 'attachment; filename="briefing.pdf"'},
    )


# ---- JSON API ----------------------------------------------------------------------------------


class ComponentOut(BaseModel):
    key: str
    points: float
    value: float
    is_missing: bool


class CandidateOut(BaseModel):
    id: int
    rank: int
    title: str
    use_case: str | None
    industry: str | None
    score: float
    components: list[ComponentOut]
    months_to_first_result: float
    is_quick_win: bool
    status: str
    consortium: list[str]
    need_ids: list[int]


@api.get("/candidates")
def api_candidates(
    request: Request, db: SessionDep, actor: ActorDep, view: str = "all"
) -> list[CandidateOut]:
    ranked = read.list_candidates(
        db, actor=actor, weights=_weights(request), quick_wins=view == "quick"
    )
    return [
        CandidateOut(
            id=r.row.id,
            rank=r.rank,
            title=r.row.title,
            use_case=r.row.use_case,
            industry=r.row.industry,
            score=round(r.score.total, 4),
            components=[
                ComponentOut(
                    key=c.key,
                    points=round(c.points, 4),
                    value=round(c.value, 4),
                    is_missing=c.is_missing,
                )
                for c in r.score.components
            ],
            months_to_first_result=r.features.months_to_first_result,
            is_quick_win=r.is_quick_win,
            status=r.row.status,
            consortium=list(r.row.consortium or []),
            need_ids=list(r.row.need_ids or []),
        )
        for r in ranked
    ]
