"""Local calendar time of the council (Korea Standard Time), for due dates and 'today'."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

KST = ZoneInfo("Asia/Seoul")


def today() -> date:
    return datetime.now(KST).date()
