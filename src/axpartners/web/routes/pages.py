"""Home, published success cases, and the section pages later capabilities fill."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from sqlalchemy import func, select

from axpartners.db.tables import Need, Organisation, Project
from axpartners.web.deps import ActorDep, SessionDep, render

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/")
def home(request: Request, db: SessionDep, actor: ActorDep) -> Response:
    counts = {
        "partners": db.scalar(select(func.count()).select_from(Organisation)) or 0,
        "needs": db.scalar(select(func.count()).select_from(Need)) or 0,
        "projects": db.scalar(select(func.count()).select_from(Project)) or 0,
        "cases": db.scalar(select(func.count()).select_from(Project).where(Project.is_published))
        or 0,
    }
    return render(request, "home.html", {"counts": counts}, actor=actor)


@router.get("/cases")
def cases(request: Request, db: SessionDep, actor: ActorDep) -> Response:
    published = db.scalars(
        select(Project).where(Project.is_published).order_by(Project.id.desc())
    ).all()
    return render(request, "cases.html", {"projects": published}, actor=actor)


@router.get("/healthz")
def healthz(db: SessionDep) -> dict[str, str]:
    db.execute(select(1))
    return {"status": "ok"}
