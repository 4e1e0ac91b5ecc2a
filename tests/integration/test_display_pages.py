"""Names instead of codes, one money style and Seoul time on the pages (issue 16)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete

from axpartners.db.session import make_session_factory, transaction
from axpartners.db.tables.jobs import Job

pytestmark = pytest.mark.integration


def _english(client):
    client.get("/lang/en?next=/", follow_redirects=False)
    return client


def test_cases_show_partner_names_and_kpi_headers_in_words(world):
    client = world.client()
    html = client.get("/cases").text
    assert '<a href="/partners/btp">부산테크노파크</a>' in html
    assert ">btp</a>" not in html
    for word in ("기준값", "목표", "실적"):
        assert f"<th>{word}</th>" in html
    assert "<th>baseline</th>" not in html
    english = _english(world.client()).get("/cases").text
    for word in ("Baseline", "Target", "Actual"):
        assert f"<th>{word}</th>" in english


def test_jobs_page_counts_or_says_there_are_none_and_shows_seoul_time(world):
    factory = make_session_factory(world.engine)
    with transaction(factory) as session:
        session.execute(delete(Job))
    admin = world.login("admin")
    empty = admin.get("/admin/jobs").text
    assert "아직 실행된 작업이 없습니다" in empty
    assert not re.search(r"상태별 작업 수:\s*</p>", empty)

    with transaction(factory) as session:
        session.add(
            Job(
                id="display-test-1",
                kind="search_reindex",
                status="done",
                actor="admin",
                created_at=datetime(2026, 12, 2, 16, 44, 5, tzinfo=UTC),
                finished_at=datetime(2026, 12, 2, 16, 45, 0, tzinfo=UTC),
            )
        )
    try:
        html = admin.get("/admin/jobs").text
        counts = html[html.index('class="job-counts"') :].split("</p>")[0]
        assert re.search(r"완료\s*1<", counts)
        assert re.search(r"실패\s*0<", counts)
        assert "전체 1건" in counts
        # 16:44 UTC is 01:44 the next day in Seoul, on the list and on the job's own page.
        assert "2026-12-03 01:44:05" in html
        assert "2026-12-03 01:44" in admin.get("/jobs/display-test-1").text
    finally:
        with transaction(factory) as session:
            session.execute(delete(Job).where(Job.id == "display-test-1"))


def test_policy_and_project_budgets_in_eok(world):
    staff = world.login("staff")
    library = staff.get("/policy").text
    assert "백만원" not in library
    projects = staff.get("/projects").text
    assert re.search(r"\d억원|\d만원", projects), "project budgets read in 억원/만원"


def test_candidates_explain_each_score_group_in_plain_words(world):
    client = world.login("staff")
    for path, word in (("/planning/candidates", "연관 밀도"), ("/planning/quick-wins", "PCI")):
        html = client.get(path).text
        key = html[html.index('id="score-key"') :].split("</details>")[0]
        assert len(re.findall(r"<dt>", key)) == 5
        assert word in key
    client.get("/lang/en?next=/", follow_redirects=False)
    english = client.get("/planning/candidates").text
    key = english[english.index('id="score-key"') :].split("</details>")[0]
    assert "relatedness density" in key
    assert not re.search(r"[가-힣]", re.sub(r"<[^>]+>", "", key))
