"""CLI contracts: exit 0 on success, exit 2 with a one-line located message on bad input."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from axpartners.cli.main import app
from axpartners.db.session import make_engine
from axpartners.db.tables import Need, Organisation, User

pytestmark = pytest.mark.integration


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("AXP_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("AXP_DATABASE_URL", f"sqlite:///{tmp_path / 'var' / 'cli.db'}")
    return tmp_path


def _count(env, table) -> int:
    engine = make_engine(f"sqlite:///{env / 'var' / 'cli.db'}")
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_init_demo_twice_and_user_add(env):
    runner = CliRunner()
    first = runner.invoke(app, ["init"])
    assert first.exit_code == 0, first.output
    assert "password:" in first.output
    second = runner.invoke(app, ["init"])
    assert second.exit_code == 0
    assert "password:" not in second.output
    assert runner.invoke(app, ["demo"]).exit_code == 0
    counts = (_count(env, Organisation), _count(env, Need))
    again = runner.invoke(app, ["demo"])
    assert again.exit_code == 0
    assert "0 organisations, 0 needs" in again.output
    assert (_count(env, Organisation), _count(env, Need)) == counts == (13, 16)
    added = runner.invoke(
        app, ["user", "add", "tu_user", "--role", "partner", "--organisation", "tu"]
    )
    assert added.exit_code == 0, added.output
    bad_role = runner.invoke(app, ["user", "add", "x_user", "--role", "king"])
    assert bad_role.exit_code == 2
    assert "king" in bad_role.output
    assert _count(env, User) == 2


def test_import_export_partners_and_errors(env):
    runner = CliRunner()
    assert runner.invoke(app, ["init", "--admin-password", "cli-Admin-pass-1"]).exit_code == 0
    good = env / "p.csv"
    good.write_bytes("id,name,kind,capabilities\nc1,씨원,company,energy-carbon\n".encode("cp949"))
    result = runner.invoke(app, ["import", "partners", str(good)])
    assert result.exit_code == 0, result.output
    bad = env / "bad.csv"
    bad.write_text(
        "id,name,kind,capabilities\nc2,C2,company,\nc3,C3,company,mind-reading\n", encoding="utf-8"
    )
    failed = runner.invoke(app, ["import", "partners", str(bad)])
    assert failed.exit_code == 2
    assert "bad.csv:3:capabilities" in failed.output
    assert "Traceback" not in failed.output
    assert _count(env, Organisation) == 1  # c2 was valid but nothing is written on error
    missing = runner.invoke(app, ["import", "partners", str(env / "nope.csv")])
    assert missing.exit_code == 2
    wrong_kind = runner.invoke(app, ["import", "widgets", str(good)])
    assert wrong_kind.exit_code == 2
    out = env / "out.xlsx"
    exported = runner.invoke(app, ["export", "partners", str(out)])
    assert exported.exit_code == 0
    assert out.stat().st_size > 0


def test_needs_import_skips_duplicates_and_export_hides_personal_data(env):
    runner = CliRunner()
    assert runner.invoke(app, ["init", "--admin-password", "cli-Admin-pass-1"]).exit_code == 0
    needs = env / "needs.csv"
    needs.write_text(
        "id,text,company,industry,region,contact_email,consent\n"
        "s1,프레스 설비 진동 때문에 고장이 잦아요,가사,C29,부산,kim@example.kr,true\n"
        "s2,프레스 설비 진동 때문에 고장이 잦아요,가사,29,26,,false\n"
        "s3,<script>alert(1)</script> 도장 불량 검사,나사,,,,\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import", "needs", str(needs)])
    assert result.exit_code == 0, result.output
    assert "2 needs created, 1 duplicates skipped" in result.output
    out = env / "needs_out.csv"
    assert runner.invoke(app, ["export", "needs", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "kim@example.kr" not in text
    assert "<script>alert(1)</script>" in text
    assert runner.invoke(app, ["export", "needs", str(out), "--include-personal"]).exit_code == 0
    assert "kim@example.kr" in out.read_text(encoding="utf-8-sig")
    bad = env / "bad_needs.csv"
    bad.write_text("text,submitted_at\n괜찮은 문장,2026-13-45\n", encoding="utf-8")
    failed = runner.invoke(app, ["import", "needs", str(bad)])
    assert failed.exit_code == 2
    assert "bad_needs.csv:2:submitted_at" in failed.output


def test_generated_passwords_always_pass_the_policy():
    from axpartners.services.users import check_password_policy, generate_password

    for _ in range(500):  # the old generator failed about 1 in 28
        check_password_policy(generate_password())
