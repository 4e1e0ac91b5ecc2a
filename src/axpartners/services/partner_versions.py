"""Optimistic concurrency for partner edits across app processes (``If-Match`` versions).

``services.partners.update_partner`` reads the organisation, then replaces its fields and its
capability/industry rows. Two processes editing the same partner at once both read the old
state: the later commit silently overwrites the earlier one (a lost update), its audit entry
records a stale ``from`` value, and the concurrent delete+insert of the capability rows can
fail with a unique violation or a deadlock (HTTP 500) on PostgreSQL.

:func:`update_partner_if_match` serialises writers on the organisation row (an ``UPDATE`` that
changes nothing takes the row lock on PostgreSQL and the write lock on SQLite), re-reads the
row, and refuses the edit with :class:`~axpartners.errors.Conflict` when the caller's version
is not the current one. The version is a content hash (fields, capabilities, industries), so
it changes with any edit, including capability-only edits that do not touch the row.
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from axpartners.db.tables import Organisation
from axpartners.errors import Conflict, NotFound, PermissionDenied
from axpartners.services import partners
from axpartners.services.actors import Actor, can_edit_organisation


def partner_version(organisation: Organisation) -> str:
    """A 16-hex content version of the editable state of a partner."""
    state = {
        "name": organisation.name,
        "kind": organisation.kind,
        "description": organisation.description,
        "region": organisation.region,
        "homepage": organisation.homepage,
        "capabilities": sorted((c.use_case, bool(c.inferred)) for c in organisation.capabilities),
        "industries": organisation.industry_codes(),
    }
    blob = json.dumps(state, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


def current_version(session: Session, *, partner_id: str) -> str:
    return partner_version(partners.get_partner(session, partner_id))


def _lock(session: Session, partner_id: str) -> Organisation:
    touched = session.execute(
        update(Organisation)
        .where(Organisation.id == partner_id)
        .values(updated_at=Organisation.updated_at)
        .execution_options(synchronize_session=False)
    )
    if touched.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFound("not_found", what="partner", key=partner_id)
    return session.execute(
        select(Organisation)
        .where(Organisation.id == partner_id)
        .execution_options(populate_existing=True)
    ).scalar_one()


def update_partner_if_match(
    session: Session, *, actor: Actor, data: partners.PartnerInput, expected_version: str
) -> Organisation:
    """Apply ``data`` only if the partner is still at ``expected_version`` (else ``Conflict``)."""
    if not can_edit_organisation(actor, data.id):
        raise PermissionDenied("permission.own_organisation_only")
    organisation = _lock(session, data.id)
    current = partner_version(organisation)
    if expected_version.strip().strip('"') != current:
        raise Conflict("versions.stale", key=data.id, current=current)
    return partners.update_partner(session, actor=actor, data=data)
