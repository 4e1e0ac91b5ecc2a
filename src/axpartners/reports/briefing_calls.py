"""The briefing pack's page of calls for proposals (공고): open calls by deadline with D-day,
support, required consortium roles and the council's candidates that fit each.

Pure core: :class:`CallBrief` rows come from ``services.calls_brief``; this module renders them
as the HTML ``<section id="calls">`` and as the PDF's flowables. When no call is open the
page says so and lists the most recently closed ones (to prepare the next round).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from markupsafe import Markup

from axpartners.units import format_won

__all__ = ["SECTION", "CallBrief", "calls_html", "calls_pdf"]

SECTION = "calls"


@dataclass(frozen=True, slots=True)
class CallBrief:
    title: str
    deadline: str | None
    """ISO date (Asia/Seoul) with the time when the call gives one: ``2026-04-20 17:00``."""
    d_day: int | None
    ministry: str
    per_project_krw: int | None
    support_ratio: float | None
    roles: tuple[str, ...]
    candidates: tuple[str, ...]
    """The best fitting candidates, ``"company — title"``."""

    @property
    def is_open(self) -> bool:
        return self.d_day is None or self.d_day >= 0


def _d_day(days: int | None, t: Callable[..., str]) -> str:
    if days is None:
        return t("ui.calls.no_deadline")
    if days == 0:
        return "D-Day"
    return f"D-{days}" if days > 0 else t("ui.calls.closed_since", n=-days)


def _support(call: CallBrief, locale: str) -> str:
    parts = []
    if call.per_project_krw:
        parts.append(format_won(call.per_project_krw, locale))
    if call.support_ratio:
        parts.append(f"{call.support_ratio:.0%}")
    return " · ".join(parts)


def _rows(calls: Sequence[CallBrief], t: Callable[..., str], locale: str) -> list[list[str]]:
    return [
        [
            _d_day(c.d_day, t) + (f" ({c.deadline})" if c.deadline else ""),
            c.title + (f" — {c.ministry}" if c.ministry else ""),
            _support(c, locale),
            ", ".join(c.roles),
            " / ".join(c.candidates) or t("ui.calls.no_fits"),
        ]
        for c in calls
    ]


def _header(t: Callable[..., str]) -> list[str]:
    return [t(f"reports.calls.col.{k}") for k in ("deadline", "call", "support", "roles", "fits")]


def _intro(calls: Sequence[CallBrief], t: Callable[..., str]) -> str | None:
    if not calls:
        return None
    return None if any(c.is_open for c in calls) else t("reports.calls.none_open")


def calls_html(calls: Sequence[CallBrief], *, t: Callable[..., str], locale: str) -> Markup:
    """``<section id="calls">`` for the HTML briefing (escaped; the heading always shown)."""
    out = [f'<section id="{SECTION}">', f"<h2>{escape(t('reports.section.calls'))}</h2>"]
    if not calls:
        out.append(f'<p class="empty">{escape(t("reports.empty"))}</p>')
    else:
        if intro := _intro(calls, t):
            out.append(f"<p>{escape(intro)}</p>")
        head = "".join(f"<th>{escape(h)}</th>" for h in _header(t))
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
            for row in _rows(calls, t, locale)
        )
        out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    out.append("</section>")
    return Markup("\n".join(out))


def calls_pdf(
    calls: Sequence[CallBrief],
    *,
    t: Callable[..., str],
    locale: str,
    heading: Callable[[str], list[Any]],
    table: Callable[..., Any],
    paragraph: Callable[[str], Any],
) -> list[Any]:
    """The PDF flowables, built with the briefing's own ``heading``/``table``/``paragraph``."""
    story = heading(SECTION)
    if not calls:
        return [*story, paragraph(escape(t("reports.empty")))]
    if intro := _intro(calls, t):
        story.append(paragraph(escape(intro)))
    rows = [[escape(cell) for cell in row] for row in _rows(calls, t, locale)]
    story.append(table(_header(t), rows, [1.8, 4, 1.8, 1.6, 4]))
    return story
