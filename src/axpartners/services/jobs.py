"""Background jobs for long operations: submit, status, cancel, list, and the job handlers.

Long operations run in ``axp worker`` processes through :class:`axpartners.jobs.runner.JobQueue`
(Huey: SQLite storage by default, Redis when configured). A web request or CLI command only
inserts a ``jobs`` row and enqueues its id, then polls :func:`job_status`.

Converted operations (``KINDS``):

* ``needs_import`` — a survey file, validated row by row and imported with
  :func:`axpartners.services.needs.import_needs` in chunks inside ONE transaction (all or
  nothing), progress by rows;
* ``search_reindex`` — :func:`axpartners.services.search.sync_index` (``full`` rebuilds from scratch);
* ``briefing`` — the council briefing PDF/HTML (:func:`axpartners.services.briefing.build_briefing`),
  stored as the job's result file;
* ``noop`` — ``steps`` progress steps of ``sleep_s`` each (queue benchmarks and tests).
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from axpartners.config import Settings
from axpartners.db.tables.jobs import FINAL_STATUSES, Job
from axpartners.errors import AxError, Conflict, InputError, NotFound
from axpartners.i18n.catalog import render_error
from axpartners.io.tables import Table, read_table
from axpartners.jobs.queue import Progress
from axpartners.jobs.runner import Handler, JobContext, JobOutcome, JobQueue
from axpartners.services import audit, briefing, needs as needs_service, search
from axpartners.services.actors import Actor, require_admin, require_staff

KINDS = ("needs_import", "search_reindex", "briefing", "noop")
IMPORT_CHUNK_ROWS = 200
_STAFF_KINDS = frozenset(KINDS)


# ---- handlers ------------------------------------------------------------------------------


def _chunks(table: Table, size: int) -> list[Table]:
    return [
        Table(
            name=table.name,
            header=table.header,
            rows=table.rows[start : start + size],
            row_numbers=table.row_numbers[start : start + size],
        )
        for start in range(0, len(table.rows), size)
    ]


def _needs_import(context: JobContext, session: Session) -> JobOutcome:
    if context.input_blob is None:
        raise InputError("import.empty", file=context.input_name or "upload")
    name = context.input_name or "upload.csv"
    context.progress("read", 0, 1)
    table = read_table(context.input_blob, name=name)
    table.require("text")
    total = len(table.rows)
    if total == 0:
        raise InputError("import.empty", file=name)
    # Validate every row before writing anything, so a bad last row fails fast.
    for position, (row, record) in enumerate(table.records(), start=1):
        needs_service.parse_need(record, file=name, row=row)
        if position % IMPORT_CHUNK_ROWS == 0 or position == total:
            context.progress("validate", position, total)
    created = duplicates = done = 0
    chunk_rows = int(context.params.get("chunk_rows", IMPORT_CHUNK_ROWS))
    for chunk in _chunks(table, max(1, chunk_rows)):
        result = needs_service.import_needs(session, actor=context.actor, table=chunk)
        created += result.created
        duplicates += result.duplicates
        done += len(chunk.rows)
        context.progress("import", done, total)
    return JobOutcome(result={"rows": total, "created": created, "duplicates": duplicates})


def _search_reindex(context: JobContext, session: Session) -> JobOutcome:
    context.progress("index", 0, 1)
    if context.params.get("full"):
        for path in (context.settings.data_dir / "index").glob("needs.*"):
            path.unlink(missing_ok=True)
        search.reset_index()
    index = search.sync_index(session, data_dir=context.settings.data_dir)
    context.progress("index", 1, 1)
    return JobOutcome(result={"documents": len(index)})


def _briefing(context: JobContext, session: Session) -> JobOutcome:
    raw = str(context.params.get("fmt", "pdf"))
    if raw not in ("pdf", "html"):
        raise InputError("import.bad_value", column="fmt", value=raw, hint="pdf, html")
    fmt: Literal["pdf", "html"] = "pdf" if raw == "pdf" else "html"
    context.progress("render", 0, 1)
    data: bytes = briefing.build_briefing(session, fmt=fmt, actor=context.actor)
    context.progress("render", 1, 1)
    media = "application/pdf" if fmt == "pdf" else "text/html; charset=utf-8"
    return JobOutcome(
        result={"bytes": len(data), "format": fmt},
        blob=data,
        name=f"briefing.{fmt}",
        media_type=media,
    )


def _noop(context: JobContext, _session: Session) -> JobOutcome:
    steps = int(context.params.get("steps", 0))
    pause = float(context.params.get("sleep_s", 0.0))
    for step in range(1, steps + 1):
        if pause:
            time.sleep(pause)
        context.progress("step", step, steps)
    return JobOutcome(result={"steps": steps})


HANDLERS: dict[str, Handler] = {
    "needs_import": _needs_import,
    "search_reindex": _search_reindex,
    "briefing": _briefing,
    "noop": _noop,
}

_QUEUES: dict[tuple[str, str, str, str | None, float, int], JobQueue] = {}


def queue_for(
    settings: Settings,
    *,
    name: str | None = None,
    stale_after_s: float | None = None,
    engine: Engine | None = None,
) -> JobQueue:
    """The process-wide queue for these settings (built once; Huey connections are pooled).

    ``engine``: use this engine (the web app's) for job rows instead of a per-process one.
    """
    stale = 60.0 if stale_after_s is None else stale_after_s
    key = (
        settings.database_url,
        str(settings.redis_url),
        str(settings.data_dir),
        name,
        stale,
        id(engine) if engine is not None else 0,
    )
    queue = _QUEUES.get(key)
    if queue is None:
        queue = _QUEUES[key] = JobQueue(
            settings,
            handlers=HANDLERS,
            name=name,
            stale_after_s=stale,
            engine=engine,
            audit=audit.record,
        )
    return queue


# ---- submit / status / cancel / list ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JobView:
    """A job as shown to users: durable record plus live progress while it runs."""

    id: str
    kind: str
    status: str
    actor: str
    attempts: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    stage: str
    done: int
    total: int
    result: Mapping[str, Any]
    error: Mapping[str, Any] | None
    input_name: str | None
    has_file: bool
    cancel_requested: bool

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        return int(100 * self.done / self.total) if self.total > 0 else 0


def _view(job: Job, progress: Progress | None, cancel: bool) -> JobView:
    result: dict[str, Any] = dict(job.result or {})
    stage, done, total = "", 0, 0
    if progress is not None and job.status not in FINAL_STATUSES:
        stage, done, total = progress.stage, progress.done, progress.total
    elif job.status == "done":
        total = int(result.get("rows", result.get("steps", 1)) or 1)
        stage, done = "done", total
    return JobView(
        id=job.id,
        kind=job.kind,
        status=job.status,
        actor=job.actor,
        attempts=job.attempts,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        stage=stage,
        done=done,
        total=total,
        result=result,
        error=dict(job.error) if job.error else None,
        input_name=job.input_name,
        has_file=job.result_name is not None,
        cancel_requested=cancel and job.status not in FINAL_STATUSES,
    )


def _check_access(actor: Actor) -> None:
    """Jobs are a secretariat tool (only staff can submit one): any staff member may follow or
    cancel any job. Checked before the lookup, so others learn nothing about job ids."""
    require_staff(actor)


def submit_job(
    session: Session,
    *,
    actor: Actor,
    queue: JobQueue,
    kind: str,
    params: Mapping[str, Any] | None = None,
    input_name: str | None = None,
    input_blob: bytes | None = None,
    idempotency_key: str | None = None,
    enqueue: bool = True,
) -> JobView:
    """Record a job and enqueue it; a repeated ``idempotency_key`` returns the existing job.

    The worker may see the task before this transaction commits; it then retries shortly.
    ``enqueue=False`` leaves running it to the caller (``queue.run(job_id)`` after commit).
    """
    require_staff(actor)
    if kind not in KINDS:
        raise InputError("jobs.unknown_kind", kind=kind)
    key = (idempotency_key or "").strip()[:200] or None
    if key is not None:
        existing = session.scalar(select(Job).where(Job.idempotency_key == key))
        if existing is not None:
            if existing.kind != kind or existing.actor != actor.username:
                raise Conflict("jobs.key_reused", key=key)
            return _view(existing, queue.board.get(existing.id), False)
    job = Job(
        id=uuid.uuid4().hex,
        kind=kind,
        status="queued",
        idempotency_key=key,
        actor=actor.username,
        actor_role=actor.role,
        actor_organisation=actor.organisation_id,
        params=dict(params or {}),
        input_name=input_name,
        input_blob=input_blob,
        attempts=0,
        max_attempts=3,
    )
    try:
        with session.begin_nested():
            session.add(job)
            session.flush()
    except IntegrityError:  # the same key was submitted concurrently by another process
        existing = session.scalar(select(Job).where(Job.idempotency_key == key))
        if existing is None:
            raise
        return _view(existing, queue.board.get(existing.id), False)
    audit.record(
        session,
        actor=actor,
        action="job_submit",
        entity_type="job",
        entity_id=job.id,
        detail={
            "kind": kind,
            "input": input_name,
            "sha256": hashlib.sha256(input_blob).hexdigest() if input_blob else None,
        },
    )
    if enqueue:
        queue.enqueue(job.id)
    return _view(job, None, False)


def _get(session: Session, job_id: str) -> Job:
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound("not_found", what="job", key=job_id)
    return job


def job_status(session: Session, *, actor: Actor, queue: JobQueue, job_id: str) -> JobView:
    _check_access(actor)
    job = _get(session, job_id)
    return _view(job, queue.board.get(job_id), queue.board.cancel_requested(job_id))


def cancel_job(session: Session, *, actor: Actor, queue: JobQueue, job_id: str) -> JobView:
    """Ask the job to stop at its next progress point; a finished job is left as it is."""
    _check_access(actor)
    job = _get(session, job_id)
    if job.status in FINAL_STATUSES:
        return _view(job, None, False)
    queue.board.request_cancel(job_id)
    audit.record(
        session, actor=actor, action="job_cancel", entity_type="job", entity_id=job_id, detail=None
    )
    return _view(job, queue.board.get(job_id), True)


def list_jobs(
    session: Session,
    *,
    actor: Actor,
    queue: JobQueue,
    mine_only: bool = False,
    status: str | None = None,
    limit: int = 100,
) -> list[JobView]:
    """Newest first; everyone's jobs for admins, own jobs otherwise."""
    require_staff(actor)
    query = select(Job).order_by(Job.created_at.desc(), Job.id).limit(limit)
    if mine_only or not actor.is_admin:
        query = query.where(Job.actor == actor.username)
    if status:
        query = query.where(Job.status == status)
    return [
        _view(job, queue.board.get(job.id) if job.status not in FINAL_STATUSES else None, False)
        for job in session.scalars(query)
    ]


def job_file(session: Session, *, actor: Actor, job_id: str) -> tuple[str, str, bytes]:
    """``(filename, media type, bytes)`` of a finished job's result file."""
    _check_access(actor)
    job = _get(session, job_id)
    if job.status != "done" or job.result_blob is None:
        raise NotFound("not_found", what="job result", key=job_id)
    return (
        job.result_name or "result.bin",
        job.result_type or "application/octet-stream",
        job.result_blob,
    )


def count_by_status(session: Session, *, actor: Actor) -> dict[str, int]:
    require_admin(actor)
    rows = session.execute(select(Job.status, func.count()).group_by(Job.status)).all()
    return {str(status): int(count) for status, count in rows}


def describe_error(error: Mapping[str, Any] | None, locale: str = "ko") -> str:
    """A stored job error as one localised line (``file:row:column: message`` where known)."""
    if not error:
        return ""
    params = error.get("params")
    err = AxError(
        str(error.get("code", "jobs.internal_error")),
        **(params if isinstance(params, dict) else {}),
    )
    return render_error(err, locale)
