"""Staff corrections of call facts: typed parsing, clearing, derived facts, bad values."""

from __future__ import annotations

import pytest

from axpartners.calls.correct import apply_correction, parse_fact, value_text
from axpartners.errors import InputError


@pytest.mark.parametrize(
    ("field", "raw", "value"),
    [
        ("per_project_max_krw", "2억원", 200_000_000),
        ("per_project_max_krw", "2억 5천만", 250_000_000),
        ("total_budget_krw", "80,000,000,000", 80_000_000_000),
        ("support_ratio", "50%", 0.5),
        ("support_ratio", "0.75", 0.75),
        ("apply_deadline", " 2026-04-30 ", "2026-04-30"),
        ("apply_deadline_time", "9:30", "09:30"),
        ("duration_months", "6", 6),
        ("consortium_roles", "주관기관, 참여기관, 주관기관", ["주관기관", "참여기관"]),
        (
            "evaluation",
            "역량: 20\n타당성 | 25점",
            [{"item": "역량", "points": 20}, {"item": "타당성", "points": 25}],
        ),
        ("exclusions", "휴·폐업\n\n체납  기업", ["휴·폐업", "체납 기업"]),
        ("ministry", "  ", None),
        ("exclusions", "", []),
    ],
)
def test_parse(field, raw, value) -> None:
    assert parse_fact(field, raw) == value


@pytest.mark.parametrize(
    ("field", "raw", "code"),
    [
        ("apply_deadline", "2026-02-30", "calls.bad_fact"),
        ("apply_deadline_time", "25:00", "calls.bad_fact"),
        ("support_ratio", "0%", "calls.bad_fact"),
        ("n_projects", "-3", "calls.bad_fact"),
        ("evaluation", "no points here", "calls.bad_fact"),
        ("evidence", "x", "calls.unknown_fact"),
    ],
)
def test_bad_values(field, raw, code) -> None:
    with pytest.raises(InputError) as err:
        parse_fact(field, raw)
    assert err.value.code == code


def test_apply_keeps_derived_facts_in_step_and_leaves_the_input() -> None:
    facts = {"apply_deadline": "2026-04-20", "apply_deadline_time": "17:00",
             "apply_deadline_at": "2026-04-20T17:00:00+09:00", "consortium": {"roles": ["도입기업"]}}  # fmt: skip
    out = apply_correction(facts, "apply_deadline", "2026-05-01")
    assert out["apply_deadline_at"] == "2026-05-01T17:00:00+09:00"
    assert facts["apply_deadline"] == "2026-04-20"
    roles = apply_correction(facts, "consortium_roles", [])
    assert roles["consortium"] == {"roles": [], "required": None}
    assert facts["consortium"] == {"roles": ["도입기업"]}


@pytest.mark.parametrize("field", ["support_ratio", "evaluation", "consortium_roles", "exclusions"])
def test_value_text_reads_back(field) -> None:
    samples = {
        "support_ratio": 0.5,
        "evaluation": [{"item": "역량", "points": 20}],
        "consortium_roles": ["도입기업", "공급기업"],
        "exclusions": ["휴·폐업"],
    }
    assert parse_fact(field, value_text(field, samples[field])) == samples[field]
