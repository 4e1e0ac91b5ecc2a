"""Background jobs through the service, web pages, API and CLI, on SQLite and PostgreSQL.

Jobs are executed in-process with ``JobQueue.drain`` / ``JobQueue.run`` (the real Huey task
path, minus the consumer loop); ``test_jobs_worker.py`` covers real worker processes.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy.exc import OperationalError

from axpartners.db.session import make_session_factory, transaction
from axpartners.db.tables.jobs import Job
from axpartners.jobs.runner import TASK_RETRIES, JobOutcome, JobQueue, dispose_engines
from axpartners.services import audit, jobs as service
from axpartners.services.actors import SYSTEM
from tests.integration._jobs_helpers import audit_count, count_needs, survey_csv
from tests.integration.conftest import csrf_of

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module", autouse=True)
def _close_worker_engines():
    yield
    dispose_engines()


def _queue(world):
    return service.queue_for(world.settings)


def _factory(world):
    return make_session_factory(world.engine)


def _job(world, job_id: str) -> Job:
    with _factory(world)() as session:
        job = session.get(Job, job_id)
        assert job is not None
        session.expunge(job)
        return job


def _submit(world, kind: str, **kwargs) -> str:
    with transaction(_factory(world)) as session:
        view = service.submit_job(session, actor=SYSTEM, queue=_queue(world), kind=kind, **kwargs)
    return view.id


def test_bad_row_fails_job_with_location_and_writes_nothing(world):
    job_id = _submit(
        world,
        "needs_import",
        input_name="bad.csv",
        input_blob=survey_csv(250, tag="bad", bad_row=240),
        params={"chunk_rows": 50},
    )
    _queue(world).drain()
    job = _job(world, job_id)
    assert job.status == "failed"
    assert job.error["code"] == "import.bad_value"
    assert job.error["params"]["row"] == 241  # header is file row 1
    with _factory(world)() as session:
        assert count_needs(session, tag="bad") == 0
    history = world.login("admin").get("/admin/jobs")
    assert history.status_code == 200
    assert "bad.csv:241:consent" in history.text


def test_cancel_mid_import_rolls_back_everything(world):
    job_id = _submit(
        world,
        "needs_import",
        input_name="slow.csv",
        input_blob=survey_csv(600, tag="cancel"),
        params={"chunk_rows": 20},
    )
    queue = _queue(world)
    # Log in first: on SQLite the running import holds the write lock until it ends.
    client = world.login("staff")
    token = csrf_of(client, f"/jobs/{job_id}")
    outcome: list[str] = []
    runner = threading.Thread(target=lambda: outcome.append(queue.run(job_id)))
    runner.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        progress = queue.board.get(job_id)
        if progress is not None and progress.stage == "import" and progress.done >= 40:
            break
        time.sleep(0.02)
    fragment = client.post(
        f"/jobs/{job_id}/cancel", data={"csrf_token": token}, headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 200
    runner.join(timeout=60)
    assert outcome == ["cancelled"]
    assert _job(world, job_id).status == "cancelled"
    with _factory(world)() as session:
        assert count_needs(session, tag="cancel") == 0
    queue.drain()  # the queued Huey task for this job is now a no-op
    assert _job(world, job_id).status == "cancelled"


def test_transient_failure_is_retried_then_completes_once(world):
    calls: list[int] = []

    def flaky(context, session):
        calls.append(context.attempt)
        if len(calls) == 1:
            raise OperationalError("SELECT 1", {}, ConnectionError("server closed the connection"))
        return JobOutcome(result={"ok": True})

    queue = JobQueue(
        world.settings,
        handlers={"noop": flaky},
        name="flaky-test",
        retry_delay_s=0.2,
        audit=audit.record,
    )
    job_id = _submit(world, "noop", enqueue=False)
    queue.enqueue(job_id)
    queue.drain(wait_s=5)
    job = _job(world, job_id)
    assert calls == [1, 2]
    assert job.status == "done"
    assert job.attempts == 2
    with _factory(world)() as session:
        assert audit_count(session, action="job_done", entity_id=job_id) == 1


def test_retries_are_limited(world):
    def always_down(context, session):
        raise OperationalError("SELECT 1", {}, ConnectionError("down"))

    queue = JobQueue(
        world.settings,
        handlers={"noop": always_down},
        name="down-test",
        retry_delay_s=0.05,
        audit=audit.record,
    )
    job_id = _submit(world, "noop", enqueue=False)
    queue.enqueue(job_id)
    ran = queue.drain(wait_s=5)
    job = _job(world, job_id)
    assert job.status == "failed"
    assert ran == 1 + TASK_RETRIES or job.attempts == job.max_attempts
    assert job.attempts <= job.max_attempts


def test_duplicate_delivery_and_superseded_attempt_complete_once(world):
    queue = _queue(world)
    job_id = _submit(world, "noop", params={"steps": 2})
    queue.enqueue(job_id)  # the same task delivered twice
    queue.drain()
    assert _job(world, job_id).attempts == 1

    slow_id = _submit(world, "noop", params={"steps": 20, "sleep_s": 0.05}, enqueue=False)
    first: list[str] = []
    runner = threading.Thread(target=lambda: first.append(queue.run(slow_id)))
    runner.start()
    while (progress := queue.board.get(slow_id)) is None or progress.stage != "step":
        time.sleep(0.01)
    assert queue.run(slow_id) == "done"  # a second delivery takes over (attempt 2)
    runner.join(timeout=30)
    assert first == ["superseded"]
    with _factory(world)() as session:
        assert audit_count(session, action="job_done", entity_id=job_id) == 1
        assert audit_count(session, action="job_done", entity_id=slow_id) == 1
    assert _job(world, slow_id).attempts == 2


def test_recover_requeues_stale_running_jobs_and_caps_attempts(world):
    queue = _queue(world)
    stale = _submit(world, "noop", params={"steps": 1}, enqueue=False)
    spent = _submit(world, "noop", params={"steps": 1}, enqueue=False)
    with transaction(_factory(world)) as session:
        session.get(Job, stale).status = "running"
        session.get(Job, stale).attempts = 1
        session.get(Job, spent).status = "running"
        session.get(Job, spent).attempts = 3
    fresh = _submit(world, "noop", params={"steps": 1}, enqueue=False)
    with transaction(_factory(world)) as session:
        session.get(Job, fresh).status = "running"
    queue.board.report(fresh, stage="step", done=0, total=1)  # beating: leave it alone
    revived = queue.recover(stale_after_s=30)
    assert set(revived) == {stale, spent}
    queue.drain()
    assert _job(world, stale).status == "done"
    assert _job(world, stale).attempts == 2
    spent_job = _job(world, spent)
    assert spent_job.status == "failed"
    assert spent_job.error["code"] == "jobs.too_many_attempts"
    assert _job(world, fresh).status == "running"
