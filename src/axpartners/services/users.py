"""Accounts: argon2 password hashes, roles, authentication."""

from __future__ import annotations

import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from axpartners.db.base import utcnow
from axpartners.db.tables import Organisation, User
from axpartners.db.tables.system import ROLES
from axpartners.errors import Conflict, InputError, InvalidLogin, LoginThrottled, NotFound
from axpartners.services import audit, ratelimit
from axpartners.services.actors import Actor, require_admin

_hasher = PasswordHasher()
# Verifying against this keeps the time of a failed login the same whether or not the user exists.
_DUMMY_HASH = _hasher.hash("timing-equaliser")
_USERNAME = re.compile(r"^[a-zA-Z0-9_.-]{3,64}$")
MIN_PASSWORD_LENGTH = 10


def generate_password() -> str:
    """A random password that always passes :func:`check_password_policy`."""
    while True:
        # token_urlsafe(12) is letters only about 3.6 % of the time, which the policy refuses.
        candidate = secrets.token_urlsafe(12)
        if is_strong(candidate):
            return candidate


def is_strong(password: str) -> bool:
    """Long enough, and not only digits or only letters."""
    return len(password) >= MIN_PASSWORD_LENGTH and not (password.isdigit() or password.isalpha())


def check_password_policy(password: str) -> None:
    if not is_strong(password):
        raise InputError("users.weak_password", min_length=MIN_PASSWORD_LENGTH)


def create_user(
    session: Session,
    *,
    actor: Actor,
    username: str,
    password: str,
    role: str,
    organisation_id: str | None = None,
    display_name: str = "",
) -> User:
    require_admin(actor)
    if not _USERNAME.match(username):
        raise InputError("users.bad_username", value=username)
    if role not in ROLES:
        raise InputError("users.bad_role", value=role, allowed=", ".join(ROLES))
    if role == "partner":
        if not organisation_id:
            raise InputError("users.partner_needs_org")
        if session.get(Organisation, organisation_id) is None:
            raise NotFound("not_found", what="organisation", key=organisation_id)
    check_password_policy(password)
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise Conflict("users.exists", value=username)
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=_hasher.hash(password),
        role=role,
        organisation_id=organisation_id if role == "partner" else organisation_id or None,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity_type="user",
        entity_id=user.id,
        detail={"username": username, "role": role, "organisation_id": organisation_id},
    )
    return user


def set_password(session: Session, *, actor: Actor, username: str, password: str) -> User:
    user = get_user(session, username)
    if not (actor.is_admin or actor.user_id == user.id):
        require_admin(actor)
    check_password_policy(password)
    user.password_hash = _hasher.hash(password)
    user.session_version += 1
    audit.record(session, actor=actor, action="set_password", entity_type="user", entity_id=user.id)
    return user


def set_active(session: Session, *, actor: Actor, username: str, active: bool) -> User:
    require_admin(actor)
    user = get_user(session, username)
    user.is_active = active
    user.session_version += 1
    audit.record(
        session,
        actor=actor,
        action="activate" if active else "deactivate",
        entity_type="user",
        entity_id=user.id,
    )
    return user


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound("not_found", what="user", key=username)
    return user


def list_users(session: Session, *, actor: Actor) -> list[User]:
    require_admin(actor)
    return list(session.scalars(select(User).order_by(User.username)))


def login(
    session: Session,
    buckets: sessionmaker[Session],
    *,
    key: str,
    attempts_per_minute: int,
    username: str,
    password: str,
) -> User:
    """The user for a login form or API call, with its audit entry; failures counted in
    ``buckets`` (their own transactions, kept when the request fails) under ``key``.

    Raises:
        LoginThrottled: ``attempts_per_minute`` failures already counted under ``key``.
        InvalidLogin: unknown user, wrong password or inactive account (one message for all).
    """
    if ratelimit.current(buckets, key=key) >= attempts_per_minute:
        raise LoginThrottled()
    user = authenticate(session, username, password)
    if user is None:
        ratelimit.hit(buckets, key=key, limit=10**9)
        raise InvalidLogin()
    audit.record(
        session, actor=actor_for(user), action="login", entity_type="user", entity_id=user.id
    )
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this password, else None (constant-time-ish for unknown users)."""
    user = session.scalar(select(User).where(User.username == username))
    try:
        if user is None:
            _hasher.verify(_DUMMY_HASH, password)
            return None
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if not user.is_active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.last_login_at = utcnow()
    return user


def actor_for(user: User) -> Actor:
    return Actor(
        username=user.username,
        role=user.role,
        organisation_id=user.organisation_id,
        user_id=user.id,
    )
