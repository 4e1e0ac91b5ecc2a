"""Backup, restore and erasure of personal data on request (issue 8 §6, SPEC §7).

Two backup formats:

* **SQLite file** — for an SQLite database, the SQLite online backup API
  (``sqlite3.Connection.backup``, https://www.sqlite.org/backup.html) copies a consistent
  snapshot page by page while the app keeps serving.
* **Logical dump** (``*.jsonl`` or ``*.jsonl.gz``) — portable between SQLite and PostgreSQL:
  a header line (format, schema revision, row count per table), one line per row in
  foreign-key order, and an end marker with the total, so a truncated file is refused.
  Values are JSON; date-times, dates, binary and decimals are written as ISO strings, base64
  and strings and decoded by the *target* column's type, so a dump restores into either backend.

Backups go to a temporary file in the same directory, renamed into place: a crash never leaves
a half-written backup under the requested name. A restore is one transaction: all or nothing.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import json
import os
import sqlite3
import tempfile
import warnings
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlalchemy import (
    Connection,
    Date,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    Table,
    Time,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.orm import Session

from axpartners.db.session import make_engine
from axpartners.db.tables import Need
from axpartners.db.versions import COUNTERS
from axpartners.errors import InputError, NotFound
from axpartners.services import audit
from axpartners.services.actors import Actor, require_admin

FORMAT_VERSION = 1
_SQLITE_MAGIC = b"SQLite format 3\x00"
_GZIP_MAGIC = b"\x1f\x8b"
_SKIP_TABLES = frozenset({"alembic_version", *COUNTERS})  # counters: the triggers' (db/versions)
_BATCH = 500


@dataclass(frozen=True)
class BackupInfo:
    """What a backup or restore covered: format, schema revision and rows per table."""

    path: Path
    kind: str  # "sqlite" | "jsonl"
    revision: str | None
    tables: dict[str, int]

    @property
    def total_rows(self) -> int:
        return sum(self.tables.values())


# --- schema helpers ------------------------------------------------------------------------


def _reflect(conn: Connection) -> list[Table]:
    """The database's own tables (not the ORM's idea of them) in foreign-key order."""
    metadata = MetaData()
    metadata.reflect(bind=conn)
    with warnings.catch_warnings():
        # A foreign-key cycle would only change the order; rows are still all copied.
        warnings.simplefilter("ignore")
        ordered = metadata.sorted_tables
    return [t for t in ordered if t.name not in _SKIP_TABLES]


def schema_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return str(value) if value is not None else None


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows per table (``alembic_version`` excluded)."""
    with engine.connect() as conn:
        return {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar() or 0)
            for t in _reflect(conn)
        }


def _primary_order(table: Table) -> list[Any]:
    return list(table.primary_key.columns) or list(table.columns)


# --- value codec ---------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    return value


def _decode(value: Any, column_type: Any) -> Any:
    if value is None:
        return None
    if isinstance(column_type, DateTime) and isinstance(value, str):
        return datetime.fromisoformat(value)
    if isinstance(column_type, Date) and isinstance(value, str):
        return date.fromisoformat(value)
    if isinstance(column_type, Time) and isinstance(value, str):
        return time.fromisoformat(value)
    if isinstance(column_type, LargeBinary) and isinstance(value, str):
        return base64.b64decode(value)
    if isinstance(column_type, Numeric) and isinstance(value, str):
        return Decimal(value)
    return value


