"""``axp worker`` (the Huey consumer) and ``axp jobs …`` (list, status, cancel, run-import)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from axpartners.cli._common import (
    EXIT_USER_ERROR,
    HelpOption,
    handle_errors,
    new_app,
    settings as cli_settings,
)
from axpartners.errors import InputError

if TYPE_CHECKING:
    from rich.console import Console

    from axpartners.config import Settings
    from axpartners.jobs.runner import JobQueue
    from axpartners.services.jobs import JobView

jobs_app = new_app(
    help="Background jobs: list, status, cancel, run long imports.", no_args_is_help=True
)
IMPORT_KINDS = ("needs",)


def _queue(settings: Settings, *, stale_after_s: float | None = None) -> JobQueue:
    from axpartners.services import jobs as service

    return service.queue_for(settings, stale_after_s=stale_after_s)


def worker(
    ctx: typer.Context,
    workers: Annotated[int, typer.Option(min=1, help="Concurrent workers in this process.")] = 2,
    worker_type: Annotated[str, typer.Option(help="thread or process.")] = "thread",
    stale_after: Annotated[
        float, typer.Option(help="Seconds without heartbeat before a running job is retried.")
    ] = 60.0,
    max_delay: Annotated[
        float, typer.Option(help="Longest idle poll interval in seconds (SQLite queue).")
    ] = 1.0,
) -> None:
    """Run the job worker (Huey consumer): SQLite queue by default, Redis if AXP_REDIS_URL is set."""
    if worker_type not in ("thread", "process"):
        raise typer.BadParameter("thread or process", param_hint="--worker-type")
    settings = cli_settings(ctx)
    queue = _queue(settings, stale_after_s=stale_after)
    revived = queue.recover()
    backend = "redis" if settings.redis_url else f"sqlite:{settings.data_dir / 'jobs.db'}"
    typer.echo(
        f"worker: {workers} {worker_type}(s), queue {queue.huey.name} on {backend}; "
        f"{len(revived)} interrupted job(s) re-queued"
    )
    consumer = queue.huey.create_consumer(
        workers=workers,
        worker_type=worker_type,
        periodic=True,
        check_worker_health=True,
        initial_delay=0.05,
        backoff=1.15,
        max_delay=max_delay,
    )
    consumer.run()


def _render_error(error: dict[str, object] | None) -> str:
    from axpartners.services import jobs as service

    return service.describe_error(error, "ko")


@jobs_app.command("list")
@handle_errors
def list_(
    ctx: typer.Context,
    status: Annotated[
        str | None, typer.Option(help="queued, running, done, failed, cancelled.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
) -> None:
    """Recent jobs, newest first, with their progress or error."""
    from rich.console import Console
    from rich.table import Table as RichTable

    from axpartners.db.session import transaction
    from axpartners.services import jobs as service
    from axpartners.services.actors import SYSTEM

    queue = _queue(cli_settings(ctx))
    with transaction(queue.factory()) as session:
        rows = service.list_jobs(session, actor=SYSTEM, queue=queue, status=status, limit=limit)
    table = RichTable("id", "kind", "status", "progress", "attempts", "actor", "created", "error")
    for job in rows:
        progress = f"{job.done}/{job.total}" if job.total else job.stage
        error = _render_error(dict(job.error)) if job.error else ""
        table.add_row(
            job.id,
            job.kind,
            job.status,
            progress,
            str(job.attempts),
            job.actor,
            job.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            error,
        )
    Console(width=160).print(table)


@jobs_app.command("status")
@handle_errors
def status_(ctx: typer.Context, job_id: str) -> None:
    """One job's status and progress."""
    from axpartners.db.session import transaction
    from axpartners.services import jobs as service
    from axpartners.services.actors import SYSTEM

    queue = _queue(cli_settings(ctx))
    with transaction(queue.factory()) as session:
        job = service.job_status(session, actor=SYSTEM, queue=queue, job_id=job_id)
    typer.echo(
        f"{job.id} {job.kind} {job.status} {job.stage} {job.done}/{job.total} {dict(job.result)}"
    )
    if job.error:
        typer.echo(_render_error(dict(job.error)))


