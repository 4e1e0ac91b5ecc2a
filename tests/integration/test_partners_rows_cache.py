"""The partners list keeps its rendered rows per worker (``web/routes/partners.py``) under
``partners_version`` (migration 0008): a write to any of the partners' three tables, by any
writer, shows on the next view; each language, filter and page keeps its own rows; nobody's
session reaches the cached rows (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, insert, update

from axpartners.db.session import make_session_factory, transaction
from axpartners.db.tables import Organisation
from axpartners.db.tables.orgs import OrganisationCapability, OrganisationIndustry
from axpartners.db.versions import read_version
from axpartners.taxonomy import label_name

pytestmark = pytest.mark.integration

ORG = {
    "id": "cache-org", "name": "캐시시험연구소", "kind": "research", "description": "캐시 시험",
    "region": "26", "is_member": True, "is_example": False, "active_projects": 0,
}  # fmt: skip


def _count(html: str) -> str:
    match = re.search(r'<p class="count">([^<]*)</p>', html)
    assert match, "no count on the page"
    return match.group(1)


def _line(html: str, name: str) -> str:
    match = re.search(rf"<tr>\n(?:(?!</tr>).)*{name}(?:(?!</tr>).)*</tr>", html, re.S)
    assert match, f"no line for {name}"
    return match.group(0)


def _all(client) -> str:  # type: ignore[no-untyped-def]
    return client.get("/partners", params={"q": "캐시시험"}).text


def test_a_write_to_any_partners_table_shows_on_the_next_view(world):  # type: ignore[no-untyped-def]
    client = world.client()
    factory = make_session_factory(world.engine)
    before = client.get("/partners").text
    assert client.get("/partners").text == before  # served again, unchanged
    assert "캐시시험연구소" not in _all(client)
    with transaction(factory) as session:  # not through the app: nothing to clear by hand
        session.execute(insert(Organisation), [ORG])
    added = client.get("/partners").text
    assert _count(added) != _count(before)
    assert "캐시시험연구소" in _all(client)
    with transaction(factory) as session:
        session.execute(
            insert(OrganisationCapability),
            [{"organisation_id": "cache-org", "use_case": "vision-inspection", "inferred": False}],
        )
    assert label_name("vision-inspection", "ko") in _line(_all(client), "캐시시험연구소")
    with transaction(factory) as session:
        session.execute(
            insert(OrganisationIndustry), [{"organisation_id": "cache-org", "ksic": "29"}]
        )
    assert 'class="tag ksic"' in _line(_all(client), "캐시시험연구소")
    with transaction(factory) as session:
        session.execute(
            update(Organisation).where(Organisation.id == "cache-org").values(name="캐시시험새이름")
        )
    renamed = _all(client)
    assert "캐시시험새이름" in renamed
    assert "캐시시험연구소" not in renamed
    with transaction(factory) as session:
        session.execute(delete(OrganisationCapability).where(OrganisationCapability.organisation_id == "cache-org"))  # fmt: skip
    assert label_name("vision-inspection", "ko") not in _line(_all(client), "캐시시험새이름")
    with transaction(factory) as session:
        session.execute(delete(OrganisationIndustry).where(OrganisationIndustry.organisation_id == "cache-org"))  # fmt: skip
        session.execute(delete(Organisation).where(Organisation.id == "cache-org"))
    assert "캐시시험" not in client.get("/partners").text
    assert _count(client.get("/partners").text) == _count(before)


def test_a_rolled_back_write_leaves_the_version_and_the_rows(world):  # type: ignore[no-untyped-def]
    factory = make_session_factory(world.engine)
    with factory() as session:
        version = read_version(session, "partners_version")
    assert version is not None
    with factory() as session:
        session.execute(insert(Organisation), [{**ORG, "id": "cache-gone", "name": "사라질기관"}])
        session.rollback()
    with factory() as session:
        assert read_version(session, "partners_version") == version
    assert "사라질기관" not in world.client().get("/partners").text


def test_each_language_and_filter_keeps_its_own_rows_and_no_session_reaches_them(world):  # type: ignore[no-untyped-def]
    staff = world.login("staff")
    korean = staff.get("/partners").text
    staff.get("/lang/en", follow_redirects=False)
    english = staff.get("/partners").text
    assert _count(korean) != _count(english)
    fragment = staff.get("/partners", headers={"hx-request": "true"}).text
    assert "<html" not in fragment
    assert fragment in english  # the page embeds the very rows the fragment request gets
    assert 'name="csrf_token"' not in fragment
    kinds = staff.get("/partners", params={"kind": "university"}).text
    assert _count(kinds) != _count(english)
    public = world.client().get("/partners").text  # the public sees the same directory
    assert _count(public) == _count(korean)