def iter_rows(conn: Connection) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every row of every table, in foreign-key order and by primary key, values encoded."""
    for table in _reflect(conn):
        result = conn.execute(select(table).order_by(*_primary_order(table)))
        for row in result.mappings():
            yield table.name, {k: _encode(v) for k, v in row.items()}


# --- backup --------------------------------------------------------------------------------


def _open_write(path: Path, *, gzipped: bool) -> IO[str]:
    if gzipped:
        return gzip.open(path, "wt", encoding="utf-8")
    return path.open("w", encoding="utf-8")


@contextlib.contextmanager
def _atomic_target(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path``, renamed onto it only when the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def backup(engine: Engine, path: Path) -> BackupInfo:
    """Write a backup of ``engine``'s database to ``path``.

    ``*.jsonl`` / ``*.jsonl.gz`` → logical dump (any backend); any other name on an SQLite
    database → SQLite online backup; other names on PostgreSQL are refused.
    """
    logical = path.name.endswith((".jsonl", ".jsonl.gz"))
    if engine.dialect.name == "sqlite" and not logical:
        return _backup_sqlite(engine, path)
    if not logical:
        raise InputError("ops.backup_name", file=str(path))
    return _backup_logical(engine, path)


def _backup_sqlite(engine: Engine, path: Path) -> BackupInfo:
    with _atomic_target(path) as tmp:
        raw = engine.raw_connection()
        try:
            source = raw.driver_connection
            assert isinstance(source, sqlite3.Connection)
            target = sqlite3.connect(tmp)
            try:
                source.backup(target)
                # A single self-contained file: no -wal/-shm beside the backup.
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        finally:
            raw.close()
    copy = make_engine(f"sqlite:///{path}")
    try:
        with copy.connect() as conn:
            revision = schema_revision(conn)
        counts = table_counts(copy)
    finally:
        copy.dispose()
    return BackupInfo(path=path, kind="sqlite", revision=revision, tables=counts)


def _backup_logical(engine: Engine, path: Path) -> BackupInfo:
    # REPEATABLE READ on PostgreSQL: one snapshot for every table while the app keeps writing.
    options = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name != "sqlite" else {}
    with engine.connect().execution_options(**options) as conn, conn.begin():
        revision = schema_revision(conn)
        tables = _reflect(conn)
        counts = {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar() or 0)
            for t in tables
        }
        with (
            _atomic_target(path) as tmp,
            _open_write(tmp, gzipped=path.name.endswith(".gz")) as out,
        ):
            header = {
                "axp_dump": FORMAT_VERSION,
                "revision": revision,
                "dialect": engine.dialect.name,
                "tables": counts,
            }
            out.write(json.dumps(header, ensure_ascii=False) + "\n")
            written = 0
            for name, row in iter_rows(conn):
                out.write(json.dumps({"t": name, "r": row}, ensure_ascii=False) + "\n")
                written += 1
            out.write(json.dumps({"end": True, "rows": written}) + "\n")
    return BackupInfo(path=path, kind="jsonl", revision=revision, tables=counts)


# --- restore -------------------------------------------------------------------------------


def sniff(path: Path) -> str:
    """``sqlite`` or ``jsonl`` from the file's first bytes; anything else is refused."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except FileNotFoundError:
        raise NotFound("not_found", what="file", key=str(path)) from None
    if head.startswith(_SQLITE_MAGIC):
        return "sqlite"
    if head.startswith((_GZIP_MAGIC, b'{"axp_dump"')):
        return "jsonl"
    raise InputError("ops.not_a_backup", file=str(path))


_Rows = Generator[tuple[str, dict[str, Any]], None, None]


def _open_dump(path: Path) -> IO[str]:
    with path.open("rb") as probe:
        gzipped = probe.read(2) == _GZIP_MAGIC
    if gzipped:
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open("r", encoding="utf-8")


def _read_dump(path: Path) -> tuple[dict[str, Any], _Rows]:
    with _open_dump(path) as handle:
        try:
            header = json.loads(handle.readline() or "{}")
        except (json.JSONDecodeError, UnicodeDecodeError, OSError):
            raise InputError("ops.not_a_backup", file=str(path)) from None
    if not isinstance(header, dict) or header.get("axp_dump") != FORMAT_VERSION:
        raise InputError("ops.not_a_backup", file=str(path))

    def rows() -> _Rows:
        seen = 0
        with _open_dump(path) as handle:
            handle.readline()
            for line_no, line in enumerate(handle, start=2):
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    raise InputError("ops.truncated_backup", file=str(path), row=line_no) from None
                if record.get("end"):
                    if record.get("rows") != seen:
                        raise InputError("ops.truncated_backup", file=str(path), row=line_no)
                    return
                seen += 1
                yield record["t"], record["r"]
        raise InputError("ops.truncated_backup", file=str(path), row=seen + 2)

    return header, rows()


def _sqlite_file_rows(path: Path) -> tuple[dict[str, Any], _Rows]:
    source = make_engine(f"sqlite:///{path}")
    try:
        with source.connect() as conn:
            check = conn.execute(text("PRAGMA integrity_check")).scalar()
            header = {"revision": schema_revision(conn)}
    finally:
        source.dispose()
    if check != "ok":
        raise InputError("ops.corrupt_backup", file=str(path), detail=str(check))

    def rows() -> _Rows:
        reader = make_engine(f"sqlite:///{path}")
        try:
            with reader.connect() as conn:
                yield from iter_rows(conn)
        finally:
            reader.dispose()

    return header, rows()


