"""Load and concurrency on a live server (issue 8 §4): loopback only, bounded in time.

For each database (SQLite file, PostgreSQL schema) this script

1. creates a fresh database, generates 10,000 needs and 1,000 partners (bulk inserts),
2. starts ``uvicorn axpartners.web.asgi:app`` on 127.0.0.1 (one worker, as ``axp serve``),
3. measures an idle baseline (sequential ``GET /healthz``),
4. runs 50 concurrent browsing users (list pages, logged in as secretariat) and 20 concurrent
   submitters (10 on the public form, 10 on ``POST /api/v1/public/needs``) for 60 s
   (``--quick``: 10 s),
5. reports p50/p95/p99 per endpoint, throughput, errors, lost submissions (accepted 201/303
   vs rows in the database) and ``database is locked`` errors (responses and server log).

The load generator runs on the same machine as the server, so both share its cores; the
numbers are for the machine stated in the output. The public rate limit is raised for the run
(every simulated client shares 127.0.0.1). Nothing leaves the loopback interface.

    python bench/bench_load.py [--quick] [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import platform
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import Engine, func, insert, select, text

from axpartners.db.migrate import upgrade
from axpartners.db.session import make_engine, make_session_factory, transaction
from axpartners.db.tables import Need, Organisation, OrganisationCapability, OrganisationIndustry
from axpartners.db.tables.orgs import ORG_KINDS
from axpartners.services import users
from axpartners.services.actors import SYSTEM
from axpartners.taxonomy import taxonomy_ids

PG_URL = os.environ.get("AXP_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "bench-Password-1"
BROWSE_PATHS = (
    "/partners",
    "/partners?kind=company",
    "/needs",
    "/needs?page=2",
    "/needs/map",
    "/api/v1/needs?limit=50",
    "/api/v1/partners?limit=50",
)
WORDS = [
    "용접",
    "불량",
    "검사",
    "자동화",
    "비전",
    "설비",
    "예지보전",
    "진동",
    "센서",
    "데이터",
    "수집",
    "공정",
    "최적화",
    "물류",
    "배차",
    "항만",
    "컨테이너",
    "적재",
    "품질",
    "관리",
    "에너지",
    "절감",
    "탄소",
    "배출",
    "로봇",
    "협동",
    "조립",
    "도장",
    "사출",
    "금형",
    "열처리",
    "표면",
    "결함",
    "분류",
    "수요",
    "예측",
    "재고",
    "생산",
    "계획",
    "스케줄링",
    "문서",
    "챗봇",
    "설계",
]
KINDS = ORG_KINDS


# --- data ----------------------------------------------------------------------------------


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def generate(engine: Engine, *, needs: int, partners: int, seed: int = 8) -> None:
    """Bulk-insert synthetic needs and partners (bypassing classification; labels random)."""
    rng = random.Random(seed)
    labels = list(taxonomy_ids())
    orgs, caps, inds = [], [], []
    for i in range(partners):
        oid = f"bench-org-{i:04d}"
        orgs.append(
            {
                "id": oid,
                "name": f"벤치기관 {i:04d}",
                "kind": KINDS[i % len(KINDS)],
                "description": _sentence(rng, 25),
                "region": "26",
            }
        )
        for cap in rng.sample(labels, 3):
            caps.append({"organisation_id": oid, "use_case": cap})
        inds.append({"organisation_id": oid, "ksic": str(25 + i % 6)})
    rows = []
    for i in range(needs):
        body = f"{_sentence(rng, 30)} 요청 {i}"
        rows.append(
            {
                "ref": f"NB{i:06d}",
                "title": _sentence(rng, 4),
                "text": body,
                "company": f"제조사 {i % 700}",
                "industry": str(25 + i % 6),
                "region": "26",
                "source": "import",
                "status": "new",
                "content_hash": secrets.token_hex(32),
                "label": labels[i % len(labels)],
                "label_score": 0.5,
            }
        )
    with transaction(make_session_factory(engine)) as session:
        session.execute(insert(Organisation), orgs)
        session.execute(insert(OrganisationCapability), caps)
        session.execute(insert(OrganisationIndustry), inds)
        for start in range(0, len(rows), 2000):
            session.execute(insert(Need), rows[start : start + 2000])
        users.create_user(
            session, actor=SYSTEM, username="bench", password=PASSWORD, role="secretariat"
        )


def count_needs(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Need)).scalar() or 0)


# --- server --------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    url: str, data_dir: Path, log: Path, *, workers: int
) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "AXP_DATABASE_URL": url,
        "AXP_DATA_DIR": str(data_dir),
        "AXP_ENVIRONMENT": "test",
        "AXP_SECRET_KEY": secrets.token_urlsafe(32),
        "AXP_PUBLIC_RATE_LIMIT_PER_MINUTE": "1000000",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "axpartners.web.asgi:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"server did not start; see {log}")


# --- load ----------------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    locked: int = 0
    accepted: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        self.latencies.setdefault(name, []).append(seconds * 1000)

    def error(self, name: str, status: str = "exception") -> None:
        self.errors[name] = self.errors.get(name, 0) + 1
        self.statuses[status] = self.statuses.get(status, 0) + 1


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    return match.group(1) if match else ""


async def _login(client: httpx.AsyncClient) -> None:
    token = _csrf((await client.get("/login")).text)
    response = await client.post(
        "/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token}
    )
    if response.status_code not in (200, 303):
        raise RuntimeError(f"bench login failed: {response.status_code}")


async def browse(
    client: httpx.AsyncClient, stop: float, stats: Stats, seed: int, think: float
) -> None:
    rng = random.Random(seed)
    while time.monotonic() < stop:
        if think:
            await asyncio.sleep(rng.expovariate(1 / think))
        path = rng.choice(BROWSE_PATHS)
        name = path.split("?")[0] + ("?…" if "?" in path else "")
        started = time.perf_counter()
        try:
            response = await client.get(path)
        except httpx.HTTPError as err:
            stats.error(name, type(err).__name__)
            continue
        stats.add(name, time.perf_counter() - started)
        if response.status_code != 200:
            stats.error(name, str(response.status_code))
            if "locked" in response.text:
                stats.locked += 1


async def submit(
    client: httpx.AsyncClient, stop: float, stats: Stats, seed: int, *, form: str, think: float
) -> None:
    """``form``: the CSRF token for the public form, or "" to post to the JSON API."""
    rng = random.Random(seed)
    token = form
    n = 0
    while time.monotonic() < stop:
        if think:
            await asyncio.sleep(rng.expovariate(1 / think))
        n += 1
        body = f"{_sentence(rng, 20)} 부하시험 {seed}-{n}"
        started = time.perf_counter()
        try:
            if form:
                name = "POST /needs/new (form)"
                response = await client.post(
                    "/needs/new", data={"csrf_token": token, "text": body, "company": "벤치"}
                )
                location = response.headers.get("location", "")
                ok = response.status_code == 303 and "/needs/thanks/" in location
            else:
                name = "POST /api/v1/public/needs"
                response = await client.post("/api/v1/public/needs", json={"text": body})
                ok = response.status_code == 201
        except httpx.HTTPError as err:
            stats.error(name, type(err).__name__)
            continue
        stats.add(name, time.perf_counter() - started)
        if ok:
            stats.accepted += 1
        else:
            stats.error(name, str(response.status_code))
            if "locked" in response.text:
                stats.locked += 1


async def run_load(
    base: str, *, seconds: float, browsers: int, submitters: int, think: float
) -> Stats:
    """Every client (and its connection and form token) is made before the clock starts:
    building an httpx client costs tens of milliseconds of the generator's own CPU, which
    would otherwise stall the first requests and be counted as server latency."""
    stats = Stats()
    async with contextlib.AsyncExitStack() as stack:
        login_client = await stack.enter_async_context(httpx.AsyncClient(base_url=base))
        await _login(login_client)

        async def client(cookies: httpx.Cookies | None = None) -> httpx.AsyncClient:
            made = httpx.AsyncClient(base_url=base, cookies=cookies, timeout=60)
            return await stack.enter_async_context(made)

        browsing = [await client(login_client.cookies) for _ in range(browsers)]
        submitting = [await client() for _ in range(submitters)]
        tokens = [
            _csrf((await c.get("/needs/new")).text) if i % 2 == 0 else ""
            for i, c in enumerate(submitting)
        ]
        for c in browsing:
            await c.get("/healthz")  # open the connection
        stop = time.monotonic() + seconds
        tasks = [browse(c, stop, stats, seed=i, think=think) for i, c in enumerate(browsing)]
        tasks += [
            submit(c, stop, stats, seed=1000 + i, form=tokens[i], think=think)
            for i, c in enumerate(submitting)
        ]
        await asyncio.gather(*tasks)
    return stats


def warm_up(base: str) -> dict[str, float]:
    """One request per endpoint before measuring (classifier and search index load lazily);
    returns each endpoint's single-request latency on the otherwise idle server."""
    single: dict[str, float] = {}
    with httpx.Client(base_url=base, timeout=300) as client:
        token = _csrf(client.get("/login").text)
        client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token})
        client.post("/api/v1/public/needs", json={"text": "예열 요청: 용접 검사 자동화"})
        for _round in range(2):  # the second round is the warm one
            for path in BROWSE_PATHS:
                started = time.perf_counter()
                client.get(path)
                single[path] = (time.perf_counter() - started) * 1000
    return single


