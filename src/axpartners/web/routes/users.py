"""User management (admin only): page and JSON API."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from axpartners.db.tables import User
from axpartners.db.tables.system import ROLES
from axpartners.errors import AxError
from axpartners.i18n.catalog import render_error
from axpartners.services import partners as partners_service, users as service
from axpartners.services.actors import require_admin
from axpartners.web.deps import ActorDep, LocaleDep, SessionDep, render
from axpartners.web.security import CsrfForm

router = APIRouter(prefix="/admin/users", tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/users", tags=["users"])


def _page(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    *,
    error: str | None,
    created: str | None,
    status_code: int = 200,
) -> Response:
    context = {
        "users": service.list_users(db, actor=actor),
        "roles": ROLES,
        "organisations": partners_service.partner_choices(db),
        "error": error,
        "created": created,
    }
    return render(request, "users/list.html", context, actor=actor, status_code=status_code)


@router.get("")
def list_users(request: Request, db: SessionDep, actor: ActorDep) -> Response:
    require_admin(actor)
    return _page(request, db, actor, error=None, created=None)


@router.post("")
def create_user(
    request: Request, form: CsrfForm, db: SessionDep, actor: ActorDep, locale: LocaleDep
) -> Response:
    require_admin(actor)
    try:
        service.create_user(
            db,
            actor=actor,
            username=str(form.get("username", "")).strip(),
            password=str(form.get("password", "")),
            role=str(form.get("role", "")),
            organisation_id=str(form.get("organisation_id", "")) or None,
            display_name=str(form.get("display_name", "")).strip(),
        )
    except AxError as err:
        db.rollback()
        return _page(
            request, db, actor, error=render_error(err, locale), created=None, status_code=422
        )
    return RedirectResponse("/admin/users", status_code=303)


class UserIn(BaseModel):
    username: str = Field(min_length=3, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    role: str
    organisation_id: str | None = None
    display_name: str = ""


class UserOut(BaseModel):
    username: str
    display_name: str
    role: str
    organisation_id: str | None
    is_active: bool

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(
            username=user.username,
            display_name=user.display_name,
            role=user.role,
            organisation_id=user.organisation_id,
            is_active=user.is_active,
        )


@api.get("")
def api_list_users(db: SessionDep, actor: ActorDep) -> list[UserOut]:
    return [UserOut.of(u) for u in service.list_users(db, actor=actor)]


@api.post("", status_code=201)
def api_create_user(db: SessionDep, actor: ActorDep, body: UserIn) -> UserOut:
    user = service.create_user(
        db,
        actor=actor,
        username=body.username,
        password=body.password,
        role=body.role,
        organisation_id=body.organisation_id,
        display_name=body.display_name,
    )
    return UserOut.of(user)
