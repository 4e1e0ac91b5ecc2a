"""Change counters: one row per watched table group, bumped by database triggers.

``needs_version`` (migration 0007) follows ``needs``; ``partners_version`` (0008) follows the
partners' three tables. Every writer bumps them inside its own transaction, so a reader who
sees a new ``(epoch, version)`` also sees the rows written with it. A worker process keeps
what it derived from a table (a search index, rendered list rows) under the version it read,
and one small query tells whether that is still current. The rows belong to the triggers:
they are not ORM models, and backups leave them out (a restore's inserts bump them).
"""

from __future__ import annotations

from sqlalchemy import Integer, String, TableClause, column, select, table
from sqlalchemy.orm import Session

COUNTERS = ("needs_version", "partners_version")

_TABLES: dict[str, TableClause] = {
    name: table(name, column("id", Integer), column("epoch", String), column("version", Integer))
    for name in COUNTERS
}

Version = tuple[str, int]


def read_version(session: Session, counter: str) -> Version | None:
    """``(epoch, version)`` of one counter; ``None`` if the database has no such row."""
    counted = _TABLES[counter]
    row = session.execute(select(counted.c.epoch, counted.c.version)).first()
    return None if row is None else (str(row.epoch), int(row.version))
