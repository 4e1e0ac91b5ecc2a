"""Council meetings, action items, ICS, the pipeline (stages, KPIs, success cases) and bad input."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from axpartners.clock import today
from axpartners.db.session import make_session_factory, transaction
from axpartners.db.tables import (
    ActionItem,
    AuditEntry,
    Meeting,
    Organisation,
    Project,
    ProjectCandidate,
    ProjectKpi,
)
from axpartners.errors import Conflict
from axpartners.services import council_export, partners, planning
from axpartners.services.actors import SYSTEM
from tests.integration.conftest import csrf_of

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def planned(world):
    with transaction(make_session_factory(world.engine)) as session:
        planning.ensure_demo_candidates(session)
    return world


def _session(world):
    return make_session_factory(world.engine)()


def _audit(world, entity_type: str, action: str) -> list[AuditEntry]:
    with _session(world) as session:
        return list(
            session.scalars(
                select(AuditEntry).where(
                    AuditEntry.entity_type == entity_type, AuditEntry.action == action
                )
            )
        )


def _create_meeting(client, **extra) -> int:
    token = csrf_of(client, "/council/new")
    data = {"csrf_token": token, "title": "제2차 협의회", "held_at": "2027-01-15T14:00", **extra}
    response = client.post("/council/new", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def test_meeting_without_attendees_is_kept_with_a_warning(planned):
    client = planned.login("staff")
    meeting_id = _create_meeting(client, place="BTP 회의실")
    page = client.get(f"/council/{meeting_id}")
    assert page.status_code == 200
    assert "참석 기관이 기록되지 않았습니다" in page.text
    assert "2027-01-15 14:00" in page.text  # shown in Korean local time
    created = [e for e in _audit(planned, "meeting", "create") if e.entity_id == str(meeting_id)]
    assert created
    assert created[0].detail["warnings"] == ["council.warn.no_attendees"]
    listing = client.get("/council")
    assert "확인 필요" in listing.text
    # recording attendance afterwards clears the warning
    token = csrf_of(client, f"/council/{meeting_id}")
    response = client.post(
        f"/council/{meeting_id}/edit",
        data={"csrf_token": token, "minutes": "회의록 초안", "attendees": ["btp", "pnu"]},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = client.get(f"/council/{meeting_id}")
    assert "참석 기관이 기록되지 않았습니다" not in page.text
    assert "부산대학교" in page.text
    assert "회의록 초안" in page.text


def test_unknown_attendee_is_refused_and_form_keeps_values(planned):
    client = planned.login("staff")
    token = csrf_of(client, "/council/new")
    response = client.post(
        "/council/new",
        data={
            "csrf_token": token,
            "title": "잘못된 참석",
            "held_at": "2027-02-01T10:00",
            "attendees": ["no-such-org"],
        },
    )
    assert response.status_code == 422
    assert "no-such-org" in response.text
    assert 'value="잘못된 참석"' in response.text
    with _session(planned) as session:
        assert session.scalar(select(Meeting.id).where(Meeting.title == "잘못된 참석")) is None


def test_draft_agenda_from_needs_and_candidates(planned):
    client = planned.login("staff")
    meeting_id = _create_meeting(client, use_draft="on", attendees=["btp"])
    with _session(planned) as session:
        meeting = session.get(Meeting, meeting_id)
        kinds = [a.kind for a in meeting.agenda]
        assert "needs" in kinds
        assert kinds.count("candidate") == 3
        top = session.scalars(
            select(ProjectCandidate.id)
            .where(ProjectCandidate.status == "open")
            .order_by(ProjectCandidate.score.desc(), ProjectCandidate.id)
            .limit(3)
        ).all()
        assert [a.ref_id for a in meeting.agenda if a.kind == "candidate"] == list(top)
        assert [a.position for a in meeting.agenda] == list(range(1, len(kinds) + 1))


def test_decision_linked_to_candidate_and_action_items(planned):
    client = planned.login("staff")
    meeting_id = _create_meeting(client, attendees=["tu"])
    path = f"/council/{meeting_id}"
    token = csrf_of(client, path)
    with _session(planned) as session:
        candidate_id = session.scalars(select(ProjectCandidate.id)).first()
    decided = client.post(
        f"{path}/decisions",
        data={
            "csrf_token": token,
            "text": "비전검사 실증 과제를 기획 단계로 추진",
            "candidate_id": str(candidate_id),
        },
        follow_redirects=False,
    )
    assert decided.status_code == 303
    page = client.get(path)
    assert "비전검사 실증 과제를 기획 단계로 추진" in page.text
    assert f'href="/planning/candidates/{candidate_id}"' in page.text

    past = (today() - timedelta(days=3)).isoformat()
    refused = client.post(
        f"{path}/actions",
        data={"csrf_token": token, "title": "수요기업 방문", "owner": "BTP", "due_date": past},
    )
    assert refused.status_code == 422
    assert "오늘" in refused.text
    assert past in refused.text
    assert 'value="수요기업 방문"' in refused.text  # nothing typed is lost
    with _session(planned) as session:
        assert (
            session.scalar(select(ActionItem.id).where(ActionItem.title == "수요기업 방문")) is None
        )
    refusals = [e for e in _audit(planned, "meeting", "refused") if e.entity_id == str(meeting_id)]
    assert refusals
    assert refusals[0].detail["code"] == "council.action_due_past"

    future = (today() + timedelta(days=14)).isoformat()
    added = client.post(
        f"{path}/actions",
        data={"csrf_token": token, "title": "수요기업 방문", "owner": "BTP", "due_date": future},
        follow_redirects=False,
    )
    assert added.status_code == 303
    with _session(planned) as session:
        item = session.scalars(select(ActionItem).where(ActionItem.title == "수요기업 방문")).one()
        assert item.meeting_id == meeting_id
        assert item.due_date == date.fromisoformat(future)
    done = client.post(
        f"/council/actions/{item.id}",
        data={"csrf_token": token, "status": "done"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    with _session(planned) as session:
        assert session.get(ActionItem, item.id).status == "done"

    partner = planned.login("partner_tu")
    assert partner.get(path).status_code == 200
    denied = partner.post(
        f"{path}/decisions", data={"csrf_token": csrf_of(partner, path), "text": "x"}
    )
    assert denied.status_code == 403


def test_overdue_reminders(planned):
    client = planned.login("partner_pnu")
    day = today()
    overdue = client.get("/api/v1/council/actions", params={"overdue": "true"}).json()
    everything = client.get("/api/v1/council/actions").json()
    expected = [a for a in everything if a["due_date"] and date.fromisoformat(a["due_date"]) < day]
    assert [a["id"] for a in overdue] == [a["id"] for a in expected]
    assert all(a["overdue"] for a in overdue)
    page = client.get("/council")
    assert f"기한이 지난 후속 조치 ({len(overdue)})" in page.text
    # Each overdue item is listed once, under the reminders (not again among the open items).
    assert overdue
    assert page.text.count("기한 지남") == len(overdue)
    text = client.get("/council/actions.csv?overdue=true").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(council_export.ACTION_COLUMNS)
    assert len(rows) - 1 == len(overdue)


def test_ics_export(planned):
    client = planned.login("staff")
    response = client.get("/council/meetings.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    body = response.content
    lines = body.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR"
    assert lines[-2] == b"END:VCALENDAR"
    assert lines[-1] == b""
    assert all(len(line) <= 75 for line in lines)
    with _session(planned) as session:
        n = len(session.scalars(select(Meeting.id)).all())
    assert body.count(b"BEGIN:VEVENT") == n
    unfolded = body.replace(b"\r\n ", b"").decode("utf-8")
    assert "SUMMARY:부산테크노파크 AI전략 파트너스 협의회 제1차 회의" in unfolded
    meeting_id = _create_meeting(
        client, title="ICS 확인 회의, 부산; 2차", held_at="2027-03-02T15:00"
    )
    single = client.get(f"/council/{meeting_id}/meeting.ics").content
    assert single.count(b"BEGIN:VEVENT") == 1
    assert b"DTSTART:20270302T060000Z" in single  # 15:00 KST
    assert b"DTEND:20270302T080000Z" in single
    assert "SUMMARY:ICS 확인 회의\\, 부산\\; 2차".encode() in single.replace(b"\r\n ", b"")
    n += 1
    meetings_csv = client.get("/council/meetings.csv").content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(meetings_csv)))) == n + 1


def test_stage_change_kpis_and_success_case(planned):
    client = planned.login("staff")
    with _session(planned) as session:
        project = session.scalars(select(Project).where(Project.stage == "pilot")).first()
        project_id, title = project.id, project.title
        kpis_before = len(project.kpis)
    path = f"/projects/{project_id}"
    token = csrf_of(client, path)
    bad = client.post(
        f"{path}/kpis",
        data={
            "csrf_token": token,
            "name": "에너지 절감",
            "unit": "%",
            "target": "10",
            "actual": "많이",
        },
    )
    assert bad.status_code == 422
    assert "숫자가 아닙니다" in bad.text
    assert "많이" in bad.text
    assert 'value="에너지 절감"' in bad.text
    with _session(planned) as session:
        assert (
            len(
                session.scalars(select(ProjectKpi).where(ProjectKpi.project_id == project_id)).all()
            )
            == kpis_before
        )
    refused = [e for e in _audit(planned, "project", "refused") if e.entity_id == str(project_id)]
    assert refused
    assert refused[-1].detail["code"] == "pipeline.kpi_not_number"

    ok = client.post(
        f"{path}/kpis",
        data={
            "csrf_token": token,
            "name": "에너지 절감",
            "unit": "%",
            "baseline": "0",
            "target": "10",
            "actual": "7.5",
        },
        follow_redirects=False,
    )
    assert ok.status_code == 303
    page = client.get(path)
    assert "75%" in page.text  # progress = (7.5 - 0) / (10 - 0)

    published = client.post(
        f"{path}/publish",
        data={"csrf_token": token, "publish": "1", "result": "불량 검출률 91% 달성"},
        follow_redirects=False,
    )
    assert published.status_code == 303
    cases = planned.client().get("/cases")
    assert title in cases.text
    assert "불량 검출률 91% 달성" in cases.text

    moved = client.post(
        f"{path}/stage",
        data={
            "csrf_token": token,
            "stage": "stopped",
            "note": "예산 미확보",
            "owner": "동아대학교",
        },
        follow_redirects=False,
    )
    assert moved.status_code == 303
    with _session(planned) as session:
        project = session.get(Project, project_id)
        assert project.stage == "stopped"
        assert project.owner == "동아대학교"
        assert (project.history[-1].from_stage, project.history[-1].to_stage) == (
            "pilot",
            "stopped",
        )
        assert project.history[-1].note == "예산 미확보"
        assert not project.is_published  # a stopped project is no longer a public case
    assert title not in planned.client().get("/cases").text
    stages = [
        e.detail for e in _audit(planned, "project", "stage") if e.entity_id == str(project_id)
    ]
    assert stages
    assert stages[-1]["to"] == "stopped"

    not_yet = client.post(
        f"{path}/publish", data={"csrf_token": token, "publish": "1", "result": "x"}
    )
    assert not_yet.status_code == 422
    assert (
        client.post(f"{path}/stage", data={"csrf_token": token, "stage": "done"}).status_code == 422
    )


def test_board_lists_every_stage(planned):
    page = planned.login("partner_tu").get("/projects")
    assert page.status_code == 200
    for label in ("아이디어", "기획", "제안", "선정", "실증", "성과확산", "중단"):
        assert label in page.text
    assert page.text.count('class="board-col"') == 7


def test_partner_in_consortium_cannot_be_deleted(planned):
    client = planned.login("admin")
    token = csrf_of(client, "/partners/intown")
    response = client.post("/partners/intown/delete", data={"csrf_token": token})
    assert response.status_code == 409
    assert "intown" in response.text
    with _session(planned) as session:
        assert session.get(Organisation, "intown") is not None
    with _session(planned) as session, pytest.raises(Conflict) as info:
        partners.delete_partner(session, actor=SYSTEM, partner_id="intown")
    assert info.value.code == "partners.in_consortium"


def test_edit_meeting_details_and_meetings_api(planned):
    client = planned.login("staff")
    meeting_id = _create_meeting(client, title="일정 변경 전", attendees=["kisti"])
    path = f"/council/{meeting_id}"
    token = csrf_of(client, path)
    bad = client.post(
        f"{path}/edit",
        data={
            "csrf_token": token,
            "title": "일정 변경 후",
            "held_at": "내일 오후",
            "attendees": ["kisti"],
        },
    )
    assert bad.status_code == 422
    assert "held_at" in bad.text
    assert 'value="일정 변경 후"' in bad.text
    ok = client.post(
        f"{path}/edit",
        data={
            "csrf_token": token,
            "title": "일정 변경 후",
            "held_at": "2027-04-09T10:30",
            "place": "센텀 회의실",
            "minutes": "",
            "attendees": ["kisti", "saltlux"],
        },
        follow_redirects=False,
    )
    assert ok.status_code == 303
    meetings = {
        m["id"]: m for m in planned.login("partner_tu").get("/api/v1/council/meetings").json()
    }
    meeting = meetings[meeting_id]
    assert meeting["title"] == "일정 변경 후"
    assert meeting["held_at"].startswith("2027-04-09T10:30")
    assert meeting["place"] == "센텀 회의실"
    assert sorted(meeting["attendees"]) == ["kisti", "saltlux"]
    assert meeting["warnings"] == []
    assert planned.client().get("/api/v1/council/meetings").status_code == 401
    updates = [e for e in _audit(planned, "meeting", "update") if e.entity_id == str(meeting_id)]
    assert updates
    assert updates[-1].detail["title"] == "일정 변경 후"


UNTRANSLATED = re.compile(r"\b(?:ui|planning|council|pipeline|candidates)\.[a-z_]+\.[a-z_.]+")


@pytest.mark.parametrize("locale", ["ko", "en"])
def test_every_screen_renders_translated(planned, locale):
    client = planned.login("staff")
    client.get(f"/lang/{locale}")
    with _session(planned) as session:
        meeting_id = session.scalars(select(Meeting.id)).first()
        project_id = session.scalars(select(Project.id)).first()
        candidate_id = session.scalars(select(ProjectCandidate.id)).first()
    paths = [
        "/planning/candidates",
        "/planning/quick-wins",
        f"/planning/candidates/{candidate_id}",
        "/planning/leadmap",
        "/council",
        "/council/new",
        f"/council/{meeting_id}",
        "/projects",
        f"/projects/{project_id}",
    ]
    for path in paths:
        page = client.get(path)
        assert page.status_code == 200, path
        assert page.text.count(f'<html lang="{locale}"') == 1
        text = re.sub(r"<[^>]+>", " ", page.text)
        assert not UNTRANSLATED.findall(text), (path, UNTRANSLATED.findall(text)[:5])
