"""Needs search and list pages on a live ``axp serve`` (default workers), SQLite, loopback only.

1. A fresh SQLite database with 10,000 needs and 1,000 partners (bulk inserts, as
   ``bench_load.py``); the search index is built once beforehand (as the ``search_reindex``
   job does), so the server's workers load it from ``<data_dir>/index/``.
2. ``axp serve`` with its default worker count, logged in as secretariat.
3. Sequential requests (one client): ``/needs?q=<2-3 words>`` (Korean full-text, relevance
   order, first page) and the list pages ``/needs`` and ``/partners``: median and p95, next
   to ``/healthz`` as the floor of a request on this machine. A worker keeps the rendered rows
   of a needs page until the needs table changes, so repeated ``/needs`` views are mostly
   served from it; ``/needs?page=N`` over 60 different pages shows the list page without it.
4. 8 clients without think time for 10 s (``--quick``; 30 s otherwise) on a mix of searches
   and list pages: p95, throughput, errors.
5. Without ``--quick``: the service call behind the search page at 100,000 needs, in process
   (``needs_page(q=...)``: version check, BM25, page rows), median of 50.

    python bench/bench_search.py [--quick] [--needs 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_load import PASSWORD, WORDS, _csrf, _free_port, generate

from axpartners.db.migrate import upgrade
from axpartners.db.session import make_engine, make_session_factory
from axpartners.services import need_lists as needs_service, search
from axpartners.services.actors import Actor

LISTS = ("/needs", "/partners")


def _queries(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.sample(WORDS, rng.choice((2, 3)))) for _ in range(n)]


def prepare(folder: Path, *, needs: int) -> tuple[str, Path]:
    url = f"sqlite:///{folder / 'bench.db'}"
    data_dir = folder / "data"
    engine = make_engine(url)
    upgrade(engine)
    generate(engine, needs=needs, partners=1000)
    with make_session_factory(engine)() as session:
        search.sync_index(session, data_dir=data_dir)
    search.reset_index()
    engine.dispose()
    return url, data_dir


def start(url: str, data_dir: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "AXP_DATABASE_URL": url,
        "AXP_DATA_DIR": str(data_dir),
        "AXP_ENVIRONMENT": "test",
        "AXP_SECRET_KEY": secrets.token_urlsafe(32),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "axpartners.cli.main", "serve", "--port", str(port)],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"server did not start:\n{log.read_text(errors='replace')[-3000:]}")


def login(client: httpx.Client) -> None:
    token = _csrf(client.get("/login").text)
    response = client.post(
        "/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token}
    )
    if response.status_code not in (200, 303):
        raise RuntimeError(f"bench login failed: {response.status_code}")


def _ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def sequential(client: httpx.Client, paths: list[str]) -> list[float]:
    times = []
    for path in paths:
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: {response.status_code}")
    return times


async def concurrent(
    base: str, cookies: httpx.Cookies, *, clients: int, seconds: float
) -> tuple[list[float], int]:
    queries = _queries(500, seed=9)
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    errors = 0

    async def one(k: int) -> None:
        nonlocal errors
        rng = random.Random(k)
        async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=30) as client:
            while time.monotonic() < stop:
                path = (
                    f"/needs?q={rng.choice(queries)}" if rng.random() < 0.5 else rng.choice(LISTS)
                )
                start = time.perf_counter()
                try:
                    response = await client.get(path)
                    if response.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - start)

    await asyncio.gather(*(one(k) for k in range(clients)))
    return latencies, errors


def service_median(*, needs: int, runs: int = 50) -> tuple[float, float]:
    """In-process ``needs_page(q=...)`` median (ms) at ``needs`` needs, and the index build (s)."""
    with tempfile.TemporaryDirectory(prefix="axp-bench-search-") as tmp:
        start = time.perf_counter()
        url, data_dir = prepare(Path(tmp), needs=needs)
        build = time.perf_counter() - start
        engine = make_engine(url)
        factory = make_session_factory(engine)
        actor = Actor(username="bench", role="secretariat")
        times = []
        for query in _queries(runs + 5)[: runs + 5]:
            with factory() as session:
                begin = time.perf_counter()
                needs_service.needs_page(session, actor=actor, q=query, limit=50, data_dir=data_dir)
                times.append(time.perf_counter() - begin)
        engine.dispose()
    return statistics.median(times[5:]) * 1000, build


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 s of load, no 100k run")
    parser.add_argument("--needs", type=int, default=10_000)
    args = parser.parse_args()
    from axpartners.cli._serve import default_workers

    print(
        f"machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{len(os.sched_getaffinity(0))} cores, load average {os.getloadavg()[0]:.1f} at start; "
        f"axp serve default workers: {default_workers()}"
    )
    print()
    with tempfile.TemporaryDirectory(prefix="axp-bench-search-") as tmp:
        folder = Path(tmp)
        url, data_dir = prepare(folder, needs=args.needs)
        process, base = start(url, data_dir, folder / "server.log")
        try:
            with httpx.Client(base_url=base, timeout=30) as client:
                login(client)
                warm = [f"/needs?q={q}" for q in _queries(40, seed=1)] + list(LISTS) * 10
                sequential(client, warm)
                health = sequential(client, ["/healthz"] * 100)
                found = sequential(client, [f"/needs?q={q}" for q in _queries(200)])
                lists = {path: sequential(client, [path] * 60) for path in LISTS}
                pages = sequential(client, [f"/needs?page={n}" for n in range(2, 62)])
                cookies = client.cookies
            latencies, errors = asyncio.run(
                concurrent(base, cookies, clients=8, seconds=10 if args.quick else 30)
            )
        finally:
            process.terminate()
            process.wait(timeout=30)
    seconds = 10 if args.quick else 30
    print(f"| {args.needs:,} needs, SQLite, `axp serve` | median ms | p95 ms |")
    print("|---|---|---|")
    print(f"| GET /healthz (floor) | {_ms(health, 0.5):.1f} | {_ms(health, 0.95):.1f} |")
    print(f"| **GET /needs?q=… (search)** | **{_ms(found, 0.5):.1f}** | {_ms(found, 0.95):.1f} |")
    for path, times in lists.items():
        print(f"| GET {path} (list page) | {_ms(times, 0.5):.1f} | {_ms(times, 0.95):.1f} |")
    print(f"| GET /needs?page=2…61 (each once) | {_ms(pages, 0.5):.1f} | {_ms(pages, 0.95):.1f} |")
    print(
        f"| **8 clients, no think time, {seconds} s** (half searches) | {_ms(latencies, 0.5):.1f} | "
        f"**{_ms(latencies, 0.95):.1f}** |"
    )
    print()
    print(f"throughput {len(latencies) / seconds:.0f} requests/s, errors {errors}")
    if not args.quick:
        median, build = service_median(needs=100_000)
        print()
        print(
            f"100,000 needs, in process: needs_page(q=…) median {median:.2f} ms "
            f"(data + index build {build:.0f} s)"
        )


if __name__ == "__main__":
    main()
