"""Headings of a 사업계획서 form (business-plan template) read from its text.

A form numbers its chapters ``1.``, ``2.`` … and their sections ``1.1``, ``1.2`` …; the same
patterns also occur inside tables and example lists (``1. 시간당 생산량``), so a line counts
as a heading only when it continues the numbering: chapter ``n+1`` after chapter ``n``,
section ``n.(m+1)`` after ``n.m``. Table rows (``a | b`` lines) and long titles (over 40 characters once a trailing
``※``/``*`` note is cut: sentences of the form's instructions) are never headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FormHeading", "form_headings"]

_CHAPTER = re.compile(r"^\s*(\d{1,2})\.\s+(\S.*)$")
_SECTION = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.?\s+(\S.*)$")
_MAX_HEADING = 40
_NOTE = re.compile(r"\s{2,}\*.*$|\s+※.*$")


@dataclass(frozen=True, slots=True)
class FormHeading:
    """``number`` like ``"2.5"``; ``level`` 1 for a chapter, 2 for a section."""

    number: str
    title: str
    level: int


def _clean(title: str) -> str:
    return re.sub(r"\s+", " ", _NOTE.sub("", title)).strip()


def form_headings(text: str) -> list[FormHeading]:
    """The numbered chapter and section headings of a form, in order."""
    out: list[FormHeading] = []
    chapter, section = 0, 0
    for line in text.splitlines():
        if "|" in line:
            continue
        if m := _SECTION.match(line):
            top, sub = int(m[1]), int(m[2])
            if top == chapter and sub == section + 1 and len(_clean(m[3])) <= _MAX_HEADING:
                section = sub
                out.append(FormHeading(f"{top}.{sub}", _clean(m[3]), 2))
            continue
        m = _CHAPTER.match(line)
        if m and int(m[1]) == chapter + 1 and len(_clean(m[2])) <= _MAX_HEADING:
            chapter, section = chapter + 1, 0
            out.append(FormHeading(str(chapter), _clean(m[2]), 1))
    return out
