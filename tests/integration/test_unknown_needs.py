"""An unclassified need (label ``unknown``, shown 미분류) gets no partner recommendations."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from axpartners.db.session import make_session_factory
from axpartners.db.tables import Need, Organisation
from axpartners.services.actors import SYSTEM
from axpartners.services.labelling import apply_classification, classify_texts
from axpartners.services.matching import inbox_for_partner, matches_for_need
from axpartners.services.planning_region import need_inputs
from axpartners.taxonomy import UNKNOWN_ID, label_name

pytestmark = pytest.mark.integration

NO_SIGNAL = "안녕하세요, 저희 회사에 도움이 필요해서 연락드립니다"


def test_an_unclassified_need_gets_no_recommendations(world):
    with make_session_factory(world.engine)() as session:
        need = session.scalars(select(Need).where(Need.label.is_not(None))).first()
        assert need is not None
        page = world.login("staff").get(f"/needs/{need.id}").text
        assert 'class="match"' in page  # a classified need is matched with partners
        (result,) = classify_texts(session, [NO_SIGNAL])
        assert (result.label, result.needs_review) == (UNKNOWN_ID, True)
        assert result.labels == (UNKNOWN_ID,)
        need.text = NO_SIGNAL
        apply_classification(need, result)
        assert (need.label, need.label_2, need.label_2_score) == (UNKNOWN_ID, None, None)
        session.commit()
        need_id = need.id
    page = world.login("staff").get(f"/needs/{need_id}").text
    assert 'class="match"' not in page
    with make_session_factory(world.engine)() as session:
        need = session.get(Need, need_id)
        assert need is not None
        actor = SYSTEM
        partner = session.scalars(select(Organisation.id)).first()
        assert partner is not None
        assert matches_for_need(session, actor=actor, need=need) == []
        inbox = inbox_for_partner(session, actor=actor, partner_id=partner, within=50)
        assert all(n.id != need_id for n, _ in inbox)
        # nor does it seed a project candidate of use case "unknown"
        assert all(i.id != str(need_id) for i in need_inputs(session))


def test_unknown_has_display_names():
    assert label_name(UNKNOWN_ID, "ko") == "미분류"
    assert label_name(UNKNOWN_ID, "en") == "Unclassified"
    assert label_name("vision-inspection", "en").startswith("vision")
