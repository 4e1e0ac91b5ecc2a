"""Real worker processes on the SQLite queue: kill -9 a worker in the middle of a
job; the next worker retries it and it completes exactly once (one ``job_done`` record, every
row imported once, ``attempts == 2``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from axpartners.config import Settings
from axpartners.db.migrate import upgrade
from axpartners.db.session import make_engine
from axpartners.jobs.runner import dispose_engines
from axpartners.services import jobs as service
from tests.integration._jobs_helpers import kill_worker_mid_import

pytestmark = pytest.mark.integration


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Settings]:
    settings = Settings(
        environment="test",
        data_dir=tmp_path / "var",
        database_url=f"sqlite:///{tmp_path / 'axp.db'}",
        secret_key="test-secret-key-not-for-production",
        redis_url=None,
    )
    engine = make_engine(settings.database_url)
    upgrade(engine)
    engine.dispose()
    yield settings
    service.queue_for(settings).huey.flush()  # drop leftovers (e.g. periodic recovery tasks)
    dispose_engines()


def test_killed_worker_job_is_retried_and_completes_once(deployment: Settings, tmp_path: Path):
    kill_worker_mid_import(deployment, tmp_path)
