from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from axpartners.units import format_moment
from axpartners.web.display import localdate


def _naive(*parts: int) -> datetime:
    """A stored moment as SQLite hands it back: UTC without tzinfo."""
    return datetime(*parts, tzinfo=UTC).replace(tzinfo=None)


MOMENTS = [
    None,
    date(2026, 3, 1),
    _naive(2026, 12, 31, 15, 0),  # naive UTC on SQLite: already 1 January in Seoul
    _naive(2026, 12, 31, 14, 59, 59),
    datetime(2026, 6, 1, 23, 30, tzinfo=UTC),
    datetime(2026, 6, 1, 8, 0, tzinfo=timezone(timedelta(hours=-5))),
    _naive(999, 5, 5, 12, 0),  # strftime's year is not padded; isoformat's would be
]


@pytest.mark.parametrize("moment", MOMENTS)
def test_localdate_is_the_seoul_date_as_format_moment_prints_it(moment: object) -> None:
    assert localdate(moment) == format_moment(moment, "%Y-%m-%d")  # type: ignore[arg-type]


def test_localdate_crosses_midnight_in_seoul() -> None:
    assert localdate(_naive(2026, 12, 31, 15, 0)) == "2027-01-01"
