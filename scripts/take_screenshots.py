"""Screenshots of issue 16's four views from the current code, in Debian chromium.

    PYTHONPATH=src .venv/bin/python scripts/take_screenshots.py [docs/screenshots/after]

Builds a throwaway demo database (``axp init`` + ``axp demo``) in a temporary folder, serves it
with uvicorn on a free port, logs in as the admin and saves, with the names and sizes of
``docs/screenshots/before/``: the public need form on a 390 px phone (full page), the lead map
and the briefing HTML at 1366 px (full page, cut at 2400 px), the consortium builder of the
welding-bead need at 1366 x 900 and its result after "find the best team" (full page).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import Page, sync_playwright

CHROMIUM = os.environ.get("AXP_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "shots-Admin-pass-1"
MAX_HEIGHT = 2400


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    env = {**os.environ, "AXP_DATA_DIR": str(data_dir), "AXP_DATABASE_URL": ""}
    env["AXP_ENVIRONMENT"] = "test"
    axp = [sys.executable, "-m", "axpartners.cli.main"]
    subprocess.run([*axp, "init", "--admin-password", PASSWORD], env=env, check=True)
    subprocess.run([*axp, "demo"], env=env, check=True)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "axpartners.web.asgi:app", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the server did not start")


def _full(page: Page, path: Path) -> None:
    height = min(int(page.evaluate("document.documentElement.scrollHeight")), MAX_HEIGHT)
    width = int(page.viewport_size["width"]) if page.viewport_size else 1366
    scroll_width = int(page.evaluate("document.documentElement.scrollWidth"))
    clip = {"x": 0, "y": 0, "width": max(width, scroll_width), "height": height}
    page.screenshot(path=str(path), full_page=True, clip=clip)


def take(out: Path, base: str) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        phone = browser.new_context(base_url=base, viewport={"width": 390, "height": 844})
        page = phone.new_page()
        page.goto("/needs/new")
        _full(page, out / "need-form-390.png")
        phone.close()

        desk = browser.new_context(base_url=base, viewport={"width": 1366, "height": 900})
        page = desk.new_page()
        page.goto("/login")
        page.get_by_label("아이디").fill("admin")
        page.get_by_label("비밀번호").fill(PASSWORD)
        page.get_by_role("button", name="로그인").click()
        page.wait_for_url("**/")
        page.goto("/planning/leadmap")
        _full(page, out / "leadmap-1366.png")
        page.goto("/council/briefing.html")
        _full(page, out / "briefing-1366.png")
        page.goto("/needs?q=용접 비드")
        need = page.locator("a[href^='/needs/']").filter(has_text="용접").first
        need_path = str(need.get_attribute("href")).split("?")[0]
        page.goto(f"{need_path}/consortium")
        page.screenshot(path=str(out / "consortium-1366.png"))
        page.locator("#consortium-form button[type=submit]").click()
        page.wait_for_load_state("load")
        _full(page, out / "consortium-result-1366.png")
        browser.close()
    return sorted(out.glob("*.png"))


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots/after")
    with tempfile.TemporaryDirectory(prefix="axp-shots-") as tmp:
        server, base = _serve(Path(tmp))
        try:
            for path in take(out, base):
                sys.stdout.write(f"{path}\n")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
