"""Issue 16's visual check: every navigation page, in ko and en, on a phone and a laptop.

The pages are not listed here: they are the links of the rendered layout (the header of the
home page as the admin sees it, then the in-page ``<nav>`` of each of those pages), plus the
public need form and the login page seen by an anonymous visitor. For each page, language and
width the test asks for a 200, no horizontal overflow (the document and every element not
clipped by a scrolling ancestor fit the viewport), no console error, no failed request, and
leaves a screenshot in ``test-artifacts/visual/``. All problems of one run are reported at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import ADMIN_PASSWORD, ARTIFACTS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

WIDTHS = (390, 1366)
LANGS = ("ko", "en")
PUBLIC_PAGES = ("/needs/new", "/login")
SHOTS = ARTIFACTS / "visual"

# Elements reaching past the right edge of the viewport that no scrolling/clipping ancestor
# contains; the skip link and honeypot sit off-screen to the left and don't count.
_OVERFLOW_JS = """
() => {
  const vw = window.innerWidth;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if ((r.right > vw + 1 || r.width > vw + 1) && !clipped(el)) {
      wide.push(`${name(el)} ${Math.round(r.width)}px (right ${Math.round(r.right)})`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, vw, wide: wide.slice(0, 6)};
}
"""


@dataclass
class Watch:
    """Console errors, page errors and failed requests since the last :meth:`clear`."""

    problems: list[str] = field(default_factory=list)

    def attach(self, page) -> None:  # type: ignore[no-untyped-def]
        page.on(
            "console",
            lambda msg: (
                self.problems.append(f"console: {msg.text}") if msg.type == "error" else None
            ),
        )
        page.on("pageerror", lambda err: self.problems.append(f"page error: {err}"))
        # ERR_ABORTED is the browser cancelling what is still loading (the favicon) when the
        # test moves on to the next page, not a request the server failed.
        page.on(
            "requestfailed",
            lambda req: (
                self.problems.append(f"request failed: {req.url} ({req.failure})")
                if "ERR_ABORTED" not in (req.failure or "")
                else None
            ),
        )
        page.on(
            "response",
            lambda res: (
                self.problems.append(f"HTTP {res.status}: {res.url}") if res.status >= 400 else None
            ),
        )

    def take(self) -> list[str]:
        out, self.problems = self.problems, []
        return out


@dataclass
class Visitor:
    page: object
    watch: Watch


def _visitor(browser, live_server: str, *, staff: bool) -> Iterator[Visitor]:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server, locale="ko-KR")
    page = context.new_page()
    if staff:
        log_in(page, "admin", ADMIN_PASSWORD)
    watch = Watch()
    watch.attach(page)
    yield Visitor(page, watch)
    context.close()


@pytest.fixture(scope="module")
def staff(browser, live_server) -> Iterator[Visitor]:  # type: ignore[no-untyped-def]
    yield from _visitor(browser, live_server, staff=True)


@pytest.fixture(scope="module")
def anonymous(browser, live_server) -> Iterator[Visitor]:  # type: ignore[no-untyped-def]
    yield from _visitor(browser, live_server, staff=False)


class _NavLinks(HTMLParser):
    """The ``href`` of every link inside a ``<nav>`` (of ``<header>`` or ``<main>``) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "nav":
            self.depth += 1
        elif tag == "a" and self.depth:
            self.hrefs.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self.depth = max(self.depth - 1, 0)


def _links(html: str, *, header: bool = False) -> list[str]:
    """Site paths linked from the page's navigation (with ``header``: every header link too)."""
    parser = _NavLinks()
    if header:
        head = html.split("</header>", 1)[0]
        parser.depth = 1  # the whole header counts: brand, nav, "submit a need"
        parser.feed(head)
    else:
        parser.feed(html.split("</header>", 1)[-1])
    paths = []
    for href in parser.hrefs:
        parts = urlsplit(href or "")
        if parts.netloc or not parts.path.startswith("/") or parts.path.startswith("/lang/"):
            continue
        paths.append(parts.path)
    return paths


@pytest.fixture(scope="module")
def nav_pages(staff: Visitor) -> list[str]:
    """The header's links (as the admin sees them), then the sub-navigation of each page."""
    request = staff.page.context.request
    pages = list(dict.fromkeys(["/", *_links(request.get("/").text(), header=True)]))
    for path in list(pages):
        pages.extend(p for p in _links(request.get(path).text()) if p not in pages)
    pages = [p for p in pages if p not in PUBLIC_PAGES and p != "/login"]
    assert len(pages) >= 9, pages
    return pages


def _check(visitor: Visitor, path: str, *, lang: str, width: int) -> list[str]:
    page = visitor.page
    response = page.goto(path, wait_until="load")
    problems = visitor.watch.take()
    if response is None or response.status != 200:
        problems.append(f"status {response.status if response else 'none'}")
    if page.evaluate("document.documentElement.lang") != lang:
        problems.append(f"lang is {page.evaluate('document.documentElement.lang')!r}")
    size = page.evaluate(_OVERFLOW_JS)
    if size["scroll"] > size["vw"]:
        problems.append(f"scrolls sideways: {size['scroll']} px > {size['vw']} px")
    problems.extend(f"too wide: {w}" for w in size["wide"])
    slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
    page.screenshot(path=str(SHOTS / f"{slug}-{lang}-{width}.png"), full_page=True)
    return [f"{path} [{lang} {width}px] {p}" for p in problems]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_navigation_pages_fit_and_load_cleanly(
    staff: Visitor, anonymous: Visitor, nav_pages: list[str], lang: str, width: int
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for visitor, paths in ((staff, nav_pages), (anonymous, list(PUBLIC_PAGES))):
        visitor.page.set_viewport_size({"width": width, "height": 900})
        visitor.page.goto(f"/lang/{lang}?next=/login")
        visitor.watch.take()
        for path in paths:
            problems.extend(_check(visitor, path, lang=lang, width=width))
    assert not problems, "\n".join(problems)


def test_briefing_html_is_styled_under_the_apps_csp(staff: Visitor) -> None:
    """The served briefing pack: its inline stylesheet applies (nonce), nothing is refused."""
    page = staff.page
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/lang/ko?next=/login")
    staff.watch.take()
    response = page.goto("/council/briefing.html", wait_until="load")
    assert response is not None
    assert response.status == 200
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert staff.watch.take() == []  # no "Refused to apply inline style", no 404
    styles = page.evaluate(
        """() => {
          const h2 = getComputedStyle(document.querySelector('h2'));
          const th = getComputedStyle(document.querySelector('th'));
          return {body: getComputedStyle(document.body).maxWidth,
                  border: h2.borderLeftWidth, th: th.backgroundColor};
        }"""
    )
    assert styles == {"body": "1000px", "border": "6px", "th": "rgb(238, 244, 250)"}, styles
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "briefing-ko-1366.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 900})  # read on a phone, it fits too
    size = page.evaluate(_OVERFLOW_JS)
    assert size["scroll"] <= size["vw"], size
    assert size["wide"] == [], size
    page.screenshot(path=str(SHOTS / "briefing-ko-390.png"), full_page=True)
