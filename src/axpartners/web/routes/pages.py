"""Home, published success cases, and the section pages later capabilities fill."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from axpartners.services import site_read
from axpartners.services.candidate_summary import candidate_summary
from axpartners.web.deps import ActorDep, SessionDep, render

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/")
def home(request: Request, db: SessionDep, actor: ActorDep) -> Response:
    counts = site_read.home_counts(db)
    summary = candidate_summary(db, actor=actor) if actor.is_authenticated else None
    return render(request, "home.html", {"counts": counts, "summary": summary}, actor=actor)


@router.get("/cases")
def cases(request: Request, db: SessionDep, actor: ActorDep) -> Response:
    published = site_read.published_cases(db)
    return render(request, "cases.html", {"projects": published}, actor=actor)


@router.get("/healthz")
def healthz(db: SessionDep) -> dict[str, str]:
    site_read.ping(db)
    return {"status": "ok"}
