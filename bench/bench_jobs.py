"""Benchmark of the background job queue: jobs/s on the SQLite queue and on Redis.

    python bench/bench_jobs.py [--quick] [--no-redis]

Workloads, each with the baseline measured in the same run:

* ``noop`` — 200 jobs that do nothing (50 with ``--quick``): the queue's own cost per job.
  Baseline ("inline"): the same jobs recorded and executed directly with ``JobQueue.run``
  (job row, start/finish bookkeeping, audit record — everything but enqueue/dequeue);
* ``import`` — 2 real needs survey imports of 1,000 rows (300 with ``--quick``) as jobs.
  Baseline ("inline"): ``services.needs.import_needs`` called directly in one transaction.

Each figure is the best of 3 repetitions (1 with ``--quick``): the box is shared.

Modes: ``drain`` runs the queued tasks in this process (queue overhead, one thread);
``worker`` starts a real ``axp worker`` subprocess (2 threads) and measures from the first
enqueue until the last job is final (worker start-up excluded).

The application database is SQLite in a temporary directory; Redis is
``AXP_BENCH_REDIS_URL`` (default ``redis://127.0.0.1:6379/0``), skipped if unreachable.
Machine: whatever runs this (the figures in docs/deploy.md are from the shared 2-core box).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "data" / "classify" / "needs_labeled.csv"
REDIS_URL = os.environ.get("AXP_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


# services.needs._new_ref draws 24 random bits per day, so thousands of needs imported in one
# day collide on needs.ref (birthday bound: ~50 % at 5,000 needs). The benchmark imports ~9,000
# needs in one run, so it widens the reference in this process and in its worker subprocess.
WIDE_REF = (
    "import secrets, axpartners.services.needs as _n; from axpartners.db.base import utcnow; "
    "_n._new_ref = lambda: f'N{utcnow():%Y%m%d}-{secrets.token_hex(6).upper()}'"
)
WORKER_BOOTSTRAP = (
    WIDE_REF + "\nimport sys\nfrom axpartners.cli.jobs import main\n"
    "sys.argv = ['axp-worker', *sys.argv[1:]]\nmain()"
)


@dataclass(frozen=True)
class Row:
    workload: str
    backend: str
    mode: str
    jobs: int
    seconds: float
    baseline_s: float | None = None

    @property
    def rate(self) -> float:
        return self.jobs / self.seconds if self.seconds > 0 else float("inf")


def survey(rows: int, tag: str) -> bytes:
    with DEV.open(encoding="utf-8") as handle:
        texts = [r["text"] for r in csv.DictReader(handle)]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["text", "company", "consent"])
    for i in range(rows):
        writer.writerow([texts[i % len(texts)], f"{tag} 회사 {i}", "true"])
    return out.getvalue().encode("utf-8")


def redis_ok() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        return True
    except Exception:
        return False


def make_settings(base: Path, *, redis_url: str | None):  # type: ignore[no-untyped-def]
    from axpartners.config import Settings
    from axpartners.db.migrate import upgrade
    from axpartners.db.session import make_engine

    settings = Settings(
        environment="test",
        data_dir=base / "var",
        database_url=f"sqlite:///{base / 'axp.db'}",
        secret_key="bench-secret-key-not-for-production",
        redis_url=redis_url,
    )
    engine = make_engine(settings.database_url)
    upgrade(engine)
    engine.dispose()
    return settings


def submit_many(
    queue, factory, *, kind: str, count: int, params=None, blob=None, enqueue=True
) -> list[str]:  # type: ignore[no-untyped-def]
    from axpartners.db.session import transaction
    from axpartners.services import jobs
    from axpartners.services.actors import SYSTEM

    ids = []
    with transaction(factory) as session:
        for i in range(count):
            ids.append(
                jobs.submit_job(
                    session,
                    actor=SYSTEM,
                    queue=queue,
                    kind=kind,
                    params=params,
                    input_name=f"bench-{i}.csv" if blob else None,
                    input_blob=blob(i) if blob else None,
                    enqueue=enqueue,
                ).id
            )
    return ids


def wait_final(factory, ids: list[str], *, timeout: float) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from axpartners.db.tables.jobs import FINAL_STATUSES, Job

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with factory() as session:
            done = session.scalar(
                select(func.count())
                .select_from(Job)
                .where(Job.id.in_(ids), Job.status.in_(FINAL_STATUSES))
            )
        if done == len(ids):
            return
        time.sleep(0.05)
    raise TimeoutError(f"{len(ids)} jobs not final after {timeout} s")


def check_done(factory, ids: list[str]) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from axpartners.db.tables.jobs import Job

    with factory() as session:
        jobs = list(session.scalars(select(Job).where(Job.id.in_(ids))))
    failed = [(job.status, job.attempts, job.error) for job in jobs if job.status != "done"]
    if failed:
        raise RuntimeError(f"{len(failed)} of {len(ids)} jobs did not finish: {failed[:3]}")


def start_worker(settings) -> subprocess.Popen[bytes]:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith("AXP_")}
    env |= {
        "AXP_ENVIRONMENT": "test",
        "AXP_DATABASE_URL": settings.database_url,
        "AXP_DATA_DIR": str(settings.data_dir),
        "AXP_SECRET_KEY": settings.secret_key,
    }
    if settings.redis_url:
        env["AXP_REDIS_URL"] = settings.redis_url
    command = [sys.executable, "-c", WORKER_BOOTSTRAP, "worker", "--workers", "2"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def best_of(reps: int, measure: Callable[[int], float]) -> float:
    """Smallest of ``reps`` timings (the box is shared: the minimum is the least disturbed)."""
    return min(measure(rep) for rep in range(reps))


def bench_backend(
    backend: str, *, noop_jobs: int, import_rows: int, import_jobs: int, reps: int
) -> list[Row]:
    from axpartners.db.session import make_engine, make_session_factory, transaction
    from axpartners.io.tables import read_table
    from axpartners.jobs.runner import dispose_engines
    from axpartners.services import jobs, needs
    from axpartners.services.actors import SYSTEM

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix=f"bench-jobs-{backend}-") as tmp:
        settings = make_settings(Path(tmp), redis_url=REDIS_URL if backend == "redis" else None)
        queue = jobs.queue_for(settings)
        factory = make_session_factory(make_engine(settings.database_url))
        # Warm-up: classifier, Kiwi and connections are loaded once, outside the timings.
        warm = submit_many(
            queue, factory, kind="needs_import", count=1, blob=lambda _i: survey(20, "warm")
        )
        queue.drain()
        check_done(factory, warm)

        def noop_inline(_rep: int) -> float:
            start = time.perf_counter()
            ids = submit_many(queue, factory, kind="noop", count=noop_jobs, enqueue=False)
            for job_id in ids:
                queue.run(job_id)
            elapsed = time.perf_counter() - start
            check_done(factory, ids)
            return elapsed

        def noop_drain(_rep: int) -> float:
            start = time.perf_counter()
            ids = submit_many(queue, factory, kind="noop", count=noop_jobs)
            queue.drain()
            elapsed = time.perf_counter() - start
            check_done(factory, ids)
            return elapsed

        def import_inline(rep: int) -> float:
            tables = [
                read_table(survey(import_rows, f"inline{rep}-{i}"), name="s.csv")
                for i in range(import_jobs)
            ]
            start = time.perf_counter()
            for table in tables:
                with transaction(factory) as session:
                    needs.import_needs(session, actor=SYSTEM, table=table)
            return time.perf_counter() - start

        def import_drain(rep: int) -> float:
            start = time.perf_counter()
            ids = submit_many(
                queue,
                factory,
                kind="needs_import",
                count=import_jobs,
                blob=lambda i: survey(import_rows, f"drain{rep}-{i}"),
            )
            queue.drain()
            elapsed = time.perf_counter() - start
            check_done(factory, ids)
            return elapsed

        def noop_worker(_rep: int) -> float:
            start = time.perf_counter()
            ids = submit_many(queue, factory, kind="noop", count=noop_jobs)
            wait_final(factory, ids, timeout=300)
            elapsed = time.perf_counter() - start
            check_done(factory, ids)
            return elapsed

        def import_worker(rep: int) -> float:
            start = time.perf_counter()
            ids = submit_many(
                queue,
                factory,
                kind="needs_import",
                count=import_jobs,
                blob=lambda i: survey(import_rows, f"worker{rep}-{i}"),
            )
            wait_final(factory, ids, timeout=600)
            elapsed = time.perf_counter() - start
            check_done(factory, ids)
            return elapsed

        imports = f"import {import_rows} rows"
        inline = best_of(reps, noop_inline)
        rows.append(Row("noop", backend, "inline (job row, no queue)", noop_jobs, inline))
        rows.append(
            Row(
                "noop",
                backend,
                "queue, drain in-process",
                noop_jobs,
                best_of(reps, noop_drain),
                inline,
            )
        )
        inline_import = best_of(reps, import_inline)
        rows.append(Row(imports, backend, "inline import_needs", import_jobs, inline_import))
        rows.append(
            Row(
                imports,
                backend,
                "queue, drain in-process",
                import_jobs,
                best_of(reps, import_drain),
                inline_import,
            )
        )
        # Real worker process (2 threads): wait until it has started, then time the batches.
        worker = start_worker(settings)
        try:
            ready = submit_many(queue, factory, kind="noop", count=1)
            wait_final(factory, ready, timeout=120)
            rows.append(
                Row(
                    "noop",
                    backend,
                    "queue, axp worker (2 threads)",
                    noop_jobs,
                    best_of(reps, noop_worker),
                    inline,
                )
            )
            rows.append(
                Row(
                    imports,
                    backend,
                    "queue, axp worker (2 threads)",
                    import_jobs,
                    best_of(reps, import_worker),
                    inline_import,
                )
            )
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
        queue.huey.flush()
        factory.kw["bind"].dispose()
        dispose_engines()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer and smaller jobs")
    parser.add_argument("--no-redis", action="store_true", help="SQLite queue only")
    args = parser.parse_args()
    noop_jobs, import_rows, import_jobs, reps = (50, 300, 2, 1) if args.quick else (200, 1000, 2, 3)
    backends = ["sqlite"]
    if not args.no_redis:
        if redis_ok():
            backends.append("redis")
        else:
            print(f"(Redis unreachable at {REDIS_URL}: SQLite queue only)")
    exec(WIDE_REF, {})
    rows: list[Row] = []
    for backend in backends:
        rows += bench_backend(
            backend,
            noop_jobs=noop_jobs,
            import_rows=import_rows,
            import_jobs=import_jobs,
            reps=reps,
        )
    load = os.getloadavg()
    print(
        f"\nMachine: {os.cpu_count()} CPUs, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}; app DB = SQLite\n"
    )
    print("| workload | queue | mode | jobs | seconds | jobs/s | time vs inline |")
    print("|---|---|---|---:|---:|---:|---:|")
    for row in rows:
        ratio = f"{row.seconds / row.baseline_s:.2f}×" if row.baseline_s else "1.00× (baseline)"
        print(
            f"| {row.workload} | {row.backend} | {row.mode} | {row.jobs} | {row.seconds:.2f} | "
            f"{row.rate:.1f} | {ratio} |"
        )


if __name__ == "__main__":
    main()
