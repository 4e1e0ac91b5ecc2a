"""Jinja filters every template uses to show money, times and names the same way (issue 16).

``{{ amount|won }}`` and ``{{ budget|mkrw }}`` print 억원/만원 (or KRW … in English);
``{{ moment|localtime }}`` and ``{{ moment|localdate }}`` print Asia/Seoul time;
``{{ code|industry_full }}`` the KSIC name of an industry code; ``{{ row|candidate_title }}``
a project candidate's title in the page's language; ``dataset_title``, ``convention_name``
and ``measure_name`` say the strengths selectors' values in words; ``{{ text|clip(80) }}``
shortens between words. The locale is
taken from the template context, so a filter needs no argument for it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from axpartners.codes import industry_name
from axpartners.db.tables import ProjectCandidate
from axpartners.i18n.catalog import translate
from axpartners.services.onepager import display_title
from axpartners.text.clip import clip_words
from axpartners.units import format_mkrw, format_moment, format_won, to_local


def _locale(context: Context) -> str:
    locale = context.get("locale", "ko")
    return locale if isinstance(locale, str) else "ko"


@pass_context
def won(context: Context, amount: float | None) -> str:
    return format_won(amount, _locale(context))


@pass_context
def mkrw(context: Context, amount: float | None) -> str:
    return format_mkrw(amount, _locale(context))


def localtime(moment: datetime | date | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return format_moment(moment, fmt)


def localdate(moment: datetime | date | None) -> str:
    # isoformat, not strftime: the same text for a four-digit year at half the cost (once per
    # line of every list page)
    if isinstance(moment, datetime):
        local = to_local(moment)
        if local.year >= 1000:
            return local.date().isoformat()
    return format_moment(moment, "%Y-%m-%d")


@pass_context
def industry_full(context: Context, code: str | None) -> str:
    """The KSIC name of an industry code in the page's language (the code when unknown)."""
    return industry_name(code, _locale(context)) if code else ""


@pass_context
def candidate_title(context: Context, row: ProjectCandidate) -> str:
    """A candidate's title in the page's language (as typed when staff edited it)."""
    return display_title(row, _locale(context))


_TABLE_ID = re.compile(r"\s*\bDT_[0-9A-Z_]+\b")
TITLE_MAX = 64


def dataset_title(source: str, name: str = "") -> str:
    """A loaded dataset's title from its citation: the part before the dash, without the KOSIS
    table id, at most :data:`TITLE_MAX` letters and cut between words (never mid-word)."""
    head = _TABLE_ID.sub("", source.split(" — ")[0]).strip() or name
    if len(head) <= TITLE_MAX:
        return head
    cut = head[:TITLE_MAX].rsplit(" ", 1)[0].rstrip(" ,:;·(")
    return f"{cut}…"


@pass_context
def convention_name(context: Context, convention: str) -> str:
    """``ecomplexity``/``stata`` said as what they are (which software's standardisation)."""
    return translate(f"ui.strengths.convention.{convention}", _locale(context))


@pass_context
def measure_name(context: Context, measure: str) -> str:
    """A statistics measure (``종사자수``) in the page's language; unknown ones as they are."""
    code = f"ui.strengths.measure.{measure}"
    text = translate(code, _locale(context))
    return measure if text == code else text


FILTERS: dict[str, Any] = {
    "won": won,
    "mkrw": mkrw,
    "localtime": localtime,
    "localdate": localdate,
    "industry_full": industry_full,
    "candidate_title": candidate_title,
    "dataset_title": dataset_title,
    "convention_name": convention_name,
    "measure_name": measure_name,
    "clip": clip_words,
}


def install(env: Environment) -> None:
    """Register the display filters on a Jinja environment (the app's and the reports')."""
    env.filters.update(FILTERS)
