"""The needs list keeps its rendered rows per worker (``web/routes/needs.py``): a write to the
needs table by any writer shows on the next page view, each language keeps its own rows, and
the cache holds rows, never the decision who may see them (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, insert, update

from axpartners.db.session import make_session_factory, transaction
from axpartners.db.tables import Need
from axpartners.taxonomy import label_name

pytestmark = pytest.mark.integration


def _need(ref: str, title: str) -> dict[str, object]:
    return {
        "ref": ref, "title": title, "text": f"{title} 캐시 시험용 수요", "company": "캐시제조",
        "industry": "29", "region": "26", "source": "import", "status": "new",
        "content_hash": ref.ljust(64, "0"), "label": "vision-inspection",
    }  # fmt: skip


def _count(html: str) -> str:
    match = re.search(r'<p class="count">([^<]*)</p>', html)
    assert match, "no count on the page"
    return match.group(1)


def test_a_write_by_any_writer_shows_on_the_next_view(world):
    staff = world.login("staff")
    factory = make_session_factory(world.engine)
    before = staff.get("/needs").text
    assert staff.get("/needs").text == before  # served again, unchanged
    with transaction(factory) as session:  # not through the app: no cache to clear by hand
        session.execute(insert(Need), [_need("CACHE1", "캐시시험 새 수요")])
    added = staff.get("/needs").text
    assert "캐시시험 새 수요" in added
    assert _count(added) != _count(before)
    assert "캐시시험 새 수요" in staff.get("/needs", params={"q": "캐시 시험용"}).text
    with transaction(factory) as session:
        session.execute(update(Need).where(Need.ref == "CACHE1").values(title="캐시시험 고친 제목"))
    edited = staff.get("/needs").text
    assert "캐시시험 고친 제목" in edited
    assert "캐시시험 새 수요" not in edited
    with transaction(factory) as session:
        session.execute(delete(Need).where(Need.ref == "CACHE1"))
    assert "캐시시험" not in staff.get("/needs").text
    assert _count(staff.get("/needs").text) == _count(before)


def test_each_language_and_query_keeps_its_own_rows(world):
    staff = world.login("staff")
    korean = staff.get("/needs").text
    staff.get("/lang/en", follow_redirects=False)
    english = staff.get("/needs").text
    assert _count(korean) != _count(english)  # 수요 …건 / … needs
    tag = '<span class="tag">{}</span>'
    assert tag.format(label_name("vision-inspection", "ko")) in korean
    assert tag.format(label_name("vision-inspection", "en")) in english
    assert tag.format(label_name("vision-inspection", "ko")) not in english
    fragment = staff.get("/needs", headers={"hx-request": "true"}).text
    assert "<html" not in fragment
    assert fragment in english  # the page embeds the very rows the fragment request gets
    other = staff.get("/needs", params={"label": "vision-inspection"}).text
    assert _count(other) != _count(english)


def test_cached_rows_are_never_shown_to_someone_not_allowed(world):
    staff = world.login("staff")
    rows = staff.get("/needs").text
    titles = re.findall(r'<a href="/needs/\d+">([^<]*)</a>', rows)
    assert titles
    anonymous = world.client().get("/needs", follow_redirects=False)
    assert anonymous.status_code in (303, 401, 403)
    assert titles[0] not in anonymous.text
    fragment = world.client().get("/needs", headers={"hx-request": "true"}, follow_redirects=False)
    assert fragment.status_code == anonymous.status_code
    assert titles[0] not in fragment.text


def _line(html: str, title: str) -> str:
    match = re.search(rf"<tr>\n(?:(?!</tr>).)*{title}(?:(?!</tr>).)*</tr>", html, re.S)
    assert match, f"no line for {title}"
    return match.group(0)


def test_a_line_shared_by_pages_follows_its_row_in_each_language(world):
    """Lines are kept by the row's values and the locale (``web/deps.py`` render_lines): the
    same line on a search and on the list, a new one as soon as any shown value changes."""
    staff = world.login("staff")
    factory = make_session_factory(world.engine)
    with transaction(factory) as session:
        session.execute(insert(Need), [_need("LINE1", "줄캐시 용접 수요")])
    found = staff.get("/needs", params={"q": "줄캐시 용접"}).text
    listed = staff.get("/needs").text
    assert _line(found, "줄캐시 용접 수요") == _line(listed, "줄캐시 용접 수요")
    confirmed = '<span class="tag ok">'
    assert confirmed not in _line(listed, "줄캐시 용접 수요")
    with transaction(factory) as session:
        session.execute(update(Need).where(Need.ref == "LINE1").values(label_confirmed=True))
    line = _line(staff.get("/needs", params={"q": "줄캐시 용접"}).text, "줄캐시 용접 수요")
    assert confirmed in line
    staff.get("/lang/en", follow_redirects=False)
    english = _line(staff.get("/needs", params={"q": "줄캐시 용접"}).text, "줄캐시 용접 수요")
    assert label_name("vision-inspection", "en") in english
    assert label_name("vision-inspection", "ko") not in english
