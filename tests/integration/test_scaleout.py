"""Two app processes (uvicorn, separate data dirs) against one PostgreSQL schema and one Redis
behave like one app: sessions, rate limits, job progress and concurrent edits are consistent.

Skipped locally when PostgreSQL or Redis is unreachable; fails in CI (``CI=true``).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, text

from axpartners.config import Settings
from axpartners.db.migrate import upgrade
from axpartners.db.session import make_engine, make_session_factory, transaction
from axpartners.db.tables import AuditEntry, Organisation
from axpartners.jobs.runner import dispose_engines
from axpartners.services import demo, jobs as jobs_service, users
from axpartners.services.actors import SYSTEM
from tests.conftest import PG_URL, _require_pg, drop_schema
from tests.integration._jobs_helpers import REDIS_URL, require_redis

pytestmark = pytest.mark.integration

PASSWORD = "test-Password-1"
SECRET = "scaleout-secret-key-not-for-production"
RATE_LIMIT = 4
EDITS = 8


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    database_url: str
    urls: tuple[str, str]
    settings: Settings

    def token(self, index: int, username: str) -> str:
        response = httpx.post(
            f"{self.urls[index]}/api/v1/auth/login",
            json={"username": username, "password": PASSWORD},
            timeout=30,
        )
        response.raise_for_status()
        return str(response.json()["token"])


def _warm_up(urls: tuple[str, str]) -> None:
    """Load each process's classifier (first public submission) in parallel, from 127.0.0.2
    so the rate-limit bucket of 127.0.0.1 used by the tests stays empty."""

    def submit(server_url: str) -> int:
        transport = httpx.HTTPTransport(local_address="127.0.0.2")
        with httpx.Client(transport=transport, timeout=60) as client:
            body = {"text": "사출 성형 불량을 미리 예측하고 싶습니다.", "company": server_url}
            return client.post(f"{server_url}/api/v1/public/needs", json=body).status_code

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(submit, urls)) == [201, 201]


def _start(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "uvicorn", "axpartners.web.asgi:app"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    with log.open("ab") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    _require_pg()
    require_redis()
    base = tmp_path_factory.mktemp("scaleout")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    digest = hashlib.sha1(str(base).encode()).hexdigest()[:8]
    schema = f"axp_scale_{worker}_{os.getpid()}_{digest}"
    admin = make_engine(PG_URL)
    drop_schema(admin, schema)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    processes: list[subprocess.Popen[bytes]] = []
    ports = (_free_port(), _free_port())
    log = base / "servers.log"
    for index, port in enumerate(ports):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AXP_")}
        env |= {
            "AXP_ENVIRONMENT": "test",
            "AXP_DATABASE_URL": url,
            "AXP_REDIS_URL": REDIS_URL,
            "AXP_SECRET_KEY": SECRET,
            "AXP_DATA_DIR": str(base / f"var{index}"),  # nothing shared on local disk
            "AXP_PUBLIC_RATE_LIMIT_PER_MINUTE": str(RATE_LIMIT),
        }
        processes.append(_start(port, env, log))
    urls = (f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}")
    try:
        # The servers import the app while the schema and the demo are loaded.
        engine = make_engine(url)
        upgrade(engine)
        with transaction(make_session_factory(engine)) as session:
            demo.load_demo(session)
            users.create_user(
                session, actor=SYSTEM, username="staff", password=PASSWORD, role="secretariat"
            )
        engine.dispose()
        deadline = time.monotonic() + 45
        for server_url in urls:
            while True:
                try:
                    if httpx.get(f"{server_url}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"app did not start:\n{log.read_text(errors='replace')[-3000:]}")
                time.sleep(0.2)
        _warm_up(urls)
        settings = Settings(
            environment="test",
            database_url=url,
            redis_url=REDIS_URL,
            secret_key=SECRET,
            data_dir=base / "test-var",
        )
        yield Cluster(database_url=url, urls=urls, settings=settings)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        jobs_service.queue_for(
            Settings(
                environment="test",
                database_url=url,
                redis_url=REDIS_URL,
                secret_key=SECRET,
                data_dir=base / "test-var",
            )
        ).huey.flush()
        dispose_engines()
        drop_schema(admin, schema)
        admin.dispose()


def _partner_body(description: str) -> dict[str, object]:
    return {
        "id": "tu",
        "name": "동명대학교",
        "kind": "university",
        "description": description,
        "capabilities": ["vision-inspection"],
        "industries": [],
    }


def _audit_chain(cluster: Cluster) -> tuple[list[dict[str, object]], str]:
    engine = make_engine(cluster.database_url)
    with make_session_factory(engine)() as session:
        details = [
            dict(entry.detail or {})
            for entry in session.scalars(
                select(AuditEntry)
                .where(
                    AuditEntry.entity_type == "partner",
                    AuditEntry.entity_id == "tu",
                    AuditEntry.action == "update",
                )
                .order_by(AuditEntry.id)
            )
        ]
        organisation = session.get(Organisation, "tu")
        assert organisation is not None
        final = organisation.description
    engine.dispose()
    return details, final


def test_login_in_one_process_is_valid_in_the_other(cluster: Cluster):
    with httpx.Client(base_url=cluster.urls[0], timeout=30) as first:
        page = first.get("/login")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        done = first.post(
            "/login",
            data={"username": "staff", "password": PASSWORD, "csrf_token": token, "next": "/"},
        )
        assert done.status_code == 303
        cookies = dict(first.cookies)
    # Signed cookie session: the other process needs nothing but the shared secret.
    with httpx.Client(base_url=cluster.urls[1], timeout=30, cookies=cookies) as second:
        assert second.get("/jobs").status_code == 200
    with httpx.Client(base_url=cluster.urls[1], timeout=30) as stranger:
        assert stranger.get("/jobs", follow_redirects=False).status_code in (302, 303)


def test_public_form_rate_limit_is_shared(cluster: Cluster):
    if time.time() % 60 > 52:  # fixed 60 s windows: do not straddle a boundary
        time.sleep(61 - time.time() % 60)
    body = {"text": "용접 불량을 카메라로 자동 검사하고 싶습니다.", "consent": False}

    codes = []
    for i in range(RATE_LIMIT + 4):  # alternate between the two processes
        response = httpx.post(
            f"{cluster.urls[i % 2]}/api/v1/public/needs",
            json=body | {"company": f"공유 제한 {i}"},
            timeout=60,
        )
        codes.append(response.status_code)
    # One bucket in the database: each process alone would have accepted RATE_LIMIT + 2.
    assert codes == [201] * RATE_LIMIT + [429] * 4, codes


def test_job_submitted_on_one_process_is_followed_on_the_other(cluster: Cluster):
    tokens = [cluster.token(0, "staff"), cluster.token(1, "staff")]
    submitted = httpx.post(
        f"{cluster.urls[0]}/api/v1/jobs",
        json={"kind": "noop", "steps": 3},
        headers={"Authorization": f"Bearer {tokens[0]}", "Idempotency-Key": "scale-1"},
        timeout=30,
    )
    assert submitted.status_code == 202
    job_id = submitted.json()["id"]
    again = httpx.post(
        f"{cluster.urls[1]}/api/v1/jobs",
        json={"kind": "noop", "steps": 3},
        headers={"Authorization": f"Bearer {tokens[1]}", "Idempotency-Key": "scale-1"},
        timeout=30,
    )
    assert again.json()["id"] == job_id  # the idempotency key is shared, not per process
    queue = jobs_service.queue_for(cluster.settings)  # same Redis queue as both apps
    assert queue.settings.redis_url == REDIS_URL
    assert queue.drain() >= 1
    seen = httpx.get(
        f"{cluster.urls[1]}/api/v1/jobs/{job_id}",
        headers={"Authorization": f"Bearer {tokens[1]}"},
        timeout=30,
    ).json()
    assert seen["status"] == "done"
    assert seen["result"] == {"steps": 3}


def test_concurrent_versioned_edits_lose_nothing(cluster: Cluster):
    tokens = [cluster.token(0, "staff"), cluster.token(1, "staff")]

    def edit(i: int) -> list[int]:
        index = i % 2
        base, headers = cluster.urls[index], {"Authorization": f"Bearer {tokens[index]}"}
        codes = []
        for _attempt in range(30):
            version = httpx.get(f"{base}/api/v1/partners/tu/version", headers=headers, timeout=60)
            response = httpx.put(
                f"{base}/api/v1/partners/tu/versioned",
                json=_partner_body(f"edit {i}"),
                headers=headers | {"If-Match": version.headers["etag"]},
                timeout=60,
            )
            codes.append(response.status_code)
            if response.status_code != 409:
                break
        return codes

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(edit, range(EDITS)))
    flat = [code for codes in results for code in codes]
    assert set(flat) <= {200, 409}, flat  # conflicts are reported, never a 500
    assert all(codes[-1] == 200 for codes in results), results  # every editor got through
    details, final = _audit_chain(cluster)
    changes = [d["description"] for d in details if "description" in d]
    assert len(changes) == EDITS  # one audit entry per accepted edit
    for before, after in itertools.pairwise(changes):
        assert after["from"] == before["to"]  # each edit saw the previous one: no lost update
    assert final == changes[-1]["to"]
    assert sorted(c["to"] for c in changes) == sorted(f"edit {i}" for i in range(EDITS))

    stale = httpx.put(
        f"{cluster.urls[0]}/api/v1/partners/tu/versioned",
        json=_partner_body("stale"),
        headers={"Authorization": f"Bearer {tokens[0]}", "If-Match": '"0000000000000000"'},
        timeout=30,
    )
    assert stale.status_code == 409
    assert _audit_chain(cluster)[1] == final


def test_plain_partner_put_is_consistent_under_concurrency(cluster: Cluster):
    tokens = [cluster.token(0, "staff"), cluster.token(1, "staff")]

    def edit(i: int) -> int:
        index = i % 2
        return httpx.put(
            f"{cluster.urls[index]}/api/v1/partners/tu",
            json=_partner_body(f"plain {i}"),
            headers={"Authorization": f"Bearer {tokens[index]}"},
            timeout=60,
        ).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = list(pool.map(edit, range(EDITS)))
    details, final = _audit_chain(cluster)
    changes = [d["description"] for d in details if "description" in d]
    plain = [c for c in changes if str(c["to"]).startswith("plain")]
    assert codes == [200] * EDITS, codes
    for before, after in itertools.pairwise(plain):
        assert after["from"] == before["to"]
    assert final == plain[-1]["to"]
