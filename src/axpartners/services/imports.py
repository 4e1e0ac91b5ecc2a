"""``axp import KIND FILE…`` / ``axp export KIND FILE``: one entry point per data kind."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from axpartners.db.tables import Need
from axpartners.errors import InputError
from axpartners.io.tables import read_table_file
from axpartners.services import (
    needs as needs_service,
    partners as partners_service,
    policy,
    stats_import,
)
from axpartners.services.actors import Actor, require_staff

NEEDS_EXPORT = (
    "id",
    "ref",
    "title",
    "text",
    "company",
    "industry",
    "region",
    "submitted_at",
    "label",
    "label_score",
    "label_2",
    "label_2_score",
    "label_confirmed",
)
PERSONAL = ("contact_name", "contact_email", "contact_phone", "consent")


def import_files(session: Session, *, actor: Actor, kind: str, files: Sequence[Path]) -> str:
    """Import every file in one transaction (the caller's); return a one-line summary."""
    require_staff(actor)
    lines = []
    for path in files:
        if kind == "partners":
            result = partners_service.import_partners(
                session, actor=actor, table=read_table_file(path)
            )
            lines.append(
                f"{path.name}: {result.created} created, {result.updated} updated, "
                f"{result.inferred} with inferred capabilities"
            )
        elif kind == "needs":
            needs = needs_service.import_needs(session, actor=actor, table=read_table_file(path))
            lines.append(
                f"{path.name}: {needs.created} needs created, {needs.duplicates} duplicates skipped"
            )
        else:
            lines.append(_import_other(session, actor=actor, kind=kind, path=path))
    return "\n".join(lines)


def _import_other(session: Session, *, actor: Actor, kind: str, path: Path) -> str:
    if kind == "stats":
        return stats_import.import_stats_file(session, actor=actor, path=path)
    if kind == "policy":
        return policy.import_policy_file(session, actor=actor, path=path)
    raise InputError(
        "import.bad_value", column="KIND", value=kind, hint="needs, partners, stats, policy"
    )


def export_rows(
    session: Session, *, kind: str, include_personal: bool = False
) -> tuple[Sequence[str], list[list[object]]]:
    if kind == "partners":
        header, rows = partners_service.export_rows(session)
        return header, [list(r) for r in rows]
    if kind == "needs":
        header = NEEDS_EXPORT + (PERSONAL if include_personal else ())
        out: list[list[object]] = []
        for need in session.scalars(select(Need).order_by(Need.id)):
            row: list[object] = [
                need.external_id or need.id,
                need.ref,
                need.title,
                need.text,
                need.company,
                need.industry,
                need.region,
                need.submitted_at.isoformat(),
                need.label,
                need.label_score,
                need.label_2,
                need.label_2_score,
                need.label_confirmed,
            ]
            if include_personal:
                contact = need.contact
                row += (
                    [
                        contact.contact_name,
                        contact.contact_email,
                        contact.contact_phone,
                        contact.consent,
                    ]
                    if contact
                    else ["", "", "", False]
                )
            out.append(row)
        return header, out
    if kind == "stats":
        header, stats_rows = stats_import.export_rows(session)
        return header, [list(r) for r in stats_rows]
    if kind == "policy":
        header, policy_rows = policy.export_rows(session)
        return header, [list(r) for r in policy_rows]
    raise InputError(
        "import.bad_value", column="KIND", value=kind, hint="needs, partners, stats, policy"
    )
