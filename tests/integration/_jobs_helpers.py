"""Shared helpers for the job tests: synthetic surveys built from the labelled needs fixture."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from axpartners.config import Settings
from axpartners.db.session import make_engine, make_session_factory, transaction
from axpartners.db.tables import AuditEntry, Need
from axpartners.db.tables.jobs import Job
from axpartners.services import jobs as service
from axpartners.services.actors import SYSTEM

REDIS_URL = os.environ.get("AXP_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
KILL_ROWS = 600


def require_redis() -> None:
    """Skip when Redis is unreachable locally; fail in CI (``CI=true``), like ``_require_pg``."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI but not reachable at {REDIS_URL}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}")


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


def _start_worker(settings: Settings, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AXP_")}
    env |= {
        "AXP_ENVIRONMENT": "test",
        "AXP_DATABASE_URL": settings.database_url,
        "AXP_DATA_DIR": str(settings.data_dir),
        "AXP_SECRET_KEY": settings.secret_key,
    }
    if settings.redis_url:
        env["AXP_REDIS_URL"] = settings.redis_url
    command = [sys.executable, "-m", "axpartners.cli.jobs", "worker", "--workers", "1"]
    command += ["--stale-after", "1"]
    with log.open("ab") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


def _wait(predicate, *, timeout: float, what: str, log: Path) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    pytest.fail(
        f"timed out waiting for {what}; worker log:\n{log.read_text(errors='replace')[-3000:]}"
    )


def kill_worker_mid_import(settings: Settings, tmp_path: Path) -> None:
    """Start a worker, kill -9 it during the import stage, start another: the job completes once."""
    queue = service.queue_for(settings)
    factory = make_session_factory(make_engine(settings.database_url))
    with transaction(factory) as session:
        job_id = service.submit_job(
            session,
            actor=SYSTEM,
            queue=queue,
            kind="needs_import",
            input_name="big.csv",
            input_blob=survey_csv(KILL_ROWS, tag="kill"),
            params={"chunk_rows": 25},
        ).id
    log = tmp_path / "worker.log"
    first = _start_worker(settings, log)
    try:

        def importing() -> bool:
            progress = queue.board.get(job_id)
            return progress is not None and progress.stage == "import" and progress.done >= 100

        _wait(importing, timeout=40, what="the import stage", log=log)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    # The killed attempt left the job "running" and wrote nothing (its transaction died).
    with factory() as session:
        job = session.get(Job, job_id)
        assert job.status == "running"
        assert job.attempts == 1
        assert count_needs(session, tag="kill") == 0
    time.sleep(1.2)  # let the heartbeat go stale (--stale-after 1)

    second = _start_worker(settings, log)
    try:

        def finished() -> bool:
            with factory() as session:
                return session.scalar(select(Job.status).where(Job.id == job_id)) in {
                    "done",
                    "failed",
                }

        _wait(finished, timeout=45, what="the retried job", log=log)
    finally:
        second.send_signal(signal.SIGINT)
        try:
            second.wait(timeout=15)
        except subprocess.TimeoutExpired:
            second.kill()
            second.wait()
    with factory() as session:
        job = session.get(Job, job_id)
        assert job.status == "done", job.error
        assert job.attempts == 2
        assert job.result == {"rows": KILL_ROWS, "created": KILL_ROWS, "duplicates": 0}
        assert count_needs(session, tag="kill") == KILL_ROWS
        assert audit_count(session, action="job_done", entity_id=job_id) == 1
        created = session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.entity_type == "need", AuditEntry.action == "create")
        )
        assert created == KILL_ROWS
    factory.kw["bind"].dispose()
