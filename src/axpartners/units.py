"""Money and moments as people read them: 억원/만원 and Korean local time (issue 16).

Budgets are stored in won (policy items) or in 백만원 (planning assumptions, lead-map budgets);
both are shown in one style: ``120억원`` or ``1억 1,250만원`` from 1억 up (to the 만원, so
budget splits still add up), ``5,000만원`` below, and ``KRW 12 billion`` / ``KRW 50 million`` in English. Stored times are
UTC (naive on SQLite) and shown in Asia/Seoul, so the same moment reads the same on every page.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from axpartners.clock import KST
from axpartners.i18n.catalog import translate

EOK = 10**8
MAN = 10**4
MKRW = 10**6


def _number(value: float, *, decimals: int = 1) -> str:
    """``1,200`` for a whole number, ``1.5`` otherwise (never ``-0``)."""
    rounded = round(value, decimals)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.{decimals}f}"


def format_won(amount: float | None, locale: str = "ko") -> str:
    """An amount in won as 억원 (from 1억, with the 만원 remainder) or 만원 (below), ``—`` when
    unknown; English in billions/millions with one decimal."""
    if amount is None:
        return "—"
    sign = "-" if amount < 0 else ""
    won = abs(float(amount))
    if locale != "ko":
        if won >= 10**9:
            return f"{sign}KRW {_number(won / 10**9)} billion"
        if won >= MKRW:
            return f"{sign}KRW {_number(won / MKRW)} million"
        return f"{sign}KRW {_number(won, decimals=0)}"
    if won >= EOK:
        eok, rest = divmod(round(won / MAN), EOK // MAN)
        if rest == 0:
            return translate("units.eok", "ko", n=sign + f"{eok:,}")
        return translate("units.eok_man", "ko", n=sign + f"{eok:,}", m=f"{rest:,}")
    if won >= MAN or won == 0:
        return translate("units.man", "ko", n=sign + _number(won / MAN, decimals=0))
    return translate("units.won", "ko", n=sign + _number(won, decimals=0))


def format_mkrw(amount_mkrw: float | None, locale: str = "ko") -> str:
    """An amount given in 백만원 (million won), in the same style as :func:`format_won`."""
    return format_won(None if amount_mkrw is None else amount_mkrw * MKRW, locale)


def to_local(moment: datetime) -> datetime:
    """A stored moment (UTC; naive on SQLite) in Asia/Seoul."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(KST)


def format_moment(moment: datetime | date | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A moment as Korean local time; a plain date as it is; ``""`` when missing."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        return to_local(moment).strftime(fmt)
    return moment.strftime(fmt.split(" ")[0])
