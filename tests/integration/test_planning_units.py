"""Pure helpers of the planning and council services: feature storage, weights, iCalendar."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings, strategies as st

from axpartners.db.tables import AgendaItem, Meeting, ProjectCandidate
from axpartners.errors import InputError
from axpartners.planning.scoring import CandidateFeatures, Scope, score_candidate
from axpartners.services import council, council_export, planning, planning_read

pytestmark = pytest.mark.integration

unit = st.floats(min_value=0, max_value=1, allow_nan=False)
features = st.builds(
    CandidateFeatures,
    need_count=st.integers(min_value=1, max_value=500),
    urgency=unit,
    growth=st.floats(min_value=-1, max_value=1, allow_nan=False),
    policy_fit=unit,
    density=st.none() | unit,
    pci=st.none() | st.floats(min_value=-5, max_value=5, allow_nan=False),
    partner_coverage=unit,
    data_readiness=unit,
    scope=st.sampled_from(list(Scope)),
    cost_mkrw=st.floats(min_value=0, max_value=10_000, allow_nan=False),
    months_to_first_result=st.floats(min_value=0.5, max_value=60, allow_nan=False),
)


@settings(max_examples=60, deadline=None)
@given(features, st.booleans())
def test_features_survive_the_json_column(f, edited):
    stored = planning_read.features_to_json(f, edited=edited)
    row = ProjectCandidate(title="t", components=stored, need_ids=[1])
    assert planning_read.features_of(row) == f
    assert planning_read.is_edited(row) is edited
    score = score_candidate(f)
    for group in score.components:
        assert stored[group.key] == pytest.approx(group.points, abs=1e-5)


def test_parse_weights_defaults_and_errors():
    weights = planning_read.parse_weights({})
    assert planning_read.weight_groups(weights) == {
        "demand": 30.0,
        "policy": 20.0,
        "advantage": 20.0,
        "partners": 10.0,
        "feasibility": 20.0,
    }
    assert (
        planning_read.weight_groups(planning_read.parse_weights({"policy": "55"}))["policy"] == 55
    )
    for bad in ("x", "-1", "101", "nan"):
        with pytest.raises(InputError) as info:
            planning_read.parse_weights({"demand": bad})
        assert info.value.params["column"] == "demand"
    with pytest.raises(InputError):
        planning_read.parse_weights(
            dict.fromkeys(("demand", "policy", "advantage", "partners", "feasibility"), "0")
        )


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=300).filter(lambda s: s.strip()))
def test_ics_lines_are_folded_and_unfold_to_the_escaped_text(title):
    meeting = Meeting(id=7, title=title, held_at=datetime(2027, 1, 5, 5, 0, tzinfo=UTC), place="")
    meeting.agenda = [AgendaItem(position=1, title="안건, 하나; 둘", kind="topic")]
    body = council_export.meetings_ics([meeting])
    lines = body.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    unfolded = body.replace(b"\r\n ", b"").decode("utf-8")
    summary = next(line for line in unfolded.split("\r\n") if line.startswith("SUMMARY:"))
    escaped = summary[len("SUMMARY:") :]
    restored = (
        escaped.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
    )
    assert restored == title.replace("\r\n", "\n")
    assert "DTSTART:20270105T050000Z" in unfolded
    assert "DESCRIPTION:1. 안건\\, 하나\\; 둘" in unfolded


def test_held_at_is_stored_in_utc_and_due_dates_parse():
    assert council.parse_held_at("2027-01-15T14:00") == datetime(2027, 1, 15, 5, 0, tzinfo=UTC)
    assert council.parse_held_at("2027-01-15T14:00+00:00").hour == 14
    with pytest.raises(InputError):
        council.parse_held_at("다음 주")
    with pytest.raises(InputError):
        council.parse_due("2027-13-01")
    assert council.parse_due("") is None


def test_promoted_status_only_through_promotion(world):
    from sqlalchemy import select

    from axpartners.db.session import make_session_factory
    from axpartners.services.actors import SYSTEM

    with make_session_factory(world.engine)() as session:
        planning.ensure_demo_candidates(session)
        row = session.scalars(
            select(ProjectCandidate).where(ProjectCandidate.status == "open")
        ).first()
        with pytest.raises(InputError) as info:
            planning.update_candidate(session, actor=SYSTEM, candidate_id=row.id, status="promoted")
        assert info.value.params["column"] == "status"
        assert row.status == "open"
        session.rollback()
