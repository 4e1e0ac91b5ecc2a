"""Whether the stored project candidates are still current with what they were built from.

Each rebuild (``regenerate_candidates``) records a fingerprint of its inputs —
labelled open needs, partners, tagged policy items and the statistics imports — in the audit
log (``entity_type="candidates"``, ``action="rebuild"``). When the current fingerprint differs,
the candidates are stale and the pages say which inputs changed, with one click to rebuild.
Nothing is stored beyond that audit entry; a fingerprint is a digest of what generation reads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from axpartners.db.tables import AuditEntry
from axpartners.services import audit
from axpartners.services.actors import Actor
from axpartners.services.planning_region import need_inputs, partner_refs, policy_refs

#: The inputs of candidate generation, in the order the stale marker names them.
INPUTS = ("needs", "partners", "policies", "statistics")
BUILD_ENTITY = "candidates"
BUILD_ACTION = "rebuild"


def _digest(items: Iterable[object]) -> str:
    h = hashlib.sha256()
    for item in items:
        h.update(repr(item).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()[:16]


def input_fingerprint(session: Session) -> dict[str, str]:
    """A short digest per input of candidate generation (see :data:`INPUTS`)."""
    latest_stats = session.scalar(
        select(func.max(AuditEntry.id)).where(AuditEntry.entity_type == "regional_stats")
    )
    return {
        "needs": _digest(need_inputs(session)),
        "partners": _digest(partner_refs(session)),
        "policies": _digest(policy_refs(session)),
        "statistics": str(latest_stats or 0),
    }


def record_build(session: Session, *, actor: Actor) -> None:
    """Note that the candidates were just rebuilt from the current inputs."""
    audit.record(
        session,
        actor=actor,
        action=BUILD_ACTION,
        entity_type=BUILD_ENTITY,
        entity_id="all",
        detail={"inputs": input_fingerprint(session)},
    )


def _last_build(session: Session) -> tuple[Mapping[str, object] | None, datetime | None]:
    row = session.execute(
        select(AuditEntry.detail, AuditEntry.at)
        .where(AuditEntry.entity_type == BUILD_ENTITY, AuditEntry.action == BUILD_ACTION)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None, None
    inputs = (row.detail or {}).get("inputs")
    return (inputs if isinstance(inputs, dict) else None), row.at


def changed_inputs(
    session: Session, *, has_candidates: bool
) -> tuple[tuple[str, ...], datetime | None]:
    """The inputs (of :data:`INPUTS`) that changed since the last rebuild, and when it was."""
    built, at = _last_build(session)
    now = input_fingerprint(session)
    if built is None:
        # Never rebuilt under this check: stale if there is anything to build from or shown.
        has_inputs = now["needs"] != _digest(())
        return (INPUTS if has_candidates or has_inputs else ()), None
    return tuple(k for k in INPUTS if built.get(k) != now[k]), at