def baseline(base: str, n: int = 200) -> list[float]:
    out = []
    with httpx.Client(base_url=base, timeout=10) as client:
        for _ in range(n):
            started = time.perf_counter()
            client.get("/healthz")
            out.append((time.perf_counter() - started) * 1000)
    return out


# --- report --------------------------------------------------------------------------------


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def report(
    backend: str, base_ms: list[float], stats: Stats, *, seconds: float, lost: int, in_db: int,
    log_locked: int, single: dict[str, float], think: float, workers: int, browsers: int,
    submitters: int,
) -> str:  # fmt: skip
    ref = statistics.median(base_ms)
    lines = [
        f"\n### {backend}: {seconds:.0f} s, {browsers} browsing + {submitters} submitting clients, "
        f"think time {think:.1f} s (exponential), {workers} worker(s)\n",
        "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | p50 / baseline |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| GET /healthz (idle baseline) | {len(base_ms)} | – | {ref:.1f} | {_pct(base_ms, 95):.1f}"
        f" | {_pct(base_ms, 99):.1f} | {max(base_ms):.1f} | 0 | 1.0 |",
    ]
    for name in sorted(stats.latencies):
        values = stats.latencies[name]
        p50 = _pct(values, 50)
        lines.append(
            f"| {name} | {len(values)} | {len(values) / seconds:.1f} | {p50:.0f} | "
            f"{_pct(values, 95):.0f} | {_pct(values, 99):.0f} | {max(values):.0f} | "
            f"{stats.errors.get(name, 0)} | {p50 / ref:.0f}× |"
        )
    total = sum(len(v) for v in stats.latencies.values())
    lines += [
        "",
        "- single request on the idle server (warm): "
        + ", ".join(f"{p} {ms:.0f} ms" for p, ms in single.items()),
        f"- throughput: {total / seconds:.1f} requests/s in total",
        f"- submissions accepted: {stats.accepted}; new rows in the database: {in_db}; "
        f"**lost: {lost}**",
        f"- 'database is locked': {stats.locked} in responses, {log_locked} in the server log",
        f"- errors: {sum(stats.errors.values())} "
        f"({', '.join(f'{k}: {v}' for k, v in sorted(stats.statuses.items())) or 'none'})",
    ]
    return "\n".join(lines)


