"""Shared helpers for the job tests: synthetic surveys built from the labelled needs fixture."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from axpartners.db.tables import AuditEntry, Need

LABELLED = Path(__file__).resolve().parents[1] / "data" / "classify" / "needs_labeled.csv"


def survey_csv(rows: int, *, tag: str, bad_row: int | None = None) -> bytes:
    """``rows`` distinct needs (real survey sentences, one company each); ``bad_row`` (1-based
    data row) gets an invalid ``consent`` value."""
    with LABELLED.open(encoding="utf-8") as handle:
        texts = [record["text"] for record in csv.DictReader(handle)]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "text", "company", "industry", "region", "consent"])
    for i in range(rows):
        consent = "maybe" if bad_row is not None and i + 1 == bad_row else "true"
        writer.writerow(
            [f"{tag}-{i}", texts[i % len(texts)], f"{tag} 회사 {i}", "29", "26", consent]
        )
    return out.getvalue().encode("utf-8")


def count_needs(session: Session, *, tag: str) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Need).where(Need.company.like(f"{tag} 회사 %"))
        )
        or 0
    )


def audit_count(session: Session, *, action: str, entity_id: str | None = None) -> int:
    query = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
    if entity_id is not None:
        query = query.where(AuditEntry.entity_id == entity_id)
    return session.scalar(query) or 0
