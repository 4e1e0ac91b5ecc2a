"""Log in and out (form and JSON), and the language toggle."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from axpartners.config import Settings
from axpartners.db.tables import User
from axpartners.errors import InvalidLogin, LoginThrottled
from axpartners.i18n.catalog import render_error, translate
from axpartners.services import users as users_service
from axpartners.services.actors import require_member
from axpartners.web.deps import ActorDep, SessionDep, SettingsDep, get_locale, render
from axpartners.web.security import client_key, verify_csrf

router = APIRouter(tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/auth", tags=["auth"])


def _safe_next(target: str | None) -> str:
    # Only same-site relative paths: never redirect to another host after login.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


def _login(
    request: Request, db: SessionDep, settings: Settings, username: str, password: str
) -> User:
    user = users_service.login(
        db,
        request.app.state.sessions,
        key=f"login-fail:{client_key(request)}:{username.lower()}",
        attempts_per_minute=settings.login_attempts_per_minute,
        username=username,
        password=password,
    )
    request.session.clear()
    request.session.update({"uid": user.id, "sv": user.session_version})
    return user


@router.get("/login")
def login_page(
    request: Request, actor: ActorDep, next: str | None = None, reason: str | None = None
) -> Response:
    notice = translate("auth.login_required", get_locale(request)) if reason == "required" else None
    context = {"next": _safe_next(next), "error": None, "notice": notice}
    return render(request, "login.html", context, actor=actor)


@router.post("/login")
async def login_submit(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    await verify_csrf(request)
    try:
        await run_in_threadpool(_login, request, db, settings, username.strip(), password)
    except (InvalidLogin, LoginThrottled) as err:
        message = render_error(err, get_locale(request))
        return render(
            request, "login.html", {"next": _safe_next(next), "error": message}, status_code=400
        )
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    await verify_csrf(request)
    request.session.clear()
    return RedirectResponse("/", status_code=303)


@router.get("/lang/{locale}")
def set_language(request: Request, locale: str, next: str | None = None) -> Response:
    if locale in ("ko", "en"):
        request.session["locale"] = locale
    return RedirectResponse(_safe_next(next), status_code=303)


class LoginBody(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class TokenOut(BaseModel):
    token: str
    username: str
    role: str


@api.post("/login")
def api_login(request: Request, body: LoginBody, db: SessionDep, settings: SettingsDep) -> TokenOut:
    user = _login(request, db, settings, body.username.strip(), body.password)
    token = request.app.state.tokens.issue(user.id, user.session_version)
    return TokenOut(token=token, username=user.username, role=user.role)


@api.get("/me")
def api_me(actor: ActorDep) -> dict[str, str | None]:
    require_member(actor)
    return {
        "username": actor.username,
        "role": actor.role,
        "organisation_id": actor.organisation_id,
    }
