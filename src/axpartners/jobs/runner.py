"""Running jobs: idempotent execution, limited retries, heartbeats, crash recovery, cancel.

Exactly-once completion (at-least-once delivery + an idempotency record):

* The task carries only the job id. A worker first marks the job row ``running`` and bumps
  ``attempts`` in a short transaction, skipping jobs that are already final.
* The job's work and its completion are ONE transaction: the handler writes (e.g. the imported
  needs) and the final ``UPDATE jobs SET status='done' WHERE id=? AND status='running' AND
  attempts=?`` commit together. If that update matches no row — another delivery of the same
  job started later or already finished — everything is rolled back. A killed worker's
  transaction is rolled back by the database, so a retried job starts from a clean state.
* Huey drops a task whose worker is killed (it has no acknowledgements), so each running job
  has a heartbeat in the queue's storage; :meth:`JobQueue.recover` re-enqueues running jobs
  whose heartbeat is older than ``stale_after_s``. It runs when a worker starts and every
  minute (a Huey periodic task). ``max_attempts`` bounds crash loops.
* Transient failures (database or Redis connection errors, unique-key races) are retried by Huey with a delay
  (``TASK_RETRIES`` times); domain errors (:class:`~axpartners.errors.AxError`) fail the job at
  once with their code and parameters, shown on the admin job history.
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from huey import crontab
from huey.api import Task
from sqlalchemy import Engine, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from axpartners.actors import Actor
from axpartners.config import Settings
from axpartners.db.base import utcnow
from axpartners.db.session import make_engine, make_session_factory, transaction
from axpartners.db.tables.jobs import FINAL_STATUSES, Job
from axpartners.errors import AxError
from axpartners.jobs.queue import ProgressBoard, make_huey

TASK_RETRIES = 3
TASK_RETRY_DELAY_S = 2
STALE_AFTER_S = 60.0
HEARTBEAT_S = 1.0


def _transient_types() -> tuple[type[BaseException], ...]:
    # IntegrityError: a concurrent writer can take a unique key (e.g. a random need reference)
    # between our read and our insert; the job's transaction is rolled back, so a retry is safe.
    types: list[type[BaseException]] = [
        OperationalError,
        IntegrityError,
        ConnectionError,
        TimeoutError,
    ]
    try:
        # lazy: redis is installed with the server setup only (SQLite-only installs lack it)
        from redis.exceptions import (
            ConnectionError as RedisConnectionError,
            TimeoutError as RedisTimeoutError,
        )

        types += [RedisConnectionError, RedisTimeoutError]
    except ImportError:  # pragma: no cover - redis is a dependency of the server setup only
        pass
    return tuple(types)


TRANSIENT_ERRORS = _transient_types()


class JobCancelled(Exception):
    """Raised inside a handler at a progress point after a cancel request."""


class JobNotVisible(Exception):
    """The task arrived before the submitting transaction committed: retry shortly."""


class Superseded(Exception):
    """Another delivery of the same job finished or took over: roll this one back."""


@dataclass(frozen=True, slots=True)
class JobOutcome:
    """What a handler produced: a JSON summary and optionally a file (stored in the job row)."""

    result: Mapping[str, Any]
    blob: bytes | None = None
    name: str | None = None
    media_type: str | None = None


@dataclass(slots=True)
class JobContext:
    """Handed to a handler: who submitted the job, its parameters and input, and progress."""

    job_id: str
    kind: str
    attempt: int
    actor: Actor
    params: Mapping[str, Any]
    input_name: str | None
    input_blob: bytes | None
    settings: Settings
    board: ProgressBoard
    stage: str = field(default="start")
    done: int = 0
    total: int = 0

    def progress(self, stage: str, done: int, total: int) -> None:
        """Report progress and honour a pending cancel request (cooperative cancel)."""
        self.stage, self.done, self.total = stage, done, total
        self.board.report(self.job_id, stage=stage, done=done, total=total, attempt=self.attempt)
        self.check_cancel()

    def beat(self) -> None:
        """Re-publish the last progress with a fresh heartbeat (from the heartbeat thread)."""
        self.board.report(
            self.job_id, stage=self.stage, done=self.done, total=self.total, attempt=self.attempt
        )

    def check_cancel(self) -> None:
        if self.board.cancel_requested(self.job_id):
            raise JobCancelled(self.job_id)


Handler = Callable[[JobContext, Session], JobOutcome]

_ENGINES: dict[tuple[int, str], Engine] = {}
_ENGINES_LOCK = threading.Lock()


def _factory_for(url: str) -> sessionmaker[Session]:
    """One engine per process and URL (engines must not cross a fork)."""
    key = (os.getpid(), url)
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = _ENGINES[key] = make_engine(url)
    return make_session_factory(engine)


def dispose_engines() -> None:
    """Close the pooled connections of engines this module created (tests, worker shutdown)."""
    with _ENGINES_LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


def error_record(err: BaseException) -> dict[str, object]:
    """A JSON-safe description of a failure: message code and parameters for AxErrors."""
    if isinstance(err, AxError):
        params = {
            k: v if isinstance(v, int | float | bool) or v is None else str(v)
            for k, v in err.params.items()
        }
        return {"code": err.code, "params": params}
    tail = traceback.format_exception_only(type(err), err)[-1].strip()
    return {"code": "jobs.internal_error", "params": {"detail": tail[:500]}}


class AuditHook(Protocol):
    """Writes one audit entry (``services.audit.record``): the runner records each finished job
    through it, so the ground-floor runner needs nothing from ``services/``."""

    def __call__(
        self,
        session: Session,
        *,
        actor: Actor,
        action: str,
        entity_type: str,
        entity_id: object,
        detail: Mapping[str, Any] | None = None,
    ) -> None: ...


class JobQueue:
    """A Huey queue with the ``run_job`` task registered, bound to one database."""

    def __init__(
        self,
        settings: Settings,
        *,
        handlers: Mapping[str, Handler],
        name: str | None = None,
        stale_after_s: float = STALE_AFTER_S,
        heartbeat_s: float = HEARTBEAT_S,
        retry_delay_s: float = TASK_RETRY_DELAY_S,
        engine: Engine | None = None,
        audit: AuditHook,
    ) -> None:
        self.settings = settings
        self.audit = audit
        self._engine = engine
        self.handlers = dict(handlers)
        self.huey = make_huey(settings, name=name)
        self.board = ProgressBoard(self.huey)
        self.stale_after_s = stale_after_s
        self.heartbeat_s = heartbeat_s
        self._task = self.huey.task(
            retries=TASK_RETRIES, retry_delay=retry_delay_s, context=True, name="axp.run_job"
        )(self._run_task)
        self.huey.periodic_task(crontab(minute="*"), name="axp.recover_jobs")(self._recover_task)

    # -- plumbing ----------------------------------------------------------------------------

    def factory(self) -> sessionmaker[Session]:
        if self._engine is not None:
            return make_session_factory(self._engine)
        return _factory_for(self.settings.database_url)

    def enqueue(self, job_id: str) -> None:
        self._task(job_id)

    def pending(self) -> int:
        return int(self.huey.pending_count())

    def drain(self, *, max_tasks: int | None = None, wait_s: float = 0.0) -> int:
        """Run queued (and due retried) tasks in this thread; returns how many ran.

        For tests, benchmarks and single-process use; production runs ``axp worker``.
        ``wait_s`` keeps waiting that long for scheduled retries to become due.
        """
        ran = 0
        deadline = time.monotonic() + wait_s
        while max_tasks is None or ran < max_tasks:
            for due in self.huey.read_schedule():
                self.huey.enqueue(due)
            task = self.huey.dequeue()
            if task is None:
                if self.huey.scheduled_count() and time.monotonic() < deadline:
                    time.sleep(0.1)
                    continue
                break
            self.huey.execute(task)
            ran += 1
        return ran

    def _run_task(self, job_id: str, task: Task | None = None) -> None:
        retries_left = int(task.retries) if task is not None else 0
        self.run(job_id, retries_left=retries_left)

    def _recover_task(self) -> None:
        self.recover()

    # -- execution ---------------------------------------------------------------------------

    def run(self, job_id: str, *, retries_left: int = 0) -> str:
        """Execute one delivery of a job; returns the job's status afterwards."""
        factory = self.factory()
        started = self._start(factory, job_id)
        if isinstance(started, str):
            return started
        context = started
        with self._heartbeat(context):
            try:
                with transaction(factory) as session:
                    handler = self.handlers[context.kind]
                    outcome = handler(context, session)
                    context.check_cancel()
                    self._complete(session, context, outcome)
            except Superseded:
                return "superseded"
            except JobCancelled:
                self._finish(factory, context, status="cancelled", error=None)
                return "cancelled"
            except TRANSIENT_ERRORS as err:
                if retries_left > 0:
                    self._requeue(factory, context, err)
                    raise
                self._finish(factory, context, status="failed", error=error_record(err))
                return "failed"
            except Exception as err:
                self._finish(factory, context, status="failed", error=error_record(err))
                return "failed"
        self.board.clear(job_id)
        return "done"

    def _start(self, factory: sessionmaker[Session], job_id: str) -> JobContext | str:
        with transaction(factory) as session:
            job = session.get(Job, job_id)
            if job is None:
                raise JobNotVisible(job_id)
            if job.status in FINAL_STATUSES:
                return job.status  # duplicate delivery of a finished job: nothing to do
            if self.board.cancel_requested(job_id):
                job.status, job.finished_at = "cancelled", utcnow()
                self.board.clear(job_id)
                return "cancelled"
            if job.attempts >= job.max_attempts:
                job.status, job.finished_at = "failed", utcnow()
                job.error = {"code": "jobs.too_many_attempts", "params": {"attempts": job.attempts}}
                return "failed"
            job.attempts += 1
            job.status = "running"
            job.started_at = job.started_at or utcnow()
            context = JobContext(
                job_id=job.id,
                kind=job.kind,
                attempt=job.attempts,
                actor=Actor(
                    username=job.actor,
                    role=job.actor_role,
                    organisation_id=job.actor_organisation,
                ),
                params=dict(job.params or {}),
                input_name=job.input_name,
                input_blob=job.input_blob,
                settings=self.settings,
                board=self.board,
            )
        if job.kind not in self.handlers:
            self._finish(
                factory,
                context,
                status="failed",
                error={"code": "jobs.unknown_kind", "params": {"kind": job.kind}},
            )
            return "failed"
        self.board.report(job_id, stage="start", done=0, total=0, attempt=context.attempt)
        return context

    def _complete(self, session: Session, context: JobContext, outcome: JobOutcome) -> None:
        claimed = session.execute(
            update(Job)
            .where(
                Job.id == context.job_id, Job.status == "running", Job.attempts == context.attempt
            )
            .values(
                status="done",
                result=dict(outcome.result),
                result_blob=outcome.blob,
                result_name=outcome.name,
                result_type=outcome.media_type,
                input_blob=None,
                error=None,
                finished_at=utcnow(),
            )
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise Superseded(context.job_id)
        self.audit(
            session,
            actor=context.actor,
            action="job_done",
            entity_type="job",
            entity_id=context.job_id,
            detail={"kind": context.kind, "attempt": context.attempt, **dict(outcome.result)},
        )

    def _finish(
        self,
        factory: sessionmaker[Session],
        context: JobContext,
        *,
        status: str,
        error: dict[str, object] | None,
    ) -> None:
        with transaction(factory) as session:
            session.execute(
                update(Job)
                .where(Job.id == context.job_id, Job.attempts == context.attempt)
                .where(Job.status.not_in(tuple(FINAL_STATUSES)))
                .values(status=status, error=error, finished_at=utcnow())
                .execution_options(synchronize_session=False)
            )
        self.board.clear(context.job_id)

    def _requeue(
        self, factory: sessionmaker[Session], context: JobContext, err: BaseException
    ) -> None:
        try:
            with transaction(factory) as session:
                session.execute(
                    update(Job)
                    .where(Job.id == context.job_id, Job.attempts == context.attempt)
                    .values(status="queued", error=error_record(err))
                    .execution_options(synchronize_session=False)
                )
        except TRANSIENT_ERRORS:
            pass  # the database itself is down; the retry will find the row still running

    @contextmanager
    def _heartbeat(self, context: JobContext) -> Iterator[None]:
        """Beat every ``heartbeat_s`` in a daemon thread while the job runs."""
        stop = threading.Event()
        job_id = context.job_id

        def beat() -> None:
            while not stop.wait(self.heartbeat_s):
                try:
                    context.beat()
                except Exception:
                    continue

        thread = threading.Thread(target=beat, name=f"axp-heartbeat-{job_id[:8]}", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join(timeout=5)

    # -- recovery ----------------------------------------------------------------------------

    def recover(self, *, stale_after_s: float | None = None) -> list[str]:
        """Re-enqueue running jobs whose worker stopped beating (killed or machine lost)."""
        limit = self.stale_after_s if stale_after_s is None else stale_after_s
        now = time.time()
        with self.factory()() as session:
            running = list(session.scalars(select(Job.id).where(Job.status == "running")))
        revived: list[str] = []
        for job_id in running:
            progress = self.board.get(job_id)
            if progress is not None and now - progress.beat < limit:
                continue
            # Mark the beat first so a second recovering worker does not enqueue it again.
            self.board.report(job_id, stage="requeued", done=0, total=0)
            self.enqueue(job_id)
            revived.append(job_id)
        return revived


def is_transient(err: BaseException) -> bool:
    return isinstance(err, TRANSIENT_ERRORS) or (
        isinstance(err, DBAPIError) and bool(err.connection_invalidated)
    )
