"""Calls for proposals in the app, on SQLite and PostgreSQL: import (real HWP), bad files, the
deadline board, candidate fit, the team under the call's roles, the draft against the real
사업계획서 form, and corrections kept with their history."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from axpartners.calls.form import form_headings
from axpartners.calls.proposal import TODO
from axpartners.db.session import make_session_factory
from axpartners.db.tables import AuditEntry, Call, CallCorrection
from axpartners.errors import Conflict, InputError, PermissionDenied
from axpartners.i18n.catalog import render_error
from axpartners.policy.extract import extract_document, extract_file
from axpartners.services import calls as service, calls_draft, calls_fit, calls_team
from axpartners.services.actors import Actor

pytestmark = pytest.mark.integration

DATA = Path(__file__).resolve().parents[1] / "data" / "calls"
CALL_2026 = DATA / "hwp" / "mss_manufacturing_ai_smart_factory_2026_call.hwp"
CALL_2025 = DATA / "hwp" / "mss_manufacturing_ai_smart_factory_2025_call_draft.hwp"
FORM = DATA / "hwp" / "mss_manufacturing_ai_smart_factory_2026_business_plan_form.hwp"
STAFF = Actor(username="staff", role="secretariat")
PARTNER = Actor(username="partner_tu", role="partner", organisation_id="tu")


@pytest.fixture
def session(world) -> Iterator[Session]:
    """A session whose changes are rolled back: each test sees the demo as loaded."""
    with make_session_factory(world.engine)() as s:
        try:
            yield s
        finally:
            s.rollback()


def _demo_call(session: Session) -> Call:
    call = session.scalar(select(Call).where(Call.is_example.is_(True)))
    assert call is not None, "axp demo should load the 2026 call"
    return call


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_demo_loads_the_real_2026_call_with_its_facts(session) -> None:
    call = _demo_call(session)
    facts = call.facts
    assert call.title == "2026년도 제조AI특화 스마트공장 구축지원사업"
    assert call.format == "hwp"
    assert call.apply_deadline == dt.date(2026, 4, 20)
    assert facts["apply_deadline_at"] == "2026-04-20T17:00:00+09:00"
    assert facts["per_project_max_krw"] == 200_000_000
    assert facts["support_ratio"] == 0.5
    assert facts["consortium"]["roles"] == ["도입기업", "공급기업"]
    assert facts == call.extracted
    assert call.fields
    assert "data-infrastructure" in call.fields


def test_import_hwp_stores_facts_and_audits_then_refuses_the_same_bytes(session) -> None:
    before = _count(session, Call)
    call = service.import_call(
        session, actor=STAFF, data=CALL_2025.read_bytes(), filename=CALL_2025.name
    )
    assert call.apply_deadline == dt.date(2025, 8, 14)
    assert call.facts["notice_no"] == "중소벤처기업부 공고 제2025-415호"
    assert call.facts["duration_months"] == 9
    assert call.facts["ministry"] == "중소벤처기업부"
    assert call.uploaded_by == "staff"
    entry = session.scalar(
        select(AuditEntry).where(
            AuditEntry.entity_type == "call", AuditEntry.entity_id == str(call.id)
        )
    )
    assert entry is not None
    assert entry.action == "calls.import"
    assert entry.actor == "staff"
    with pytest.raises(Conflict) as err:
        service.import_call(session, actor=STAFF, data=CALL_2025.read_bytes(), filename="again.hwp")
    assert err.value.code == "calls.duplicate"
    assert err.value.params["call_id"] == call.id
    assert _count(session, Call) == before + 1


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("broken.hwp", b"\xd0\xcf\x11\xe0 not really an OLE file" * 20, "policy."),
        ("empty.txt", b"   ", "policy.empty"),
        ("note.txt", "회의 메모입니다. 다음 주에 다시 봅시다.".encode(), "calls.no_facts"),
        ("fake.pdf", b"PK\x03\x04 zip named pdf", "policy."),
    ],
)
def test_bad_files_are_refused_with_a_clear_error_and_nothing_written(
    session, name, data, code
) -> None:
    before = _count(session, Call), _count(session, AuditEntry)
    with pytest.raises(InputError) as err:
        service.import_call(session, actor=STAFF, data=data, filename=name)
    assert err.value.code.startswith(code)
    assert err.value.params.get("file") == name
    for locale in ("ko", "en"):
        message = render_error(err.value, locale)
        assert name in message, message
    assert (_count(session, Call), _count(session, AuditEntry)) == before


def test_only_staff_import_and_correct(session) -> None:
    with pytest.raises(PermissionDenied):
        service.import_call(
            session, actor=PARTNER, data=CALL_2025.read_bytes(), filename=CALL_2025.name
        )
    call = _demo_call(session)
    with pytest.raises(PermissionDenied):
        service.correct_fact(
            session, actor=PARTNER, call_id=call.id, field="duration_months", raw="6"
        )


def test_board_open_by_deadline_with_d_day_and_closed_apart(session) -> None:
    service.import_call(session, actor=STAFF, data=CALL_2025.read_bytes(), filename="2025.hwp")
    open_rows, closed = service.list_calls(session, actor=PARTNER, today=dt.date(2025, 8, 1))
    assert [r.call.apply_deadline for r in open_rows] == [
        dt.date(2025, 8, 14),
        dt.date(2026, 4, 20),
    ]
    assert [r.d_day for r in open_rows] == [13, 262]
    assert closed == []
    open_rows, closed = service.list_calls(session, actor=PARTNER, today=dt.date(2026, 4, 20))
    assert [(r.call.title[:5], r.d_day) for r in open_rows] == [("2026년", 0)]
    assert [r.d_day for r in closed] == [-249]
    # the council's own date (Asia/Seoul) by default: both 2025 and 2026 calls have closed
    open_rows, closed = service.list_calls(session, actor=PARTNER)
    assert open_rows == []
    assert [r.call.apply_deadline for r in closed] == [dt.date(2026, 4, 20), dt.date(2025, 8, 14)]


def test_candidates_ranked_by_fit_with_reasons(session) -> None:
    call = _demo_call(session)
    ranked = calls_fit.rank_candidates(session, actor=PARTNER, call=call)
    assert len(ranked) >= 10
    eligible = [r for r in ranked if r.fit.eligible]
    assert eligible
    assert eligible == ranked[: len(eligible)]
    scores = [r.fit.score for r in eligible]
    assert scores == sorted(scores, reverse=True)
    best = eligible[0]
    assert best.candidate.use_case == call.fields[0]
    texts = [t for _, t in calls_fit.reason_rows(best.fit, "ko")]
    assert any("주된 분야" in t for t in texts)
    assert any("제조기업" in t for t in texts)
    # the 창고·운송 (KSIC 52) candidate is not a manufacturer: ineligible, and it says why
    logistics = next(r for r in ranked if r.candidate.industry == "52")
    assert not logistics.fit.eligible
    assert any(
        kind == "minus" and "manufacturers" in text and "52" in text
        for kind, text in calls_fit.reason_rows(logistics.fit, "en")
    )
    only = calls_fit.rank_candidates(session, actor=PARTNER, call=call, eligible_only=True)
    assert [r.candidate.id for r in only] == [r.candidate.id for r in eligible]


def test_team_satisfies_adopter_supplier_roles(session) -> None:
    call = _demo_call(session)
    best = calls_fit.rank_candidates(session, actor=PARTNER, call=call, eligible_only=True)[0]
    team = calls_team.team_for(session, actor=PARTNER, call=call, fit=best)
    assert team.status in ("optimal", "feasible")
    assert team.satisfies_roles
    adopter = team.members[0]
    assert adopter.partner_id is None
    assert adopter.name == best.company
    assert adopter.roles == ("도입기업",)
    suppliers = [m for m in team.members if "공급기업" in m.roles]
    assert suppliers
    assert all(m.kind == "company" for m in suppliers)
    profiles = {p.id: p for p in calls_team.matching.partner_profiles(session)}
    assert all(best.candidate.use_case in profiles[m.partner_id].capabilities for m in suppliers)
    assert team.missing_roles == ()


def test_team_names_the_missing_role_when_no_company_supplies_the_use_case(session) -> None:
    call = _demo_call(session)
    ranked = calls_fit.rank_candidates(session, actor=PARTNER, call=call)
    # no partner company lists 공정 최적화 (only universities do): nobody can be 공급기업
    fit = next(r for r in ranked if r.candidate.use_case == "process-optimization")
    team = calls_team.team_for(session, actor=PARTNER, call=call, fit=fit, locale="en")
    assert not team.found
    assert team.missing_roles == ("공급기업",)
    assert any("공급기업" in p for p in team.problems)
    assert team.single_applicant


def _hwpx_paragraphs(data: bytes) -> list[str]:
    document = extract_document(data, filename="draft.hwpx")
    assert document.format == "hwpx"
    return [b.text for b in document.blocks]


def test_draft_hwpx_and_docx_follow_the_real_form(session) -> None:
    call = _demo_call(session)
    best = calls_fit.rank_candidates(session, actor=PARTNER, call=call, eligible_only=True)[0]
    team = calls_team.team_for(session, actor=PARTNER, call=call, fit=best)
    draft = calls_draft.build_call_draft(
        session, actor=PARTNER, call=call, fit=best, team=team, fmt="hwpx"
    )
    assert draft.filename.endswith(".hwpx")
    with zipfile.ZipFile(BytesIO(draft.data)) as package:
        assert package.namelist()[0] == "mimetype"
        assert package.read("mimetype") == b"application/hwp+zip"
    texts = _hwpx_paragraphs(draft.data)
    real = form_headings(extract_file(FORM).text)
    headings = [f"{h.number}. {h.title}" if h.level == 1 else f"{h.number} {h.title}" for h in real]
    positions = [texts.index(h) for h in headings]
    assert positions == sorted(positions)
    body = "\n".join(texts)
    assert f"도입기업: {best.company}" in body
    supplier = next(m for m in team.members if "공급기업" in m.roles)
    assert f"공급기업: {supplier.name}" in body
    assert "정부지원금: 125,000,000원" in body  # 250백만원 planned, 50% ratio, under the 2억 cap
    for item in call.facts["evaluation"]:
        assert any(t.startswith(f"{item['item']} ({item['points']}점)") for t in texts)
    assert TODO in body
    assert draft.to_write > 0
    docx = calls_draft.build_call_draft(
        session, actor=PARTNER, call=call, fit=best, team=team, fmt="docx"
    )
    doc = extract_document(docx.data, filename="draft.docx")
    doc_headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert [h for h in doc_headings if h in headings] == headings
    with pytest.raises(InputError):
        calls_draft.build_call_draft(
            session, actor=PARTNER, call=call, fit=best, team=team, fmt="pdf"
        )


def test_correction_is_kept_with_history_and_moves_the_board(session) -> None:
    call = _demo_call(session)
    correction = service.correct_fact(
        session,
        actor=STAFF,
        call_id=call.id,
        field="apply_deadline",
        raw="2026-12-20",
        note="연장 공고 반영",
    )
    assert correction.old_value == "2026-04-20"
    assert correction.new_value == "2026-12-20"
    assert call.facts["apply_deadline_at"] == "2026-12-20T17:00:00+09:00"
    assert call.extracted["apply_deadline"] == "2026-04-20"
    assert call.apply_deadline == dt.date(2026, 12, 20)
    service.correct_fact(
        session, actor=STAFF, call_id=call.id, field="consortium_roles", raw="주관기관, 참여기관"
    )
    assert call.facts["consortium"]["roles"] == ["주관기관", "참여기관"]
    history = service.fact_history(call)
    assert [h.field for h in history] == [None, "apply_deadline", "consortium_roles"]
    assert [h.by for h in history[1:]] == ["staff", "staff"]
    assert history[1].note == "연장 공고 반영"
    assert _count(session, CallCorrection) >= 2
    actions = session.scalars(
        select(AuditEntry.action).where(
            AuditEntry.entity_type == "call", AuditEntry.entity_id == str(call.id)
        )
    ).all()
    assert actions.count("calls.correct") == 2
    open_rows, _ = service.list_calls(session, actor=PARTNER, today=dt.date(2026, 12, 3))
    assert [(r.call.id, r.d_day) for r in open_rows] == [(call.id, 17)]


@pytest.mark.parametrize(
    ("field", "raw", "code"),
    [
        ("apply_deadline", "4월 말", "calls.bad_fact"),
        ("support_ratio", "150%", "calls.bad_fact"),
        ("evaluation", "역량 스무점", "calls.bad_fact"),
        ("sha256", "x", "calls.unknown_fact"),
        ("duration_months", "9", "calls.same_value"),
    ],
)
def test_bad_corrections_change_nothing(session, field, raw, code) -> None:
    call = _demo_call(session)
    before = dict(call.facts)
    with pytest.raises(InputError) as err:
        service.correct_fact(session, actor=STAFF, call_id=call.id, field=field, raw=raw)
    assert err.value.code == code
    assert call.facts == before
    assert call.corrections == []
