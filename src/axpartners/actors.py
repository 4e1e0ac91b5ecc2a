"""Who is acting, and what their role allows (SPEC §1).

On the ground floor so that the job runner (``jobs/``) can name the actor of a job without
reaching up into ``services/``; the services import it from here (or ``services.actors``).
"""

from __future__ import annotations

from dataclasses import dataclass

from axpartners.errors import PermissionDenied

STAFF_ROLES = frozenset({"admin", "secretariat"})


@dataclass(frozen=True, slots=True)
class Actor:
    """The caller of a service: a logged-in user, the CLI operator, or an anonymous visitor."""

    username: str
    role: str | None  # None = anonymous
    organisation_id: str | None = None
    user_id: int | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.role is not None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


ANONYMOUS = Actor(username="anonymous", role=None)
SYSTEM = Actor(username="system", role="admin")


def require_staff(actor: Actor) -> None:
    if not actor.is_staff:
        raise PermissionDenied("permission.staff_only")


def require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise PermissionDenied("permission.admin_only")


def require_member(actor: Actor) -> None:
    if not actor.is_authenticated:
        raise PermissionDenied("permission.login_required")


def can_edit_organisation(actor: Actor, organisation_id: str) -> bool:
    return actor.is_staff or (actor.role == "partner" and actor.organisation_id == organisation_id)
