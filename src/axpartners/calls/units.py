"""Korean money amounts and dates as printed in 공고 text, normalised to KRW and ISO 8601.

Amounts: ``800억원`` → 80,000,000,000; ``0.5억원``; ``4천만원``; ``50백만원``; ``455천원``;
``1,182만원``; ``2억 5천만원``. Dates: ``2026년 3월 19일``, ``’26. 3. 19.(목)``,
``2026.03.19``, ``4. 20.(월)`` (year taken from context). All dates are calendar dates in
Asia/Seoul; a deadline with a time becomes ``YYYY-MM-DDTHH:MM:00+09:00``.
"""

from __future__ import annotations

import datetime as dt
import re

SEOUL_OFFSET = "+09:00"

_UNIT = {"조": 10**12, "억": 10**8, "천만": 10**7, "백만": 10**6, "만": 10**4, "천": 10**3}

AMOUNT = re.compile(
    r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<unit>조|억|천만|백만|만|천)?"
    r"(?:\s*(?P<num2>\d+(?:,\d{3})*)\s*(?P<unit2>억|천만|백만|만|천))?\s*원"
)
"""An amount ending in 원, with an optional second unit (``2억 5천만원``)."""


def amount_krw(match: re.Match[str]) -> int:
    """KRW from an :data:`AMOUNT` match."""
    value = float(match["num"].replace(",", "")) * _UNIT.get(match["unit"] or "", 1)
    if match["num2"]:
        value += float(match["num2"].replace(",", "")) * _UNIT[match["unit2"]]
    return round(value)


def parse_amount(text: str) -> int | None:
    """The first amount in ``text`` in KRW, or ``None``."""
    match = AMOUNT.search(text)
    return amount_krw(match) if match else None


_YEAR = r"(?:(?P<y>(?:19|20)\d{2})|[’‘'`\u00b4]\s?(?P<yy>\d{2}))"
DATE = re.compile(
    rf"(?:{_YEAR}\s*(?:년도?|\.)\s*)?(?P<m>1[0-2]|0?[1-9])\s*(?:월|\.)\s*(?P<d>3[01]|[12]\d|0?[1-9])"
    r"\s*(?:일|\.)?(?!\d)(?:\s*\(\s*[월화수목금토일]\s*\))?"
)
"""A date with an optional year: ``2026년 3월 19일``, ``’26. 3. 19.(목)``, ``4.27(월)``."""

TIME = re.compile(
    r"(?P<h>[01]?\d|2[0-4])\s*(?:시|:\s*(?P<mi>[0-5]\d))(?:\s*(?P<mi2>[0-5]\d)\s*분)?"
)


def date_iso(match: re.Match[str], *, default_year: int | None) -> str | None:
    """ISO date from a :data:`DATE` match; ``None`` when no year is known or it is invalid."""
    if match["y"]:
        year = int(match["y"])
    elif match["yy"]:
        year = 2000 + int(match["yy"])
    elif default_year is not None:
        year = default_year
    else:
        return None
    try:
        return dt.date(year, int(match["m"]), int(match["d"])).isoformat()
    except ValueError:
        return None


def time_hhmm(match: re.Match[str]) -> str:
    minute = match["mi"] or match["mi2"] or "00"
    return f"{int(match['h']):02d}:{minute}"


def deadline_at(date: str | None, time: str | None) -> str | None:
    """ISO 8601 date-time in Asia/Seoul, or ``None`` without both parts."""
    if not date or not time:
        return None
    hour, minute = time.split(":")
    if hour == "24":
        return f"{date}T23:59:00{SEOUL_OFFSET}"
    return f"{date}T{hour}:{minute}:00{SEOUL_OFFSET}"
