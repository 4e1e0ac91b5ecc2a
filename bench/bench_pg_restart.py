"""A real PostgreSQL restart under a live server (issue 8 §5), measured.

The test suite checks recovery by terminating every backend (``pg_terminate_backend``), which is
safe to run next to other tests. This script does the real thing — ``pg_ctlcluster <version>
main restart`` on this machine's cluster — so it restarts the database for everything using it
and only runs when asked to (``--restart-postgres``; root, loopback only).

It serves a fresh schema with one uvicorn worker, sends a public submission and a partner-list
read every 50 ms, restarts PostgreSQL after 3 s, keeps going for 12 s more and reports:
answers by status before, during and after the restart, how long after the restart the first
request succeeded again, and whether every accepted submission is in the database.

    python bench/bench_pg_restart.py --restart-postgres
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
from bench_load import PG_URL, count_needs, generate, start_server
from sqlalchemy import text

from axpartners.db.migrate import upgrade
from axpartners.db.session import make_engine

BEFORE_S = 3.0
AFTER_S = 12.0
PERIOD_S = 0.05


def _cluster() -> tuple[str, str]:
    out = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True)
    version, name = out.stdout.split()[:2]
    return version, name


async def _traffic(base: str, stop: float, log: list[tuple[float, str, str]]) -> int:
    """Requests until ``stop``; each logged as (time, kind, outcome). Returns accepted posts."""
    accepted = 0
    n = 0
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        while time.monotonic() < stop:
            n += 1
            for kind in ("submit", "read"):
                started = time.monotonic()
                try:
                    if kind == "submit":
                        response = await client.post(
                            "/api/v1/public/needs", json={"text": f"재시작 시험 용접 검사 {n}"}
                        )
                        accepted += response.status_code == 201
                    else:
                        response = await client.get("/partners")
                    outcome = str(response.status_code)
                except httpx.HTTPError as err:
                    outcome = type(err).__name__
                log.append((started, kind, outcome))
            await asyncio.sleep(PERIOD_S)
    return accepted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--restart-postgres",
        action="store_true",
        help="really restart this machine's PostgreSQL cluster (required)",
    )
    args = parser.parse_args()
    if not args.restart_postgres:
        parser.exit(2, "refusing: this restarts PostgreSQL for everyone; add --restart-postgres\n")
    version, name = _cluster()
    schema = f"axp_restart_{os.getpid()}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{PG_URL}?options=-csearch_path%3D{schema}"
    engine = make_engine(url)
    work = Path(tempfile.mkdtemp(prefix="axp-restart-"))
    server = None
    try:
        upgrade(engine)
        generate(engine, needs=200, partners=50)
        server, base = start_server(url, work, work / "server.log", workers=1)
        before_rows = count_needs(engine)
        engine.dispose()  # the restart would break this pool too
        log: list[tuple[float, str, str]] = []
        t0 = time.monotonic()
        restart: dict[str, float] = {}

        async def scenario() -> int:
            traffic = asyncio.create_task(_traffic(base, t0 + BEFORE_S + AFTER_S, log))
            await asyncio.sleep(BEFORE_S)
            restart["start"] = time.monotonic()
            await asyncio.to_thread(
                subprocess.run, ["pg_ctlcluster", version, name, "restart"], check=True
            )
            restart["end"] = time.monotonic()
            return await traffic

        accepted = asyncio.run(scenario())
        time.sleep(0.5)
        in_db = count_needs(make_engine(url)) - before_rows
        print(_report(log, restart, accepted=accepted, in_db=in_db, version=version, t0=t0))
    finally:
        if server is not None:
            server.kill()
        with make_engine(PG_URL).begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        shutil.rmtree(work, ignore_errors=True)


def _report(
    log: list[tuple[float, str, str]],
    restart: dict[str, float],
    *,
    accepted: int,
    in_db: int,
    version: str,
    t0: float,
) -> str:
    phases: dict[str, Counter[str]] = {"before": Counter(), "during": Counter(), "after": Counter()}
    first_ok_after = None
    for started, kind, outcome in log:
        phase = (
            "before"
            if started < restart["start"]
            else "during"
            if started < restart["end"]
            else "after"
        )
        phases[phase][f"{kind} {outcome}"] += 1
        if phase == "after" and outcome.startswith("2") and first_ok_after is None:
            first_ok_after = started - restart["end"]
    failed_after = [
        (started - restart["end"], kind, outcome)
        for started, kind, outcome in log
        if started >= restart["end"] and not outcome.startswith(("2", "3"))
    ]
    lines = [
        f"## PostgreSQL {version} restart under load: {os.cpu_count()} cores, "
        f"{platform.machine()}, Python {platform.python_version()}",
        f"- restart (pg_ctlcluster) took {restart['end'] - restart['start']:.2f} s, "
        f"starting {restart['start'] - t0:.1f} s into the run",
        "| phase | answers |",
        "|---|---|",
        *(
            f"| {phase} | {', '.join(f'{k}: {v}' for k, v in sorted(c.items())) or '–'} |"
            for phase, c in phases.items()
        ),
        f"- first success after the restart: {first_ok_after * 1000:.0f} ms after it finished"
        if first_ok_after is not None
        else "- **no success after the restart**",
        f"- failures after the restart finished: {len(failed_after)}"
        + (f" (last at +{failed_after[-1][0]:.2f} s)" if failed_after else ""),
        f"- submissions accepted: {accepted}; new rows: {in_db}; "
        f"**lost: {max(0, accepted - in_db)}**",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
