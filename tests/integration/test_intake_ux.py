"""Public need form as a manufacturer meets it: 시·군·구, friendly messages, what was received."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from axpartners.db.session import make_session_factory
from axpartners.db.tables import Need
from axpartners.districts import districts, normalize_district
from axpartners.errors import InputError
from axpartners.services.needs import MIN_MEANINGFUL_CHARS, is_meaningful, parse_need
from tests.integration.conftest import csrf_of

pytestmark = pytest.mark.integration

TEXT = "사상구 공장에서 용접 비드 불량을 사람이 눈으로 검사해서 놓치는 게 많습니다"


def _submit(client, **fields):
    token = csrf_of(client, "/needs/new")
    return client.post("/needs/new", data={"csrf_token": token, **fields}, follow_redirects=False)


def test_every_sido_but_sejong_lists_its_districts():
    table = districts()
    assert set(table) == {
        "11", "26", "27", "28", "29", "30", "31", "41", "43", "44", "46", "47", "48", "50",
        "51", "52",
    }  # fmt: skip
    assert sum(len(names) for names in table.values()) == 228
    assert "사상구" in table["26"]
    assert "군위군" in table["27"]
    assert "고성군" in table["51"]
    assert "고성군" in table["48"]


def test_district_must_belong_to_the_region():
    assert normalize_district("부산 사상구", "26") == "사상구"
    with pytest.raises(InputError) as err:
        normalize_district("창원시", "26")
    assert err.value.code == "codes.unknown_district"
    with pytest.raises(InputError) as err:
        normalize_district("중구", None)  # 서울·부산·대구·인천·대전·울산 all have one
    assert err.value.code == "codes.district_needs_region"
    assert parse_need({"text": TEXT, "district": "사상구"}).region == "26"


def test_meaningful_length_counts_letters_not_spaces_or_symbols():
    assert not is_meaningful("AI")
    assert not is_meaningful("A I ! ! ! ! ! ! ! ! ! ! ! !")
    assert is_meaningful("용접 불량 자동 검사 필요")
    assert MIN_MEANINGFUL_CHARS == 10
    # Imports keep accepting short texts (old files stay valid); the form refuses them.
    assert parse_need({"text": "AI"}).text == "AI"
    with pytest.raises(InputError):
        parse_need({"text": "AI"}, require_meaningful=True)


def test_short_need_gets_a_friendly_message_without_field_names(world):
    for locale, expected in (("ko", "조금만 더 자세히"), ("en", "a little more")):
        client = world.client()
        client.get(f"/lang/{locale}")
        response = _submit(client, text="AI", company="짧은글회사")
        assert response.status_code == 422
        assert expected in response.text
        assert "text:" not in response.text
        assert "짧은글회사" in response.text
    empty = _submit(world.client(), text="")
    assert "text:" not in empty.text
    assert "(text)" not in empty.text


def test_district_and_size_are_stored_and_shown_after_submission(world):
    client = world.client()
    response = _submit(client, text=TEXT, region="26", district="사상구", company_size="small")
    assert response.status_code == 303
    thanks = client.get(response.headers["location"]).text
    assert "사상구" in thanks
    assert "소기업(10~49인)" in thanks
    # Another browser with the same reference sees only the reference, not the submission.
    other = world.client().get(response.headers["location"]).text
    assert "소기업(10~49인)" not in other
    with make_session_factory(world.engine)() as session:
        need = session.scalars(select(Need).where(Need.text == TEXT)).one()
        assert (need.region, need.district, need.company_size) == ("26", "사상구", "small")
    detail = world.login("staff").get(f"/needs/{need.id}").text
    assert "사상구" in detail
    assert "소기업(10~49인)" in detail


def test_district_outside_the_region_is_refused_and_the_input_kept(world):
    response = _submit(world.client(), text=TEXT + " 2", region="26", district="창원시")
    assert response.status_code == 422
    assert "창원시" in response.text
    assert "시·군·구가 아닙니다" in response.text


def test_a_too_short_imported_need_gets_no_recommendations(world):
    with make_session_factory(world.engine)() as session:
        need = session.scalars(select(Need)).first()
        assert need is not None
        need.text = "AI"
        session.commit()
        need_id = need.id
    page = world.login("staff").get(f"/needs/{need_id}").text
    assert 'id="too-short"' in page
    assert 'class="match"' not in page


def test_a_need_with_no_field_signal_is_shown_as_unclassified_without_recommendations(world):
    text = "안녕하세요 저희 회사를 소개하고 싶습니다 연락 부탁드립니다"
    response = _submit(world.client(), text=text, region="26")
    assert response.status_code == 303
    with make_session_factory(world.engine)() as session:
        need = session.scalars(select(Need).where(Need.text == text)).one()
        need_id, label = need.id, need.label
    assert label == "unknown"
    staff = world.login("staff")
    assert "미분류" in staff.get("/needs").text
    detail = staff.get(f"/needs/{need_id}").text
    assert 'class="match"' not in detail
