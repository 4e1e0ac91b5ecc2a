"""Backup/restore round trips on SQLite and PostgreSQL, and erasure of personal data (SPEC §7)."""

from __future__ import annotations

import gzip
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from axpartners.cli.ops import register
from axpartners.db.session import make_session_factory, transaction
from axpartners.db.tables import AuditEntry, Need, NeedContact
from axpartners.errors import InputError, PermissionDenied
from axpartners.services import backup
from axpartners.services.actors import SYSTEM, Actor
from tests.conftest import fresh_engine

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def seeded(world):  # type: ignore[no-untyped-def]
    """The demo world plus a need with personal contact data and binary-ish/unicode values."""
    with transaction(make_session_factory(world.engine)) as session:
        need = Need(
            ref="N-BACKUP-1",
            text="용접 불량 검사 자동화 — 'quotes', \"double\", 줄\n바꿈, emoji 🚢",
            company="홍길동 용접",
            content_hash="0" * 64,
            explanation=["a", "b", {"nested": [1, 2.5, None]}],
        )
        need.contact = NeedContact(
            contact_name="홍길동", contact_email="hong@example.com", consent=True
        )
        session.add(need)
    return world


@pytest.fixture
def target(seeded, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    """A fresh, migrated, empty database of the same backend as the world's."""
    yield from fresh_engine(seeded.engine.dialect.name, request, tmp_path)


def snapshot(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table (encoded the way the dump encodes them), keyed by table."""
    tables: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with engine.connect() as conn:
        for name, row in backup.iter_rows(conn):
            tables[name].append(row)
    return dict(tables)


def test_logical_dump_round_trip_loses_nothing(seeded, target, tmp_path):  # type: ignore[no-untyped-def]
    dump = tmp_path / "axp.jsonl.gz"
    info = backup.backup(seeded.engine, dump)
    assert info.kind == "jsonl"
    assert info.tables["needs"] >= 17
    assert info.tables["need_contacts"] == 1
    assert info.tables["users"] == 4
    restored = backup.restore(target, dump)
    assert restored.tables == info.tables
    before, after = snapshot(seeded.engine), snapshot(target)
    assert before.keys() == after.keys()
    for table in before:
        assert after[table] == before[table], table
    # Sequences/autoincrement continue after the highest restored id (PostgreSQL setval).
    with transaction(make_session_factory(target)) as session:
        session.add(AuditEntry(actor="t", action="probe", entity_type="x", entity_id="1"))
    with make_session_factory(target)() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == (
            info.tables["audit_log"] + 1
        )


def test_sqlite_online_backup_is_a_consistent_file(seeded, target, tmp_path):  # type: ignore[no-untyped-def]
    if seeded.engine.dialect.name != "sqlite":
        with pytest.raises(InputError) as err:
            backup.backup(seeded.engine, tmp_path / "axp.db")
        assert err.value.code == "ops.backup_name"
        return
    copy = tmp_path / "axp-copy.db"
    info = backup.backup(seeded.engine, copy)
    assert info.kind == "sqlite"
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM need_contacts").fetchone() == (1,)
    assert not list(tmp_path.glob(".axp-copy.db.*")), "temporary file left behind"
    backup.restore(target, copy)
    assert snapshot(target) == snapshot(seeded.engine)


def test_restore_refuses_truncated_dump_and_writes_nothing(seeded, target, tmp_path):  # type: ignore[no-untyped-def]
    dump = tmp_path / "full.jsonl"
    backup.backup(seeded.engine, dump)
    lines = dump.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    with pytest.raises(InputError) as err:
        backup.restore(target, cut)
    assert err.value.code == "ops.truncated_backup"
    assert sum(backup.table_counts(target).values()) == 0, "a failed restore left rows behind"
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_bytes(b"PK\x03\x04 not a dump")
    with pytest.raises(InputError) as err:
        backup.restore(target, garbage)
    assert err.value.code == "ops.not_a_backup"


def test_restore_into_non_empty_needs_replace(seeded, target, tmp_path):  # type: ignore[no-untyped-def]
    dump = tmp_path / "a.jsonl"
    backup.backup(seeded.engine, dump)
    backup.restore(target, dump)
    with pytest.raises(InputError) as err:
        backup.restore(target, dump)
    assert err.value.code == "ops.target_not_empty"
    with transaction(make_session_factory(target)) as session:
        session.add(AuditEntry(actor="x", action="extra", entity_type="x", entity_id="9"))
    backup.restore(target, dump, replace=True)
    assert snapshot(target) == snapshot(seeded.engine)


def test_backup_file_is_replaced_atomically(seeded, tmp_path):  # type: ignore[no-untyped-def]
    dump = tmp_path / "b.jsonl.gz"
    dump.write_bytes(b"old backup")
    backup.backup(seeded.engine, dump)
    with gzip.open(dump, "rt", encoding="utf-8") as handle:
        assert handle.readline().startswith('{"axp_dump": 1')
    assert [p.name for p in tmp_path.iterdir()] == ["b.jsonl.gz"]


def test_erase_need_contact_keeps_need_and_audits_without_pii(seeded):  # type: ignore[no-untyped-def]
    factory = make_session_factory(seeded.engine)
    partner = Actor(username="partner_tu", role="partner", organisation_id="tu")
    with factory() as session, pytest.raises(PermissionDenied):
        backup.erase_need_contact(session, actor=partner, ref="N-BACKUP-1")
    with transaction(factory) as session:
        result = backup.erase_need_contact(session, actor=SYSTEM, ref="N-BACKUP-1", company=True)
    assert result.erased_contact
    assert result.cleared_company
    with factory() as session:
        need = session.scalar(select(Need).where(Need.ref == "N-BACKUP-1"))
        assert need is not None
        assert need.text.startswith("용접 불량")
        assert need.company == ""
        assert session.get(NeedContact, need.id) is None
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "erase_personal_data")
        ).one()
        assert entry.entity_id == str(need.id)
        assert "hong@example.com" not in str(entry.detail)
        assert "홍길동" not in str(entry.detail)
    with transaction(factory) as session:  # erasing again is harmless and still audited
        again = backup.erase_need_contact(session, actor=SYSTEM, ref="N-BACKUP-1")
    assert not again.erased_contact


def _cli() -> typer.Typer:
    app = typer.Typer()
    eval_app = typer.Typer()
    app.add_typer(eval_app, name="eval")

    @app.callback()
    def _root() -> None:
        """Test root."""

    register(app, eval_app)
    return app


def test_cli_backup_restore_and_errors(seeded, target, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    runner = CliRunner()
    app = _cli()
    source_url = seeded.engine.url.render_as_string(hide_password=False)
    target_url = target.url.render_as_string(hide_password=False)
    dump = tmp_path / "cli.jsonl"
    monkeypatch.setenv("AXP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("AXP_DATABASE_URL", source_url)
    result = runner.invoke(app, ["backup", str(dump)])
    assert result.exit_code == 0, result.output
    assert "rows" in result.output
    monkeypatch.setenv("AXP_DATABASE_URL", target_url)
    result = runner.invoke(app, ["restore", str(dump)])
    assert result.exit_code == 0, result.output
    assert snapshot(target) == snapshot(seeded.engine)
    again = runner.invoke(app, ["restore", str(dump)])
    assert again.exit_code == 2
    assert "--replace" in again.output
    missing = runner.invoke(app, ["restore", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2
    assert "Traceback" not in missing.output
    erase = runner.invoke(app, ["erase-need", "N-NOT-THERE"])
    assert erase.exit_code == 2
