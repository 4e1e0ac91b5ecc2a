"""Page furniture in layout text (``pdftotext -layout`` and the like): found and dropped.

Running headers, footers and page numbers are recognised as lines that repeat across pages:
a line whose *template* (digits → ``0``, runs of spaces → one space) occurs three times or
more and that carries a page number at one end (``Ⅲ. 123대 국정과제   051``,
``052   이재명정부 123대 국정과제``, ``022   국민이 만든 대전환의 길   023``), or a far-indented
line repeated verbatim (a right-aligned running header or side tab). Lines that are only a
number are page numbers, and so is a page number with a short running title across a wide gap
(seen once, in an excerpt of two pages). Tables of contents are runs of three or more lines ending in a page
number after a gap (``▪ 추진전략 1 : 국민주권과 민주주의의 확립     050``) plus the ``차례``/
``목차`` word. Dropped header lines also advance the page counter, so every kept line knows its
page; form feeds do too.

Nothing dropped is glued to a neighbour: callers receive the kept lines one by one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

_GAP = re.compile(r"\s{2,}")
_PAGE_NO = re.compile(r"^\s*[-–(]?\s*\d{1,3}\s*[-–)]?\s*$")
_EDGE_NUMBER = re.compile(r"^\d{1,3}\s|\s\d{1,3}$")
_LONE_HEADER = re.compile(r"^\s*\d{1,3}\s{20,}\S.{0,40}$|^\s*\S.{0,40}?\S\s{20,}\d{1,3}\s*$")
"""A page number and a short running title across the page: a header even if seen once."""
_TOC_LINE = re.compile(r"\S.*?(?:\s{3,}|[.·…]{3,}\s*)\d{1,3}\s*$")
_TOC_WORD = re.compile(r"^\s*(?:차\s*례|목\s*차|contents)\s*$", re.IGNORECASE)
_MIN_REPEAT = 3
_FURNITURE_MAX = 60
_FAR_INDENT = 20


@dataclass(frozen=True, slots=True)
class Line:
    """One kept line: its index in the input, page (1-based, counted from headers), the raw
    text without the newline, and its indentation in characters."""

    no: int
    page: int
    raw: str

    @property
    def indent(self) -> int:
        return len(self.raw) - len(self.raw.lstrip())

    @property
    def text(self) -> str:
        return self.raw.strip()


def template(line: str) -> str:
    """``052   이재명정부 123대`` → ``0 이재명정부 0대``: the form repeated page furniture shares."""
    return re.sub(r"\d+", "0", " ".join(line.split()))


def furniture(lines: Sequence[str], *, keep: Collection[int] = ()) -> set[int]:
    """Indices of header, footer, page-number and table-of-contents lines (never ``keep``)."""
    templates = Counter(template(s) for s in lines if s.strip())
    verbatim = Counter(" ".join(s.split()) for s in lines if s.strip())
    drop: set[int] = set()
    for i, raw in enumerate(lines):
        text = " ".join(raw.split())
        if not text or i in keep:
            continue
        if (
            _PAGE_NO.match(raw)
            or _LONE_HEADER.match(raw)
            or (
                len(text) <= _FURNITURE_MAX
                and (
                    (templates[template(raw)] >= _MIN_REPEAT and _EDGE_NUMBER.search(text))
                    or (verbatim[text] >= _MIN_REPEAT and _indent(raw) >= _FAR_INDENT)
                )
            )
        ):
            drop.add(i)
    drop |= _toc_lines(lines, keep=keep)
    return drop


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip())


def _toc_lines(lines: Sequence[str], *, keep: Collection[int]) -> set[int]:
    """Runs of ≥3 ``title … page`` lines (at most three other lines between), with the lines
    between them and a nearby ``차례`` word."""
    hits = [i for i, s in enumerate(lines) if _TOC_LINE.match(s.strip()) and i not in keep]
    drop: set[int] = set()
    run: list[int] = []
    for i in [*hits, 10**9]:
        if run and i - run[-1] > 4:
            if len(run) >= _MIN_REPEAT:
                drop.update(j for j in range(run[0], run[-1] + 1) if j not in keep)
            run = []
        run.append(i)
    drop.update(i for i, s in enumerate(lines) if _TOC_WORD.match(s))
    return drop


def page_lines(text: str, *, keep_lines: Collection[int] = ()) -> list[Line]:
    """The lines of ``text`` without page furniture, numbered with their page."""
    raw_lines = text.replace("\r\n", "\n").split("\n")
    lines: list[str] = []
    breaks: set[int] = set()
    for raw in raw_lines:
        parts = raw.split("\f")
        for k, part in enumerate(parts):
            if k:
                breaks.add(len(lines))
            lines.append(part.rstrip())
    drop = furniture(lines, keep=keep_lines)
    page = 1
    seen_text = False
    prev_dropped = False
    out: list[Line] = []
    for i, raw in enumerate(lines):
        if i in breaks and seen_text:
            page += 1
            seen_text = False
        if i in drop:
            # One header (or footer + header pair) marks one page break.
            if seen_text and not prev_dropped and i not in breaks:
                page += 1
                seen_text = False
            prev_dropped = True
            continue
        if raw.strip():
            prev_dropped = False
            seen_text = True
            out.append(Line(i, page, raw))
    return out


def split_gap(raw: str) -> list[tuple[int, str]]:
    """``raw`` cut at runs of two or more spaces: (column, text) pieces."""
    pieces: list[tuple[int, str]] = []
    pos = 0
    for m in _GAP.finditer(raw):
        if raw[pos : m.start()].strip():
            pieces.append((pos, raw[pos : m.start()]))
        pos = m.end()
    if raw[pos:].strip():
        pieces.append((pos, raw[pos:]))
    return pieces
