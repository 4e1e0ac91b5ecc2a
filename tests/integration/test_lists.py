"""Long lists stay usable: /needs and /partners page by 50 with the filters kept, and the demand
map's counts (aggregated in the database) agree with counting the rows one by one."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select

from axpartners.db.session import make_session_factory, transaction
from axpartners.db.tables import Need, Organisation, OrganisationCapability
from axpartners.services import partners
from axpartners.services.demand import UNKNOWN, demand_counts

pytestmark = pytest.mark.integration

EXTRA_NEEDS = 220
EXTRA_PARTNERS = 75
LABELS = ("vision-inspection", "predictive-maintenance", "demand-forecasting", None)


@pytest.fixture(scope="module")
def crowded(world):
    """The demo plus 220 needs over 14 months (some unlabelled, some without an industry,
    two regions) and 75 companies with the same capability."""
    rows = []
    for i in range(EXTRA_NEEDS):
        month = i % 14
        rows.append(
            {
                "ref": f"LIST{i:04d}",
                "title": f"목록시험 {i:04d}",
                "text": f"목록 시험용 수요 {i}" + (" 초음파 탐상 장비" if i == 137 else ""),
                "company": f"목록제조 {i % 9}",
                "industry": None if i % 11 == 0 else f"{24 + i % 5}{i % 3}",
                "region": "26" if i % 4 else "48",
                "source": "import",
                "status": "new",
                "content_hash": f"{i:064d}",
                "label": LABELS[i % len(LABELS)],
                "submitted_at": datetime(
                    2025 + month // 12, month % 12 + 1, 1 + i % 27, 9, tzinfo=UTC
                ),
            }
        )
    orgs = [
        {"id": f"list-co-{i:03d}", "name": f"목록기업 {i:03d}", "kind": "company", "region": "26"}
        for i in range(EXTRA_PARTNERS)
    ]
    caps = [{"organisation_id": o["id"], "use_case": "process-optimization"} for o in orgs]
    with transaction(make_session_factory(world.engine)) as session:
        session.execute(insert(Need), rows)
        session.execute(insert(Organisation), orgs)
        session.execute(insert(OrganisationCapability), caps)
    return world


def _titles(html: str) -> list[str]:
    return re.findall(r'<a href="/needs/\d+">([^<]*)</a>', html)


def test_needs_list_pages_through_every_need_once(crowded):
    staff = crowded.login("staff")
    with make_session_factory(crowded.engine)() as session:
        total = session.scalar(select(func.count()).select_from(Need))
        newest_first = list(
            session.scalars(select(Need.title).order_by(Need.submitted_at.desc(), Need.id.desc()))
        )
    first = staff.get("/needs").text
    assert f"수요 {total:,}건" in first
    assert f"전체 {total:,}건 중 1–50" in first
    assert 'rel="next" href="/needs?page=2"' in first
    assert 'rel="prev"' not in first

    pages = -(-total // 50)
    seen: list[str] = []
    for number in range(1, pages + 1):
        html = staff.get(f"/needs?page={number}").text
        seen += _titles(html)
    assert seen == newest_first  # every need exactly once, in order
    last = staff.get(f"/needs?page={pages}").text
    assert 'rel="next"' not in last
    assert f'rel="prev" href="/needs?page={pages - 1}"' in last
    assert _titles(staff.get(f"/needs?page={pages + 1}").text) == []
    assert staff.get("/needs?page=0").status_code == 422


def test_needs_pager_keeps_the_filters(crowded):
    staff = crowded.login("staff")
    with make_session_factory(crowded.engine)() as session:
        total = session.scalar(
            select(func.count()).select_from(Need).where(Need.label == "vision-inspection")
        )
    assert total > 50  # the demo's and the fixture's: enough for two pages
    html = staff.get("/needs?label=vision-inspection").text
    assert f"수요 {total:,}건" in html
    assert 'href="/needs?label=vision-inspection&amp;page=2"' in html
    second = staff.get("/needs?label=vision-inspection&page=2").text
    assert len(_titles(second)) == min(50, total - 50)
    # HTMX refreshes of the rows carry the pager too
    partial = staff.get("/needs?label=vision-inspection", headers={"HX-Request": "true"}).text
    assert "<html" not in partial
    assert "page=2" in partial


def test_partners_list_pages_with_a_count_of_all_matches(crowded):
    anonymous = crowded.client()
    with make_session_factory(crowded.engine)() as session:
        companies = session.scalar(
            select(func.count()).select_from(Organisation).where(Organisation.kind == "company")
        )
    html = anonymous.get("/partners?kind=company").text
    assert f"{companies}개 기관" in html
    assert html.count('<a href="/partners/') == 50
    assert 'href="/partners?kind=company&amp;page=2"' in html
    rest = anonymous.get("/partners?kind=company&page=2").text
    assert rest.count('<a href="/partners/') == companies - 50
    only = anonymous.get("/partners?q=목록기업 007").text
    assert "1개 기관" in only
    assert "목록기업 007" in only
    assert 'class="pager"' not in only  # one page: no pager


@pytest.mark.parametrize("region", [None, "26", "48"])
@pytest.mark.parametrize("since_year", [None, 2026])
def test_demand_counts_agree_with_counting_each_need(crowded, region, since_year):
    with make_session_factory(crowded.engine)() as session:
        needs = session.scalars(select(Need)).all()
        counts = demand_counts(session, region=region, since_year=since_year)
    cells: Counter[tuple[str, str]] = Counter()
    trend: Counter[tuple[str, str]] = Counter()
    for need in needs:
        if region and need.region != region:
            continue
        if since_year and need.submitted_at.year < since_year:
            continue
        division = need.industry[:2] if need.industry else UNKNOWN
        cells[(division, need.label or UNKNOWN)] += 1
        trend[(need.submitted_at.strftime("%Y-%m"), need.label or UNKNOWN)] += 1
    assert counts.cells == dict(cells)
    assert counts.trend == dict(trend)
    assert counts.months == tuple(sorted({m for m, _ in trend}))
    by_industry: Counter[str] = Counter()
    for (industry, _), n in cells.items():
        by_industry[industry] += n
    assert set(counts.industries) == set(by_industry)
    assert [by_industry[i] for i in counts.industries] == sorted(by_industry.values(), reverse=True)


def test_pick_lists_offer_every_organisation(crowded):
    """The user form and the consortium builder list all organisations, past any page size."""
    many = [
        {"id": f"pick-{i:03d}", "name": f"하늘선택기관 {i:03d}", "kind": "research", "region": "26"}
        for i in range(520)
    ]
    with transaction(make_session_factory(crowded.engine)) as session:
        session.execute(insert(Organisation), many)
        total = session.scalar(select(func.count()).select_from(Organisation))
        need_id = session.scalar(select(Need.id).where(Need.ref == "LIST0001"))
    assert total > 600
    admin = crowded.login("admin")
    users_page = admin.get("/admin/users").text
    assert users_page.count('<option value="pick-') == 520
    assert "하늘선택기관 519" in users_page
    builder = crowded.login("staff").get(f"/needs/{need_id}/consortium").text
    assert builder.count("<option value=") >= total


def test_search_results_page_in_relevance_order_with_a_full_count(crowded):
    staff = crowded.login("staff")
    first = staff.get("/needs", params={"q": "목록 시험용 수요"}).text
    assert f"수요 {EXTRA_NEEDS:,}건" in first  # every fixture need matches, none of the demo's
    assert 'href="/needs?q=' in first
    titles: list[str] = []
    for number in range(1, -(-EXTRA_NEEDS // 50) + 1):
        html = staff.get("/needs", params={"q": "목록 시험용 수요", "page": number}).text
        titles += _titles(html)
    assert len(titles) == EXTRA_NEEDS
    assert len(set(titles)) == EXTRA_NEEDS  # no need on two pages
    # a word only one need has: one result, one page
    hit = staff.get("/needs", params={"q": "초음파 탐상"}).text
    assert _titles(hit) == ["목록시험 0137"]
    assert "수요 1건" in hit
    assert 'class="pager"' not in hit


def test_api_needs_list_says_the_total(crowded):
    staff = crowded.login("staff")
    with make_session_factory(crowded.engine)() as session:
        total = session.scalar(
            select(func.count()).select_from(Need).where(Need.label == "demand-forecasting")
        )
    response = staff.get("/api/v1/needs", params={"label": "demand-forecasting", "limit": 10})
    assert response.status_code == 200
    assert int(response.headers["x-total-count"]) == total
    assert len(response.json()) == 10
    assert {n["label"] for n in response.json()} == {"demand-forecasting"}


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"kind": "company"},
        {"capability": "process-optimization"},
        {"industry": "2"},
        {"q": "목록기업 00"},
        {"q": "대학", "kind": "university"},
    ],
)
def test_partner_rows_are_the_listed_partners_with_their_tags(crowded, filters):
    """The list page reads plain rows (``list_partner_rows``): the same partners in the same
    order as ``list_partners``, each with its capabilities and industries in the same order."""
    with make_session_factory(crowded.engine)() as session:
        for limit, offset in ((50, 0), (50, 50), (7, 3), (500, 0)):
            orgs = partners.list_partners(session, **filters, limit=limit, offset=offset)
            rows = partners.list_partner_rows(session, **filters, limit=limit, offset=offset)
            expected = [
                (
                    o.id,
                    o.name,
                    o.kind,
                    o.is_example,
                    [(c.use_case, c.inferred) for c in o.capabilities],
                    [i.ksic for i in o.industries],
                )
                for o in orgs
            ]
            got = [
                (
                    r.id,
                    r.name,
                    r.kind,
                    r.is_example,
                    [(c.use_case, c.inferred) for c in r.capabilities],
                    [i.ksic for i in r.industries],
                )
                for r in rows
            ]
            assert got == expected
        if not filters:  # the demo's partners have both kinds of tag
            assert any(r.capabilities for r in rows)
            assert any(r.industries for r in rows)


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"label": "vision-inspection"},
        {"industry": "25"},
        {"industry": "2", "label": "vision-inspection"},
        {"q": "목록 시험용 수요"},
        {"q": "목록 시험용 수요", "label": "demand-forecasting"},
        {"q": "목록시험 01"},  # without an index folder: a substring search
    ],
)
def test_need_lines_are_the_needs_of_the_page(crowded, filters):
    """The list page reads plain rows (``need_lines_page``): the same needs in the same order
    and the same total as ``needs_page``, with the columns the page shows."""
    from axpartners.services import need_lists as needs
    from axpartners.services.actors import Actor

    staff = Actor(username="staff", role="secretariat")
    data_dir = crowded.settings.data_dir if filters.get("q") != "목록시험 01" else None
    with make_session_factory(crowded.engine)() as session:
        for limit, offset in ((50, 0), (50, 50), (7, 3), (50, 10_000)):
            kwargs = {**filters, "limit": limit, "offset": offset, "data_dir": data_dir}
            full = needs.needs_page(session, actor=staff, **kwargs)
            lines = needs.need_lines_page(session, actor=staff, **kwargs)
            assert lines.total == full.total
            assert [
                tuple(getattr(line, c.key) for c in needs.LINE_COLUMNS) for line in lines.rows
            ] == [tuple(getattr(n, c.key) for c in needs.LINE_COLUMNS) for n in full.rows]
        assert full.total > 0
