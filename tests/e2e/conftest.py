"""A live server on a free port (own SQLite database with the demo) and Debian's chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

CHROMIUM = os.environ.get("AXP_CHROMIUM", "/usr/bin/chromium")
ADMIN_PASSWORD = "e2e-Admin-pass-1"
PARTNER_PASSWORD = "e2e-Partner-pass-1"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("e2e-var")
    env = {
        **os.environ,
        "AXP_DATA_DIR": str(data_dir),
        "AXP_DATABASE_URL": "",
        "AXP_ENVIRONMENT": "test",
    }
    axp = [sys.executable, "-m", "axpartners.cli.main"]
    for args in (
        ["init", "--admin-password", ADMIN_PASSWORD],
        ["demo"],
        [
            "user",
            "add",
            "tu_staff",
            "--role",
            "partner",
            "--organisation",
            "tu",
            "--password",
            PARTNER_PASSWORD,
        ],
    ):
        subprocess.run([*axp, *args], env=env, check=True, capture_output=True)
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = (ARTIFACTS / "e2e-server.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "axpartners.web.asgi:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90  # a loaded 2-core machine can take over 30 s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        server.kill()
        raise RuntimeError(f"server did not start; see {ARTIFACTS / 'e2e-server.log'}")
    yield base
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(
            f"Debian chromium not found at {CHROMIUM}: run `make setup-dev` (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server, locale="ko-KR")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.expected_statuses = set()  # a test that provokes e.g. a 403 on purpose adds it here
    yield page
    context.close()
    unexpected = [
        e for e in errors if not any(f"status of {s}" in e for s in page.expected_statuses)
    ]
    assert not unexpected, f"browser console errors: {unexpected}"


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(password)
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url("**/")
