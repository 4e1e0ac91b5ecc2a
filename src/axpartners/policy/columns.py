"""Two-column layout text read column by column.

``pdftotext -layout`` writes a two-page spread (or a two-column page) as one text line per
physical line: the left column's text, a gap, the right column's text. Per spread (the lines
up to a footer carrying two page numbers, ``022 … 023``, or a form feed) the gutter is the
column where most pieces after a layout gap start, searched in the middle of the line width;
the spread is two-column when four or more lines have text on both sides of that column and,
with the lines that start at it, they make a fifth of its text lines. Each line is then cut at the gap that ends near the gutter, and the spread is
emitted as its left column followed by its right column, each keeping its own indentation.
Text far right of the right column's body (photo captions, side tabs) is split off after a
wide gap and emitted after the right column, so it is never glued into a sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

_SPREAD_FOOTER = re.compile(r"^\s*\d{1,3}\s{2,}\S.*\s{2,}\d{1,3}\s*$")
_GAP = re.compile(r" {2,}")
_SLACK = 3
_MIN_BOTH = 0.2
_MIN_BOTH_LINES = 4
_CAPTION_GAP = 5
_RIGHT_ONLY = 0.8


def _starts(line: str) -> list[int]:
    return [m.end() for m in _GAP.finditer(line) if m.end() < len(line)]


def find_gutter(lines: Sequence[str]) -> int | None:
    """The gutter column of one spread, or ``None`` when it is not two-column."""
    text = [s.rstrip() for s in lines if s.strip()]
    if len(text) < 4:
        return None
    width = max(len(s) for s in text)
    counts: Counter[int] = Counter()
    for s in text:
        for col in _starts(s):
            if 0.3 * width <= col <= 0.7 * width:
                counts[col] += 1
    if not counts:
        return None
    best = max(counts, key=lambda c: (sum(counts[c + d] for d in range(-_SLACK, _SLACK + 1)), -c))
    both = sum(1 for s in text if _cut(s, best) is not None)
    aligned = sum(1 for s in text if abs(len(s) - len(s.lstrip()) - best) <= _SLACK)
    two_column = both >= _MIN_BOTH_LINES and both + aligned >= _MIN_BOTH * len(text)
    return best if two_column else None


def _cut(line: str, gutter: int) -> int | None:
    """Where a line with text on both sides splits: the end of a gap (≥2 spaces) within the
    slack of the gutter, or ``None``."""
    for m in _GAP.finditer(line):
        if abs(m.end() - gutter) <= _SLACK and m.end() < len(line) and line[: m.start()].strip():
            return m.end()
    return None


def _split_spread(lines: Sequence[str], gutter: int) -> list[str]:
    left: list[str] = []
    right: list[str] = []
    side: list[str] = []
    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            left.append("")
            right.append("")
        elif len(line) - len(line.lstrip()) >= _RIGHT_ONLY * gutter:
            # Starts near the gutter (a right page's heading may start a little left of it).
            start = len(line) - len(line.lstrip())
            _right(line[start:], max(0, start - gutter), right, side)
        elif (cut := _cut(line, gutter)) is not None:
            left.append(line[:cut].rstrip())
            _right(line[cut:], max(0, cut - gutter), right, side)
        else:
            left.append(line)
    return [*left, *right, *side]


def _right(text: str, offset: int, right: list[str], side: list[str]) -> None:
    m = re.search(rf" {{{_CAPTION_GAP},}}", text)
    if m:
        side.append(text[m.end() :].strip())
        text = text[: m.start()]
    right.append(" " * offset + text.rstrip())


def read_columns(text: str) -> str:
    """``text`` with every two-column spread rewritten as left column then right column."""
    out: list[str] = []
    spread: list[str] = []

    def flush(footer: str | None) -> None:
        gutter = find_gutter(spread)
        out.extend(_split_spread(spread, gutter) if gutter is not None else spread)
        if footer is not None:
            out.append(footer)
        spread.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        if "\f" in raw:
            head, _, tail = raw.partition("\f")
            spread.append(head)
            flush("\f" + tail if tail else "\f")
            continue
        if _SPREAD_FOOTER.match(raw):
            flush(raw)
            continue
        spread.append(raw)
    flush(None)
    return "\n".join(out).replace("\n\f", "\f")
