"""``axp calls import FILE``: a real HWP stored once; a bad file exits 2 and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from axpartners.cli.main import app
from axpartners.db.session import make_engine
from axpartners.db.tables import Call

pytestmark = pytest.mark.integration

CALL_2025 = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "calls"
    / "hwp"
    / "mss_manufacturing_ai_smart_factory_2025_call_draft.hwp"
)


def test_calls_import(tmp_path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'cli.db'}"
    monkeypatch.setenv("AXP_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("AXP_DATABASE_URL", url)
    runner = CliRunner()
    assert runner.invoke(app, ["init"]).exit_code == 0
    first = runner.invoke(app, ["calls", "import", str(CALL_2025)])
    assert first.exit_code == 0, first.output
    assert "deadline 2025-08-14T17:00:00+09:00" in first.output
    again = runner.invoke(app, ["calls", "import", str(CALL_2025)])
    assert again.exit_code == 0
    assert "already imported as call" in again.output
    bad = tmp_path / "broken.hwp"
    bad.write_bytes(b"not a hwp at all")
    refused = runner.invoke(app, ["calls", "import", str(bad)])
    assert refused.exit_code == 2
    assert "broken.hwp" in refused.output
    with make_engine(url).connect() as conn:
        assert conn.execute(select(func.count()).select_from(Call)).scalar_one() == 1
