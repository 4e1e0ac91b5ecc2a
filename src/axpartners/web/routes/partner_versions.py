"""Partner edits with optimistic concurrency: ``GET …/version`` then ``PUT …/versioned`` with
``If-Match`` (see :mod:`axpartners.services.partner_versions`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response
from pydantic import BaseModel

from axpartners.errors import InputError, PermissionDenied
from axpartners.services import partner_versions as service, partners
from axpartners.services.actors import can_edit_organisation, require_member
from axpartners.web.deps import ActorDep, SessionDep
from axpartners.web.routes.partners import PartnerIn, PartnerOut

api = APIRouter(prefix="/partners", tags=["partners"])


class PartnerVersion(BaseModel):
    id: str
    version: str


@api.get("/{partner_id}/version")
def api_partner_version(
    db: SessionDep, actor: ActorDep, response: Response, partner_id: str
) -> PartnerVersion:
    require_member(actor)
    version = service.current_version(db, partner_id=partner_id)
    response.headers["etag"] = f'"{version}"'
    return PartnerVersion(id=partner_id, version=version)


@api.put("/{partner_id}/versioned")
def api_update_partner_versioned(
    db: SessionDep,
    actor: ActorDep,
    response: Response,
    partner_id: str,
    body: PartnerIn,
    if_match: Annotated[str | None, Header(max_length=100)] = None,
) -> PartnerOut:
    require_member(actor)
    if not can_edit_organisation(actor, partner_id):
        raise PermissionDenied("permission.own_organisation_only")
    if not if_match:
        raise InputError("versions.if_match_required")
    record = {
        "id": partner_id,
        "name": body.name,
        "kind": body.kind,
        "description": body.description,
        "capabilities": ";".join(body.capabilities),
        "industries": ";".join(body.industries),
        "region": body.region or "",
        "homepage": body.homepage or "",
    }
    organisation = service.update_partner_if_match(
        db, actor=actor, data=partners.parse_partner(record), expected_version=if_match
    )
    db.flush()
    response.headers["etag"] = f'"{service.partner_version(organisation)}"'
    return PartnerOut.of(organisation)
