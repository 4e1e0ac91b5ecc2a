"""Generated candidate titles and one-pagers read naturally, in the UI's language (issue 16)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from axpartners.db.session import make_session_factory, transaction
from axpartners.db.tables import ProjectCandidate
from axpartners.services import planning
from axpartners.services.actors import SYSTEM

pytestmark = pytest.mark.integration

HANGUL = re.compile(r"[가-힣]")


@pytest.fixture(scope="module")
def planned(world):
    with transaction(make_session_factory(world.engine)) as session:
        planning.regenerate_candidates(session, actor=SYSTEM)
        metal = session.scalar(
            select(ProjectCandidate).where(
                ProjectCandidate.industry == "25", ProjectCandidate.status == "open"
            )
        )
        assert metal is not None
        return world, metal.id


def _titles(html: str) -> list[str]:
    return re.findall(r'<a href="/planning/candidates/\d+">([^<]+)</a>', html)


def test_titles_are_short_phrases_in_both_languages(planned):
    world, metal_id = planned
    client = world.login("staff")
    korean = _titles(client.get("/planning/candidates").text)
    assert korean
    assert all(" 분야 " in t or t.startswith("제조업 공통") for t in korean), korean
    assert not any("제조업;" in t or "제외" in t for t in korean)
    client.get("/lang/en?next=/", follow_redirects=False)
    english = _titles(client.get("/planning/candidates").text)
    assert len(english) == len(korean)
    assert all(not HANGUL.search(t) for t in english), english
    page = client.get(f"/planning/candidates/{metal_id}").text
    assert re.search(r"<h1>[A-Z][^<]* pilot for fabricated metal", page)


def test_english_onepager_is_english_with_a_spread_schedule(planned):
    world, metal_id = planned
    client = world.login("staff")
    client.get("/lang/en?next=/", follow_redirects=False)
    md = client.get(f"/planning/candidates/{metal_id}/onepager.md").text
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert "## Schedule" in headings
    assert not any(HANGUL.search(h) for h in headings)
    schedule = md.split("## Schedule")[1].split("##")[0]
    phases = re.findall(r"Phase \d, (\d{4}\.\d\d)(?:–(\d{4}\.\d\d))? \((\d+) mo\)", schedule)
    assert len(phases) == 3
    starts = [p[0] for p in phases]
    assert len(set(starts)) == 3, "each phase starts in its own month"
    for _begin, end, months in phases:
        assert (end == "") == (months == "1"), "a range only for phases longer than a month"
    budget = md.split("## Budget (draft)")[1].split("##")[0]
    assert "KRW" in budget
    assert "백만원" not in md


def test_korean_onepager_money_and_schedule(planned):
    world, metal_id = planned
    md = world.login("staff").get(f"/planning/candidates/{metal_id}/onepager.md").text
    assert "백만원" not in md
    assert re.search(r"1단계 사업비 [\d,]+억( [\d,]+만원|원)|1단계 사업비 [\d,]+만원", md)
    assert not re.search(r"(\d{4}\.\d\d)~\1", md), "no 2027.01~2027.01"
