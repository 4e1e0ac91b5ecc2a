"""The domain model on both databases: relationships, constraints, cascades, PII separation."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from axpartners.db.session import make_session_factory, transaction
from axpartners.db.tables import (
    ActionItem,
    AgendaItem,
    AuditEntry,
    Decision,
    Meeting,
    Need,
    NeedContact,
    Organisation,
    PolicyDocument,
    PolicyItem,
    Project,
    ProjectCandidate,
    ProjectKpi,
    ProjectPartner,
    ProjectStageChange,
    RegionalStat,
)
from axpartners.errors import Conflict
from axpartners.services import needs as needs_service, partners as partners_service
from axpartners.services.actors import SYSTEM

pytestmark = pytest.mark.integration


def test_full_domain_roundtrip(engine):
    factory = make_session_factory(engine)
    with transaction(factory) as s:
        s.add(Organisation(id="m-org", name="모델기관", kind="research"))
        doc = PolicyDocument(
            title="2026 AI 정책", filename="p.hwpx", format="hwpx", sha256="a" * 64, pages=3
        )
        doc.items = [
            PolicyItem(
                position=1,
                item_no="1",
                path="Ⅰ > 1",
                level=2,
                title="제조 AI",
                text="제조 AI 확산",
                page=1,
                tags=[{"kind": "ministry", "value": "산업통상자원부"}],
            )
        ]
        s.add(doc)
        s.add(
            RegionalStat(
                dataset="kosis",
                region="26",
                industry="31",
                year=2024,
                measure="종사자수",
                value=1.5e4,
            )
        )
        cand = ProjectCandidate(
            title="후보",
            use_case="vision-inspection",
            industry="31",
            score=0.7,
            components={"demand": 0.4, "policy": 0.3},
        )
        s.add(cand)
        s.flush()
        project = Project(
            title="과제", candidate_id=cand.id, stage="pilot", budget_krw=12_000_000_000
        )
        project.history = [ProjectStageChange(from_stage="selected", to_stage="pilot")]
        project.partners = [ProjectPartner(organisation_id="m-org", role="lead")]
        project.kpis = [ProjectKpi(name="불량률", unit="%", target=1.0, actual=1.4)]
        s.add(project)
        meeting = Meeting(title="회의", held_at=datetime(2026, 3, 1, 6, tzinfo=UTC))
        meeting.agenda = [AgendaItem(position=1, title="안건")]
        meeting.decisions = [Decision(text="결정", candidate_id=cand.id)]
        meeting.actions = [ActionItem(title="조치", owner="BTP", due_date=date(2026, 3, 15))]
        s.add(meeting)
    with factory() as s:
        project = s.scalars(select(Project).where(Project.title == "과제")).one()
        assert project.budget_krw == 12_000_000_000  # beyond 32-bit integers
        assert [k.name for k in project.kpis] == ["불량률"]
        assert project.history[0].to_stage == "pilot"
        item = s.scalars(select(PolicyItem).where(PolicyItem.path == "Ⅰ > 1")).one()
        assert item.tags == [{"kind": "ministry", "value": "산업통상자원부"}]
        assert s.scalars(select(Meeting).where(Meeting.title == "회의")).one().actions[
            0
        ].due_date == date(2026, 3, 15)


def test_partner_in_a_consortium_cannot_be_deleted(engine):
    factory = make_session_factory(engine)
    with transaction(factory) as s:
        s.add(Organisation(id="busy-org", name="바쁜기관", kind="company"))
        s.flush()
        s.add(Project(title="컨소시엄 과제", partners=[ProjectPartner(organisation_id="busy-org")]))
    with pytest.raises(Conflict), transaction(factory) as s:
        partners_service.delete_partner(s, actor=SYSTEM, partner_id="busy-org")
    with pytest.raises(IntegrityError), transaction(factory) as s:  # the database enforces it too
        s.delete(s.get(Organisation, "busy-org"))
    with factory() as s:
        assert s.get(Organisation, "busy-org") is not None


def test_invalid_kind_is_rejected_by_the_database(engine):
    factory = make_session_factory(engine)
    with pytest.raises(IntegrityError), transaction(factory) as s:
        s.add(Organisation(id="bad-kind", name="x", kind="startup"))


def test_personal_data_is_stored_apart_only_with_consent_and_erased_with_the_need(engine):
    factory = make_session_factory(engine)
    with transaction(factory) as s:
        with_consent = needs_service.create_need(
            s,
            actor=SYSTEM,
            data=needs_service.parse_need(
                {
                    "text": "도장 불량 검사를 자동화하고 싶어요",
                    "contact_email": "lee@example.kr",
                    "consent": "true",
                }
            ),
        )
        without = needs_service.create_need(
            s,
            actor=SYSTEM,
            data=needs_service.parse_need(
                {
                    "text": "재고가 자꾸 남아요 예측이 필요해요",
                    "contact_email": "park@example.kr",
                    "consent": "false",
                }
            ),
        )
        ids = (with_consent.id, without.id)
    with factory() as s:
        contacts = {c.need_id: c.contact_email for c in s.scalars(select(NeedContact))}
        assert contacts.get(ids[0]) == "lee@example.kr"
        assert ids[1] not in contacts
        assert "lee@example.kr" not in s.get(Need, ids[0]).text
    with transaction(factory) as s:
        needs_service.delete_need(s, actor=SYSTEM, need_id=ids[0])
    with factory() as s:
        assert s.get(NeedContact, ids[0]) is None
        assert s.get(Need, ids[0]) is None
        entry = s.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_type == "need",
                AuditEntry.entity_id == str(ids[0]),
                AuditEntry.action == "delete",
            )
        ).one()
        assert entry.detail == {"ref": entry.detail["ref"], "had_contact": True}
