"""The actor and role checks, as the services name them (defined in :mod:`axpartners.actors`)."""

from __future__ import annotations

from axpartners.actors import (
    ANONYMOUS,
    STAFF_ROLES,
    SYSTEM,
    Actor,
    can_edit_organisation,
    require_admin,
    require_member,
    require_staff,
)

__all__ = [
    "ANONYMOUS",
    "STAFF_ROLES",
    "SYSTEM",
    "Actor",
    "can_edit_organisation",
    "require_admin",
    "require_member",
    "require_staff",
]
