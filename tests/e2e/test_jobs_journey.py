"""Browser: staff start a large survey import, watch its progress bar, keep working elsewhere,
and find the finished job again. Runs its own server AND a real job worker (``axp worker``)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import ADMIN_PASSWORD, _free_port, log_in, shot
from tests.integration._jobs_helpers import survey_csv

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ROWS = 1500
WORKER = [sys.executable, "-m", "axpartners.cli.jobs", "worker"]


@pytest.fixture(scope="module")
def jobs_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("e2e-jobs-var")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AXP_")}
    env |= {"AXP_DATA_DIR": str(data_dir), "AXP_ENVIRONMENT": "test"}
    axp = [sys.executable, "-m", "axpartners.cli.main"]
    for args in (["init", "--admin-password", ADMIN_PASSWORD], ["demo"]):
        subprocess.run([*axp, *args], env=env, check=True, capture_output=True)
    port = _free_port()
    log_path = data_dir / "servers.log"
    with log_path.open("wb") as log:
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "axpartners.web.asgi:app", "--port", str(port)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log,
            ),
            subprocess.Popen(
                [*WORKER, "--workers", "1", "--max-delay", "0.2"],
                env=env,
                stdout=log,
                stderr=log,
            ),
        ]
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 45
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"server did not start:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.2)
        yield base
    finally:
        for process in processes:
            process.send_signal(2)  # SIGINT: uvicorn and the Huey consumer stop cleanly
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def jobs_page(browser, jobs_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=jobs_server, locale="ko-KR")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert not errors, f"browser console errors: {errors}"


def test_large_import_shows_progress_and_finishes_while_user_works(jobs_page, tmp_path: Path):
    page = jobs_page
    survey = tmp_path / "survey-2026.csv"
    survey.write_bytes(survey_csv(ROWS, tag="브라우저"))
    log_in(page, "admin", ADMIN_PASSWORD)
    page.goto("/needs/import/large")
    page.set_input_files("#file", str(survey))
    page.get_by_role("button", name="가져오기 시작").click()
    page.wait_for_url(re.compile(r".*/jobs/[0-9a-f]{32}$"))
    job_url = page.url
    assert page.locator("progress.job-bar").count() == 1
    assert "다른 화면으로 이동해도 작업은 계속됩니다" in page.inner_text("main")
    # HTMX polling moves the bar (or the job already finished on a fast machine).
    page.wait_for_function(
        "() => { const bar = document.querySelector('progress.job-bar');"
        " return (bar && bar.value > 0) || document.querySelector('.job-done'); }",
        timeout=60_000,
    )
    shot(page, "jobs-import-progress")

    # Keep working elsewhere while the worker imports.
    page.goto("/partners")
    assert page.locator("h1").count() >= 1
    page.goto("/jobs")
    page.locator("table.jobs a", has_text="수요조사 대량 가져오기").first.click()
    assert page.url == job_url
    page.wait_for_selector(".job-done", timeout=90_000)
    text = page.inner_text("#job-progress")
    assert f"{ROWS}건을 가져왔고" in text
    assert page.locator("#job-progress[hx-trigger]").count() == 0  # polling stopped
    shot(page, "jobs-import-done")

    page.goto("/needs?q=브라우저")
    assert "브라우저 회사" in page.inner_text("main")
    page.goto("/admin/jobs")
    assert "survey-2026.csv" in page.inner_text("table.jobs")
