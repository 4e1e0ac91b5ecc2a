"""Money in one style (억원 / 만원) and moments in Asia/Seoul (issue 16)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from axpartners.units import format_mkrw, format_moment, format_won, to_local


@pytest.mark.parametrize(
    ("won", "ko", "en"),
    [
        (12_000_000_000, "120억원", "KRW 12 billion"),
        (18_000 * 10**6, "180억원", "KRW 18 billion"),
        (150_000_000, "1억 5,000만원", "KRW 150 million"),
        (112_500_000, "1억 1,250만원", "KRW 112.5 million"),
        (100_000_000, "1억원", "KRW 100 million"),
        (99_990_000, "9,999만원", "KRW 100 million"),
        (50_000_000, "5,000만원", "KRW 50 million"),
        (1_200_000_000_000, "12,000억원", "KRW 1,200 billion"),
        (5_000, "5,000원", "KRW 5,000"),
        (0, "0만원", "KRW 0"),
        (None, "—", "—"),
    ],
)
def test_won_reads_in_eok_from_one_eok_and_man_below(won, ko, en):
    assert format_won(won, "ko") == ko
    assert format_won(won, "en") == en


def test_mkrw_uses_the_same_style_so_pages_never_mix_units():
    # The lead map used to print "18,000백만원" next to a policy title's "120억원".
    assert format_mkrw(18_000, "ko") == "180억원"
    assert format_mkrw(300, "ko") == "3억원"
    assert format_mkrw(50, "ko") == "5,000만원"
    assert "백만원" not in format_mkrw(12_345.6, "ko")
    assert format_mkrw(12_345.6, "ko") == "123억 4,560만원"


def test_naive_and_aware_moments_show_the_same_seoul_time():
    aware = datetime(2026, 12, 2, 16, 44, tzinfo=UTC)
    naive = aware.replace(tzinfo=None)  # SQLite hands UTC back without tzinfo
    other_zone = aware.astimezone(timezone(timedelta(hours=-5)))
    assert format_moment(aware) == format_moment(naive) == format_moment(other_zone)
    assert format_moment(aware) == "2026-12-03 01:44"
    assert to_local(naive).utcoffset() == timedelta(hours=9)


def test_dates_and_missing_moments():
    assert format_moment(date(2027, 1, 5)) == "2027-01-05"
    assert format_moment(None) == ""
    assert format_moment(datetime(2026, 12, 31, 20, 0, tzinfo=UTC), "%Y-%m-%d") == "2027-01-01"
