"""National-task plans in layout text: 국정목표 → 추진전략 → 과제 (number, title, ministry) → body.

A national tasks plan (「123대 국정과제」 and plans written like it) heads every task with its
number and title on one line and the lead ministry right-aligned below::

       02   국민의 군대를 위한 민주적 ·제도적 통제 강화
                                                        국방부

Task headings are found without a fixed list: every line ``NN   title`` (2–3 digits, a gap,
a title with Hangul and no wide layout gap inside) is a candidate, and the candidates that
form the longest run of consecutive numbers in reading order are the tasks (a chart value or
a list row cannot continue the run). A title wrapped onto the next line (indented, before the
ministry line) is joined; the ministry line is the next short line indented far to the right.
``국정목표 N`` and ``전략-N`` lines take the next line as their title. The body of each task
is structured with the document's own marker ladder (:func:`structure.learn_ranks`). Page
furniture is dropped first (:mod:`axpartners.policy.layout`); heading lines are protected.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from axpartners.policy.columns import read_columns
from axpartners.policy.document import Block
from axpartners.policy.layout import Line, page_lines
from axpartners.policy.outline import (
    _NOTE,
    Marker,
    PolicyItem,
    _Builder,
    _sequence_ok,
    detect_marker,
    learn_ranks,
    structure_blocks,
)

_TASK = re.compile(r"^(\s{0,12})(\d{2,3})(\s+)(\S.*?)\s*$")
_GOAL = re.compile(r"^\s*[●▪■◆]?\s*(국정목표|목표)\s*(\d{1,2})\s*(?:[:：.]\s*(\S.*?))?\s*$")
_STRATEGY = re.compile(
    r"^\s*[●▪■◆]?\s*(?:추진)?전략\s*[-\u2010\u2013]?\s*(\d{1,2})\s*(?:[:：.]\s*(\S.*?))?\s*$"
)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_VALUE = re.compile(r"^[\d.,]+(?:\s|%|$|[.,]\d)")
"""A title may start with a counted word (``4대강``, ``2차``), not with a bare value."""
_MINISTRY_INDENT = 25
_MINISTRY_MAX = 30
_LOOKAHEAD = 6
_MIN_TASKS = 2
_SIDE_TAB = 3
_FAR = 20


@dataclass(frozen=True, slots=True)
class TaskHeading:
    """One task heading: the line indices it covers (heading, wraps, ministry line)."""

    no: str
    title: str
    ministry: str
    lines: tuple[int, ...]


def _candidate(raw: str) -> tuple[str, str, int] | None:
    m = _TASK.match(raw)
    if not m:
        return None
    title = m.group(4)
    if not _HANGUL.search(title[:12]) or re.search(r"\s{3,}", title) or _VALUE.match(title):
        return None
    return m.group(2), title, len(m.group(1)) + len(m.group(2)) + len(m.group(3))


def find_task_headings(lines: Sequence[str]) -> list[TaskHeading]:
    """The task headings of a plan (the longest consecutive-number run), or ``[]``."""
    cands = [(i, c) for i, raw in enumerate(lines) if (c := _candidate(raw)) is not None]
    best: list[int] = [1] * len(cands)
    prev: list[int | None] = [None] * len(cands)
    ending: dict[int, int] = {}  # number → candidate with the longest run ending at it
    for k, (_, (no, _t, _c)) in enumerate(cands):
        n = int(no)
        # A run may skip one number: a heading the layout broke must not cut the run in two.
        j = ending.get(n - 1, ending.get(n - 2))
        if j is not None:
            best[k], prev[k] = best[j] + 1, j
        if n not in ending or best[k] > best[ending[n]]:
            ending[n] = k
    if not cands or max(best) < _MIN_TASKS:
        return []
    end: int | None = max(range(len(cands)), key=lambda n: (best[n], -n))
    chain: list[int] = []
    while end is not None:
        chain.append(end)
        end = prev[end]
    return [_heading(lines, *cands[c]) for c in reversed(chain)]


def _heading(lines: Sequence[str], i: int, cand: tuple[str, str, int]) -> TaskHeading:
    no, title, column = cand
    used = [i]
    wraps: list[str] = []
    ministry = ""
    for j in range(i + 1, min(len(lines), i + 1 + _LOOKAHEAD)):
        raw = lines[j]
        text = raw.strip()
        if not text:
            continue
        indent = len(raw) - len(raw.lstrip())
        if indent >= _MINISTRY_INDENT and len(text) <= _MINISTRY_MAX and _HANGUL.search(text):
            ministry = text
            used.append(j)
            break
        if detect_marker(raw) is not None or _NOTE.match(text) or abs(indent - column) > 2:
            break
        wraps.append(text)
        used.append(j)
    if not ministry:
        used, wraps = [i], []  # without a ministry line a wrap cannot be told from the body
    for wrap in wraps:
        title += wrap if wrap.startswith("(") or title.endswith("(") else " " + wrap
    return TaskHeading(no, title, ministry, tuple(used))


def _divider(lines: Sequence[Line], k: int) -> tuple[str, str, str, int] | None:
    """(kind, number, title, lines used) for ``국정목표 N`` / ``전략-N`` at ``lines[k]``."""
    for kind, pattern, group in (("goal", _GOAL, 2), ("strategy", _STRATEGY, 1)):
        m = pattern.match(lines[k].raw)
        if not m:
            continue
        title = m.group(group + 1) or ""
        if title:
            return kind, m.group(group), title, 1
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        if nxt is not None and detect_marker(nxt.raw) is None and _candidate(nxt.raw) is None:
            return kind, m.group(group), nxt.text, 2
        return kind, m.group(group), "", 1
    return None


def structure_plan(text: str) -> tuple[PolicyItem, ...] | None:
    """Items of a national tasks plan in layout text, or ``None`` when it has no task run."""
    raw_lines = text.replace("\r\n", "\n").replace("\f", "\n\f").split("\n")
    plain = [s.replace("\f", "") for s in raw_lines]
    headings = find_task_headings(plain)
    if not headings:
        return None
    by_line = {h.lines[0]: h for h in headings}
    skip = {j for h in headings for j in h.lines[1:]}
    protected = {j for h in headings for j in h.lines}
    repeated = Counter(s.strip() for s in plain if s.strip())
    dividers: set[int] = set()
    for i, s in enumerate(plain):
        # A goal line repeated far right on every page is a side tab, not a divider.
        side_tab = repeated[s.strip()] >= _SIDE_TAB and len(s) - len(s.lstrip()) >= _FAR
        if (_GOAL.match(s) or _STRATEGY.match(s)) and not side_tab:
            protected.update((i, i + 1))
            dividers.add(i)
    lines = page_lines("\n".join(raw_lines), keep_lines=protected)
    markers = [
        (ln.indent, m)
        for ln in lines
        if ln.no not in by_line and ln.no not in skip
        and not _NOTE.match(ln.text) and (m := detect_marker(ln.raw)) is not None
    ]  # fmt: skip
    ranks = learn_ranks(markers)
    builder = _Builder()
    k = 0
    while k < len(lines):
        line = lines[k]
        k += 1
        if line.no in skip:
            continue
        heading = by_line.get(line.no)
        if heading is not None:
            marker = Marker("task", -10, heading.no, heading.title)
            builder.open(marker, line=line.text, page=line.page, ministry=heading.ministry)
            if heading.ministry:
                builder.add_text(heading.ministry, page=line.page)
            continue
        divider = _divider(lines, k - 1) if line.no in dividers else None
        if divider is not None:
            kind, no, title, used = divider
            rank = -30 if kind == "goal" else -20
            label = f"{'목표' if kind == 'goal' else '전략'}{no}"
            builder.open(Marker(kind, rank, label, title), line=title or line.text, page=line.page)
            k += used - 1
            continue
        found = None if _NOTE.match(line.text) else detect_marker(line.raw)
        if found is not None and _sequence_ok(found, builder.stack):
            found = dataclasses.replace(found, rank=ranks.get(found.kind, found.rank))
            builder.open(found, line=line.raw, page=line.page)
        else:
            builder.add_text(line.text, page=line.page)
    return tuple(builder.finish())


def structure_layout_text(text: str) -> tuple[PolicyItem, ...]:
    """A national tasks plan (:func:`structure_plan`), else the generic outline of the text
    without its page furniture and with the document's learned marker ladder; two-column
    spreads are first read column by column (:func:`axpartners.policy.columns.read_columns`)."""
    text = read_columns(text)
    plan = structure_plan(text)
    if plan is not None:
        return plan
    blocks = [Block(kind="paragraph", text=ln.raw, page=ln.page) for ln in page_lines(text)]
    return structure_blocks(blocks)