@jobs_app.command("cancel")
@handle_errors
def cancel(ctx: typer.Context, job_id: str) -> None:
    """Ask a queued or running job to stop at its next progress point."""
    from axpartners.db.session import transaction
    from axpartners.services import jobs as service
    from axpartners.services.actors import SYSTEM

    queue = _queue(cli_settings(ctx))
    with transaction(queue.factory()) as session:
        job = service.cancel_job(session, actor=SYSTEM, queue=queue, job_id=job_id)
    typer.echo(f"{job.id}: {job.status}{' (cancel requested)' if job.cancel_requested else ''}")


def follow(
    queue: JobQueue, job_id: str, *, console: Console | None = None, poll_s: float = 0.2
) -> JobView:
    """Show a ``rich`` progress bar for a job until it is final; returns the final view."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from axpartners.services import jobs as service
    from axpartners.services.actors import SYSTEM

    factory = queue.factory()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bar:
        task = bar.add_task("queued", total=None)
        while True:
            with factory() as session:
                job = service.job_status(session, actor=SYSTEM, queue=queue, job_id=job_id)
            if job.total:
                bar.update(
                    task, description=job.stage or job.status, completed=job.done, total=job.total
                )
            else:
                bar.update(task, description=job.stage or job.status)
            if job.is_final:
                return job
            time.sleep(poll_s)


@jobs_app.command("run-import")
@handle_errors
def run_import(
    ctx: typer.Context,
    kind: str,
    file: Path,
    worker: Annotated[
        bool,
        typer.Option("--worker/--here", help="Hand the job to running workers, or run it here."),
    ] = False,
    key: Annotated[str | None, typer.Option(help="Idempotency key (same key = same job).")] = None,
) -> None:
    """Import a large file as a background job with a progress bar. Nothing is written on error."""
    from axpartners.db.session import transaction
    from axpartners.services import jobs as service
    from axpartners.services.actors import SYSTEM

    if kind not in IMPORT_KINDS:
        raise InputError(
            "import.bad_value", column="KIND", value=kind, hint=", ".join(IMPORT_KINDS)
        )
    if not file.is_file():
        raise InputError("import.bad_value", column="FILE", value=str(file), hint="file")
    settings = cli_settings(ctx)
    queue = _queue(settings)
    with transaction(queue.factory()) as session:
        job = service.submit_job(
            session,
            actor=SYSTEM,
            queue=queue,
            kind="needs_import",
            input_name=file.name,
            input_blob=file.read_bytes(),
            idempotency_key=key,
            enqueue=worker,
        )
    typer.echo(f"job {job.id}")
    runner: threading.Thread | None = None
    if not worker and not job.is_final:
        runner = threading.Thread(target=queue.run, args=(job.id,), daemon=True)
        runner.start()
    final = follow(queue, job.id)
    if runner is not None:
        runner.join()
    if final.status != "done":
        typer.echo(
            f"{final.status}: {_render_error(dict(final.error) if final.error else None)}", err=True
        )
        raise typer.Exit(EXIT_USER_ERROR)
    typer.echo(
        f"{final.result.get('created', 0)} needs imported, {final.result.get('duplicates', 0)} duplicates skipped"
    )


@jobs_app.command("recover")
@handle_errors
def recover(
    ctx: typer.Context,
    stale_after: Annotated[float, typer.Option(help="Heartbeat age in seconds.")] = 60.0,
) -> None:
    """Re-queue running jobs whose worker stopped (workers also do this on start and every minute)."""
    queue = _queue(cli_settings(ctx), stale_after_s=stale_after)
    revived = queue.recover()
    typer.echo(f"{len(revived)} job(s) re-queued")


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add ``axp worker`` and the ``axp jobs`` group."""
    del eval_app
    app.command("worker")(worker)
    app.add_typer(jobs_app, name="jobs")


def main() -> None:
    """``python -m axpartners.cli.jobs worker …``: the worker without loading every CLI area."""
    app = new_app(add_completion=False, no_args_is_help=True)

    @app.callback()
    def _root(help_: HelpOption = False) -> None:
        """AX Partners job worker."""
        del help_

    register(app, new_app())
    app()


if __name__ == "__main__":
    main()
