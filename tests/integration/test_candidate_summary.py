"""Issue 16: home, candidates pages and briefing agree on the counts; stale candidates say so;
the briefing HTML is styled under the app's CSP and names its sources (SQLite and PostgreSQL).

The tests of this module share one database and run in order: each starts by rebuilding the
candidates so it begins from a current list.
"""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from axpartners.db.session import make_session_factory, transaction
from axpartners.db.tables import Need, ProjectCandidate
from axpartners.services import briefing, partners, stats_import, strengths_datasets
from axpartners.services.actors import SYSTEM
from axpartners.services.candidate_summary import candidate_summary
from tests.integration.conftest import csrf_of

pytestmark = pytest.mark.integration

# A need the demo has no candidate for: digital-twin simulation in food manufacturing (10 is
# 식료품 제조업; the demo's food needs are demand forecasting and document automation).
NEW_NEED = (
    "식품 공장 포장 라인을 디지털트윈으로 가상 시뮬레이션해서 라인 배치를 바꾸기 전에 "
    "병목과 처리량을 미리 확인하고 싶습니다. 설비 데이터로 가상 공장 모델을 만들고 싶습니다."
)


def _rebuild(client) -> None:  # type: ignore[no-untyped-def]
    token = csrf_of(client, "/planning/candidates")
    response = client.post(
        "/planning/candidates/regenerate", data={"csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303, response.text


def _counts(client) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    """(candidates, quick wins) as each page shows them."""
    home = client.get("/").text
    listed = client.get("/planning/candidates").text
    quick = client.get("/planning/quick-wins").text
    pack = client.get("/council/briefing.html").text

    def number(pattern: str, text: str) -> int:
        match = re.search(pattern, text, re.S)
        assert match, pattern
        return int(match.group(1))

    return {
        "home": (
            number(r'id="home-candidates"><a [^>]*><strong>(\d+)</strong>', home),
            number(r'id="home-quick-wins"><a [^>]*><strong>(\d+)</strong>', home),
        ),
        "candidates page": (
            number(r'id="candidate-counts">후보 과제 (\d+)건', listed),
            number(r'id="candidate-counts">후보 과제 \d+건 · 빠른 성과 (\d+)건', listed),
        ),
        "rows listed": (
            listed.count('class="candidate-row"'),
            quick.count('class="candidate-row"'),
        ),
        "briefing": (
            number(r"후보 과제 (\d+)건\(빠른 성과 \d+건\)", pack),
            number(r"후보 과제 \d+건\(빠른 성과 (\d+)건\)", pack),
        ),
    }


def _submit_need(client, text: str) -> None:  # type: ignore[no-untyped-def]
    token = csrf_of(client, "/needs/new")
    response = client.post(
        "/needs/new",
        data={"csrf_token": token, "text": text, "industry": "10", "company": "부산식품"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def test_counts_agree_and_a_new_need_marks_the_candidates_stale_until_rebuilt(world):
    staff = world.login("staff")
    _rebuild(staff)
    before = _counts(staff)
    assert len(set(before.values())) == 1, before
    page = staff.get("/planning/candidates").text
    assert 'id="stale-marker"' not in page
    assert "입력이 바뀌었습니다" not in staff.get("/council/briefing.html").text

    _submit_need(world.client(), NEW_NEED)  # an anonymous visitor on the public form
    with make_session_factory(world.engine)() as session:
        need = session.scalars(select(Need).order_by(Need.id.desc())).first()
        assert need is not None
        assert need.label == "digital-twin-simulation", need.text
        need_id = need.id

    stale = _counts(staff)
    assert len(set(stale.values())) == 1, stale  # still one answer everywhere
    assert stale == before  # the stored list has not changed yet ...
    page = staff.get("/planning/candidates").text
    assert 'id="stale-marker"' in page  # ... and says so, naming what changed
    marker = page.split('id="stale-marker"', 1)[1].split("</div>", 1)[0]
    assert "입력이 바뀌었습니다" in marker
    assert "수요" in marker
    assert "파트너" not in marker
    assert 'action="/planning/candidates/regenerate"' in marker  # one click to rebuild
    assert "입력이 바뀌었습니다" in staff.get("/council/briefing.html").text
    assert 'class="tag warn"' in staff.get("/").text

    english = world.login("staff")
    english.get("/lang/en")
    assert "The inputs have changed" in english.get("/planning/candidates").text
    partner_view = world.login("partner_tu").get("/planning/candidates").text
    assert 'id="stale-marker"' in partner_view
    assert 'action="/planning/candidates/regenerate"' not in partner_view.split("stale-marker")[1]

    _rebuild(staff)
    after = _counts(staff)
    assert len(set(after.values())) == 1, after
    assert after["home"][0] == before["home"][0] + 1  # the new cluster became a candidate
    assert 'id="stale-marker"' not in staff.get("/planning/candidates").text
    with make_session_factory(world.engine)() as session:
        holders = [
            c for c in session.scalars(select(ProjectCandidate)) if need_id in (c.need_ids or [])
        ]
    assert len(holders) == 1
    assert holders[0].use_case == "digital-twin-simulation"


def test_partner_and_statistics_changes_mark_the_candidates_stale(world):
    staff = world.login("staff")
    _rebuild(staff)
    factory = make_session_factory(world.engine)
    with factory() as session:
        assert candidate_summary(session, actor=SYSTEM).changed == ()

    with transaction(factory) as session:
        org = partners.get_partner(session, "tu")
        added = next(c for c in ("24", "20", "22", "26") if c not in org.industry_codes())
        partners.update_partner(  # a partner says it now also serves one more industry
            session,
            actor=SYSTEM,
            data=partners.PartnerInput(
                id=org.id,
                name=org.name,
                kind=org.kind,
                description=org.description or "",
                capabilities=tuple(org.capability_ids()),
                industries=(*org.industry_codes(), added),
                region=org.region,
                homepage=org.homepage,
            ),
        )
    with factory() as session:
        summary = candidate_summary(session, actor=SYSTEM)
    assert summary.changed == ("partners",), summary
    assert summary.built_at is not None

    with transaction(factory) as session:
        dataset = strengths_datasets.list_datasets(session)[-1].name
        stats_import.delete_dataset(session, actor=SYSTEM, dataset=dataset)
    with factory() as session:
        assert candidate_summary(session, actor=SYSTEM).changed == ("partners", "statistics")
    page = staff.get("/planning/candidates").text
    marker = page.split('id="stale-marker"', 1)[1].split("</div>", 1)[0]
    assert "파트너" in marker
    assert "지역 통계" in marker

    _rebuild(staff)
    with factory() as session:
        assert candidate_summary(session, actor=SYSTEM).changed == ()


def test_briefing_html_is_styled_under_the_csp_and_names_sources(world):
    client = world.login("partner_tu")
    first = client.get("/council/briefing.html")
    second = client.get("/council/briefing.html")
    assert first.status_code == 200
    nonces = []
    for response in (first, second):
        policy = response.headers["content-security-policy"]
        assert "unsafe-inline" not in policy
        match = re.search(r"style-src 'self' 'nonce-([A-Za-z0-9_-]{16,})'", policy)
        assert match, policy
        assert f'<style nonce="{match.group(1)}">' in response.text  # the one inline style
        assert response.text.count("<style") == 1
        assert " style=" not in response.text
        nonces.append(match.group(1))
    assert nonces[0] != nonces[1]  # fresh per response
    assert '<link rel="icon" href="data:,">' in first.text  # no /favicon.ico request (a 404)
    # Pages keep the strict policy.
    assert "nonce-" not in client.get("/planning/candidates").headers["content-security-policy"]

    section = first.text.split('id="policy"', 1)[1].split("</section>", 1)[0]
    sources = re.findall(r"</td><td>([^<]*)</td><td>", section)
    assert sources, section[:500]
    assert not any(re.fullmatch(r"\s*\d+\s*", s) for s in sources), sources
    assert all(html.unescape(s).startswith("(예시) 2026년") for s in sources), sources

    with make_session_factory(world.engine)() as session:
        pack = briefing.build_pack(session)
    assert pack.demand_map is not None
    assert not any(re.fullmatch(r"[A-Z]?\d+", label) for label in pack.demand_map.industries)
    assert "창고 및 운송관련 서비스업" in pack.demand_map.industries  # was "52"