def run_backend(
    backend: str,
    *,
    seconds: float,
    needs: int,
    partners: int,
    think: float,
    workers: int,
    browsers: int = 50,
    submitters: int = 20,
) -> str:
    work = Path(tempfile.mkdtemp(prefix=f"axp-bench-{backend}-"))
    schema = f"axp_bench_{os.getpid()}"
    admin: Engine | None = None
    if backend == "sqlite":
        url = f"sqlite:///{work / 'bench.db'}"
    else:
        admin = make_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in PG_URL else "?"
        url = f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    engine = make_engine(url)
    server = None
    try:
        upgrade(engine)
        started = time.perf_counter()
        generate(engine, needs=needs, partners=partners)
        print(f"[{backend}] generated {needs} needs, {partners} partners in "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr)  # fmt: skip
        log = work / "server.log"
        server, base = start_server(url, work, log, workers=workers)
        single = warm_up(base)
        base_ms = baseline(base)
        before = count_needs(engine)
        # The generator's own garbage collection would pause every simulated client at once
        # and be counted as server latency; it measures with the collector off.
        gc.collect()
        gc.disable()
        try:
            stats = asyncio.run(
                run_load(
                    base, seconds=seconds, browsers=browsers, submitters=submitters, think=think
                )
            )
        finally:
            gc.enable()
        time.sleep(0.5)
        in_db = count_needs(engine) - before
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()  # graceful shutdown waits for background work; not measured here
            server.wait(timeout=10)
        server = None
        log_text = log.read_text(errors="replace")
        log_locked = log_text.count("database is locked")
        if os.environ.get("AXP_BENCH_KEEP_LOG"):
            shutil.copy(log, Path(os.environ["AXP_BENCH_KEEP_LOG"]) / f"bench-{backend}.log")
        return report(
            backend, base_ms, stats, seconds=seconds, lost=max(0, stats.accepted - in_db),
            in_db=in_db, log_locked=log_locked, single=single, think=think, workers=workers,
            browsers=browsers, submitters=submitters,
        )  # fmt: skip
    finally:
        if server is not None:
            server.kill()
        engine.dispose()
        if admin is not None:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            admin.dispose()
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 s per backend instead of 60 s")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--needs", type=int, default=10_000)
    parser.add_argument("--partners", type=int, default=1_000)
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean pause between a client's requests (s)"
    )
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--browsers", type=int, default=50, help="concurrent browsing clients")
    parser.add_argument("--submitters", type=int, default=20, help="concurrent submitters")
    args = parser.parse_args()
    seconds = 10.0 if args.quick else 60.0
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"## Load test ({'quick' if args.quick else 'full'}): {os.cpu_count()} cores, "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"load average before start {load:.2f}; {args.needs} needs, {args.partners} partners"
    )
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    for backend in backends:
        print(
            run_backend(
                backend,
                seconds=seconds,
                needs=args.needs,
                partners=args.partners,
                think=args.think,
                workers=args.workers,
                browsers=args.browsers,
                submitters=args.submitters,
            )
        )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
