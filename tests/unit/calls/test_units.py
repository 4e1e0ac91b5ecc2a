"""Amounts to KRW and dates to ISO 8601 as 공고 print them."""

from __future__ import annotations

import pytest

from axpartners.calls.units import DATE, date_iso, deadline_at, parse_amount


@pytest.mark.parametrize(
    ("text", "krw"),
    [
        ("800억원", 80_000_000_000),
        ("최대 0.5억원", 50_000_000),
        ("최대 4천만원", 40_000_000),
        ("50백만원 이하", 50_000_000),
        ("455천원", 455_000),
        ("1,182만원", 11_820_000),
        ("2억 5천만원", 250_000_000),
        ("21만원", 210_000),
        ("1조 2억원", 1_000_200_000_000),
    ],
)
def test_amount_to_krw(text: str, krw: int) -> None:
    assert parse_amount(text) == krw


def test_no_amount_is_none() -> None:
    assert parse_amount("지원 예산 미정") is None


@pytest.mark.parametrize(
    ("text", "year", "iso"),
    [
        ("2026년 3월 19일", None, "2026-03-19"),
        ("’26. 3. 19.(목)", None, "2026-03-19"),
        ("4. 20.(월)", 2026, "2026-04-20"),
        ("5.11(월)", 2026, "2026-05-11"),
        ("2012.09.28", None, "2012-09-28"),
    ],
)
def test_dates(text: str, year: int | None, iso: str) -> None:
    match = DATE.search(text)
    assert match is not None
    assert date_iso(match, default_year=year) == iso


def test_date_without_year_and_no_context_is_none() -> None:
    match = DATE.search("4. 20.(월)")
    assert match is not None
    assert date_iso(match, default_year=None) is None


def test_invalid_date_is_none() -> None:
    match = DATE.search("2026년 2월 30일")
    assert match is not None
    assert date_iso(match, default_year=None) is None


def test_deadline_in_seoul_time() -> None:
    assert deadline_at("2026-04-20", "17:00") == "2026-04-20T17:00:00+09:00"
    assert deadline_at("2026-04-20", None) is None