def restore(engine: Engine, path: Path, *, replace: bool = False) -> BackupInfo:
    """Load the backup at ``path`` into ``engine``'s (migrated) database in one transaction.

    The target must be at the same schema revision as the backup (``axp init`` migrates it).
    It must be empty unless ``replace`` is set, in which case every existing row is deleted
    first, inside the same transaction.
    """
    kind = sniff(path)
    header, rows = _sqlite_file_rows(path) if kind == "sqlite" else _read_dump(path)
    counts: dict[str, int] = {}
    try:
        with engine.begin() as conn:
            revision = schema_revision(conn)
            if header.get("revision") != revision:
                raise InputError(
                    "ops.revision_mismatch",
                    file=str(path),
                    backup=str(header.get("revision")),
                    database=str(revision),
                )
            tables = {t.name: t for t in _reflect(conn)}
            existing = sum(
                int(conn.execute(select(func.count()).select_from(t)).scalar() or 0)
                for t in tables.values()
            )
            if existing and not replace:
                raise InputError("ops.target_not_empty", rows=existing)
            for table in reversed(list(tables.values())):
                conn.execute(table.delete())
            batch: list[dict[str, Any]] = []
            current: Table | None = None
            for name, row in rows:
                table = tables.get(name)
                if table is None:
                    raise InputError("ops.unknown_table", file=str(path), value=name)
                if current is not None and table is not current and batch:
                    conn.execute(current.insert(), batch)
                    batch = []
                current = table
                batch.append(
                    {
                        key: _decode(value, table.c[key].type)
                        for key, value in row.items()
                        if key in table.c
                    }
                )
                counts[name] = counts.get(name, 0) + 1
                if len(batch) >= _BATCH:
                    conn.execute(table.insert(), batch)
                    batch = []
            if current is not None and batch:
                conn.execute(current.insert(), batch)
            if engine.dialect.name == "postgresql":
                _reset_sequences(conn, tables.values())
    finally:
        rows.close()
    return BackupInfo(
        path=path,
        kind=kind,
        revision=header.get("revision"),
        tables={name: counts.get(name, 0) for name in tables},
    )


def _reset_sequences(conn: Connection, tables: Iterable[Table]) -> None:
    """After inserting explicit ids, move each serial/identity sequence past the highest id."""
    for table in tables:
        for column in table.primary_key.columns:
            if not isinstance(column.type, Integer):
                continue
            sequence = conn.execute(
                text("SELECT pg_get_serial_sequence(:t, :c)"),
                {"t": table.name, "c": column.name},
            ).scalar()
            if sequence:
                conn.execute(
                    text(
                        f"SELECT setval(:s, COALESCE((SELECT MAX({column.name}) "
                        f'FROM "{table.name}"), 0) + 1, false)'
                    ),
                    {"s": sequence},
                )


# --- erasure on request (SPEC §7) ----------------------------------------------------------


@dataclass(frozen=True)
class Erasure:
    need_id: int
    ref: str
    erased_contact: bool
    cleared_company: bool


def erase_need_contact(
    session: Session, *, actor: Actor, ref: str, company: bool = False
) -> Erasure:
    """Erase a need's personal data on request, keep the (non-personal) need text.

    Deletes the ``need_contacts`` row (name, e-mail, phone, consent); with ``company`` also
    blanks the company name (a sole trader's name is personal data). The audit entry records
    that and what was erased, never the erased values. Admin only (SPEC §1: personal data).
    """
    require_admin(actor)
    need = session.scalar(select(Need).where(Need.ref == ref))
    if need is None and ref.isdigit():
        need = session.get(Need, int(ref))
    if need is None:
        raise NotFound("not_found", what="need", key=ref)
    had_contact = need.contact is not None
    if need.contact is not None:
        session.delete(need.contact)
        need.contact = None
    cleared = bool(company and need.company)
    if cleared:
        need.company = ""
    audit.record(
        session,
        actor=actor,
        action="erase_personal_data",
        entity_type="need",
        entity_id=need.id,
        detail={"ref": need.ref, "contact": had_contact, "company": cleared},
    )
    session.flush()
    return Erasure(
        need_id=need.id, ref=need.ref, erased_contact=had_contact, cleared_company=cleared
    )
