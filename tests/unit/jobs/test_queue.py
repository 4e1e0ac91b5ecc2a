"""The queue builder and the progress board (Huey storage only, no application database)."""

from __future__ import annotations

import time

import pytest
from huey import RedisHuey, SqliteHuey

from axpartners.config import Settings
from axpartners.errors import InputError
from axpartners.jobs.queue import Progress, ProgressBoard, make_huey, queue_name
from axpartners.jobs.runner import error_record


def _settings(tmp_path, **kwargs) -> Settings:
    return Settings(environment="test", data_dir=tmp_path, secret_key="k" * 40, **kwargs)


def test_queue_name_is_stable_and_separates_databases(tmp_path):
    first = _settings(tmp_path, database_url="postgresql+psycopg://db/a")
    again = _settings(tmp_path / "other", database_url="postgresql+psycopg://db/a")
    other = _settings(tmp_path, database_url="postgresql+psycopg://db/b")
    assert queue_name(first) == queue_name(again)
    assert queue_name(first) != queue_name(other)
    assert queue_name(first).startswith("axp-")


def test_sqlite_queue_by_default_redis_when_configured(tmp_path):
    embedded = make_huey(_settings(tmp_path))
    assert isinstance(embedded, SqliteHuey)
    assert (tmp_path / "jobs.db").exists()
    server = make_huey(_settings(tmp_path, redis_url="redis://127.0.0.1:6399/0"))
    assert isinstance(server, RedisHuey)  # built without connecting
    assert make_huey(_settings(tmp_path), name="custom").name == "custom"


def test_progress_board_roundtrip_beat_cancel_and_clear(tmp_path):
    huey = make_huey(_settings(tmp_path))
    board = ProgressBoard(huey)
    other = ProgressBoard(make_huey(_settings(tmp_path)))  # another process's view
    assert board.get("j1") is None
    board.report("j1", stage="import", done=200, total=1000, attempt=2)
    seen = other.get("j1")
    assert seen is not None
    assert (seen.stage, seen.done, seen.total, seen.attempt) == ("import", 200, 1000, 2)
    assert seen.fraction == pytest.approx(0.2)
    time.sleep(0.01)
    board.beat("j1")
    beaten = other.get("j1")
    assert beaten.beat > seen.beat
    assert (beaten.stage, beaten.done) == ("import", 200)
    assert not other.cancel_requested("j1")
    other.request_cancel("j1")
    assert board.cancel_requested("j1")
    assert not board.cancel_requested("j2")
    board.clear("j1")
    assert other.get("j1") is None
    assert not other.cancel_requested("j1")


def test_progress_fraction_is_bounded():
    assert Progress(stage="s", done=5, total=0, beat=0).fraction == 0.0
    assert Progress(stage="s", done=12, total=10, beat=0).fraction == 1.0


def test_error_record_keeps_codes_and_locations():
    record = error_record(InputError("import.bad_value", file="a.csv", row=7, column="consent"))
    assert record == {
        "code": "import.bad_value",
        "params": {"file": "a.csv", "row": 7, "column": "consent"},
    }
    crash = error_record(RuntimeError("boom"))
    assert crash["code"] == "jobs.internal_error"
    assert "RuntimeError: boom" in crash["params"]["detail"]
