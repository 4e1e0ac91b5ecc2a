"""Split an extracted document into a hierarchy of policy items (chapter → task → sub-task).

Korean government documents number their outline with a conventional ladder (행정업무운영
편람, 공문서 항목 구분; the same ladder is used in 업무계획/국정과제 reports)::

    Ⅱ. / 제2장   →  1.  →  가.  →  1)  →  가)  →  (1)  →  (가)  →  ①  →  ㉮

and 개조식 reports add bullet levels ``□`` → ``○`` → ``-`` → ``·`` (``※`` is a note attached
to the item above, not an item). A line that starts with such a marker starts an item.

Levels are assigned with a stack: a marker kind already on the stack closes everything below
it (a sibling); a new kind closes every open kind whose conventional rank is not above it and
then opens one level deeper. So a document that starts at ``1.`` or puts ``□`` under ``1.``
still nests correctly. Lines without a marker, tables and notes continue the current item.
Text before the first marker becomes a preamble item (``item_no`` ``"0"``); a document with no
markers at all yields one item per paragraph.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from axpartners.policy.document import Block

_ROMAN_UNI = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"
_GANADA = "가나다라마바사아자차카타파하"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CIRCLED_HANGUL = "㉮㉯㉰㉱㉲㉳㉴㉵㉶㉷㉸㉹㉺㉻㉠㉡㉢㉣㉤㉥㉦㉧㉨㉩㉪㉫㉬㉭"

# (kind, rank, pattern). Rank is the conventional depth; bullets rank below numbered levels.
_MARKERS: tuple[tuple[str, float, re.Pattern[str]], ...] = (
    # "Ⅱ-1", "1-2." sub-chapter numbers sit between "1." and "가."; checked before "Ⅱ" and "1.".
    (
        "dashed",
        1.5,
        re.compile(
            rf"^((?:[{_ROMAN_UNI}]|\d{{1,2}})\s*[-–]\s*\d{{1,2}})(?![\d-])\s*[.\uff0e)]?\s+"
        ),
    ),
    ("chapter", 0, re.compile(r"^제\s*(\d{1,2})\s*[장편부]\s*[.:]?\s*")),
    ("section", 0.5, re.compile(r"^제\s*(\d{1,2})\s*절\s*[.:]?\s*")),
    ("roman", 0, re.compile(rf"^([{_ROMAN_UNI}])\s*[.\uff0e]?\s*")),
    ("roman", 0, re.compile(r"^((?:X{0,2})(?:IX|IV|VI{0,3}|I{1,3}))\s*[.\uff0e]\s+")),
    ("decimal", 1, re.compile(r"^(\d{1,2})\s*[.\uff0e](?!\d)\s*")),
    ("ganada", 2, re.compile(rf"^([{_GANADA}])\s*[.\uff0e]\s+")),
    ("paren_decimal", 3, re.compile(r"^(\d{1,2})\s*\)\s*")),
    ("paren_ganada", 4, re.compile(rf"^([{_GANADA}])\s*\)\s*")),
    ("enclosed_decimal", 5, re.compile(r"^\(\s*(\d{1,2})\s*\)\s*")),
    ("enclosed_ganada", 6, re.compile(rf"^\(\s*([{_GANADA}])\s*\)\s*")),
    ("circled", 7, re.compile(rf"^([{_CIRCLED}])\s*")),
    ("circled_hangul", 8, re.compile(rf"^([{_CIRCLED_HANGUL}])\s*")),
    ("section_mark", 9.5, re.compile(r"^([◉▣]\s*)")),
    ("box", 10, re.compile(r"^([□■▢◻☐❑])\s*")),
    ("circle", 11, re.compile(r"^([○◦●◎∘]\s*|ㅇ\s+)")),
    ("dash", 12, re.compile(r"^([-–—]\s+)")),
    ("dot", 13, re.compile(r"^([·•∙ㆍ‧]\s*)")),
    ("diamond", 14, re.compile(r"^([◇◆◈▪▶▷➢❍]\s*)")),
    # Hangul fonts put circled numbers and other heads in the private use areas.
    ("symbol", 9, re.compile("^([\ue000-\uf8ff\U000f0000-\U000ffffd])\\s*")),
)
_BULLETS = {"section_mark", "box", "circle", "dash", "dot", "diamond", "symbol"}
_BULLET_BAND = 9.0
_NOTE = re.compile(r"^※")
_TITLE_MAX = 120
_LEVEL_NAMES = {1: "chapter", 2: "task"}
_PLAN_ROLES = {"goal": "chapter", "strategy": "chapter", "task": "task"}


@dataclass(frozen=True, slots=True)
class PolicyItem:
    """One node of the outline.

    ``seq`` is the 1-based position in the document; ``parent`` the ``seq`` of the enclosing
    item (``None`` at the top). ``item_no`` is the item's own label (``"Ⅱ"``, ``"3"``, ``"가"``,
    ``"①"``, ``"1)"``, ``"(가)"``; bullets get their symbol and a sibling ordinal, ``"□2"``) and ``path`` joins the
    labels from the top (``"Ⅱ > 3 > 가"``). ``title`` is the marker line without the marker;
    ``text`` is the item's own text: the marker line, continuation lines, tables as
    ``a | b`` lines and ``※`` notes (children are separate items). ``page`` is the first page.
    """

    seq: int
    item_no: str
    path: str
    level: int
    marker: str
    title: str
    text: str
    page: int | None
    parent: int | None
    ministry: str = ""
    """The lead ministry as printed under a national-task heading, inherited by its items."""

    @property
    def role(self) -> str:
        """``chapter`` (level 1), ``task`` (level 2) or ``subtask`` (deeper); in a national
        tasks plan 국정목표/추진전략 are chapters and each 과제 is a task."""
        if self.marker in _PLAN_ROLES:
            return _PLAN_ROLES[self.marker]
        return _LEVEL_NAMES.get(self.level, "subtask")


@dataclass(frozen=True, slots=True)
class Marker:
    kind: str
    rank: float
    label: str
    rest: str


def detect_marker(line: str) -> Marker | None:
    """The numbering marker at the start of ``line`` (leading spaces ignored), if any."""
    stripped = line.lstrip()
    for kind, rank, pattern in _MARKERS:
        m = pattern.match(stripped)
        if not m:
            continue
        rest = stripped[m.end() :].strip()
        if not rest and kind in _BULLETS:
            return None
        if kind == "decimal" and _looks_like_date_or_number(stripped):
            continue
        label = m.group(1).strip()
        if kind in ("chapter", "section"):
            label = re.sub(r"[\s.:]", "", m.group(0))
        elif kind.startswith("paren_"):
            label = f"{label})"
        elif kind.startswith("enclosed_"):
            label = f"({label})"
        return Marker(kind=kind, rank=rank, label=label, rest=rest)
    return None


def _looks_like_date_or_number(line: str) -> bool:
    """``2024. 12. 13.`` and ``3.5배`` are not outline numbers."""
    return bool(re.match(r"^\d{1,4}\s*[.\uff0e]\s*\d{1,2}\s*[.\uff0e]", line)) or bool(
        re.match(r"^\d+[.\uff0e]\d", line)
    )


def _title(rest: str) -> str:
    first = rest.split("\n", 1)[0].strip()
    if len(first) <= _TITLE_MAX:
        return first
    cut = first[:_TITLE_MAX]
    return cut[: cut.rfind(" ")] + "…" if " " in cut else cut + "…"


@dataclass(slots=True)
class _Open:
    seq: int
    kind: str
    rank: float
    label: str
    ordinal: int
    lines: list[str]
    title: str
    page: int | None
    parent: int | None
    level: int
    path: str
    ministry: str = ""


def _sequence_ok(marker: Marker, stack: list[_Open]) -> bool:
    """A ``가.``-style marker must start at 가 or follow its open sibling (PDF line wraps
    can put a sentence-final ``다.`` at the start of a line)."""
    if marker.kind not in ("ganada", "paren_ganada", "enclosed_ganada"):
        return True
    sibling = next((o for o in stack if o.kind == marker.kind), None)
    if sibling is None:
        return marker.label.strip("()") == "가"
    prev = _GANADA.find(sibling.label.strip("()"))
    return _GANADA.find(marker.label.strip("()")) == prev + 1


class _Builder:
    def __init__(self) -> None:
        self.items: list[PolicyItem] = []
        self.stack: list[_Open] = []
        self.preamble: list[str] = []
        self.preamble_page: int | None = None
        self.counts: dict[tuple[int | None, str], int] = {}
        self.seq = 0

    def _close_to(self, depth: int) -> None:
        while len(self.stack) > depth:
            self._emit(self.stack.pop())

    def _emit(self, node: _Open) -> None:
        self.items.append(
            PolicyItem(
                seq=node.seq,
                item_no=node.label,
                path=node.path,
                level=node.level,
                marker=node.kind,
                title=node.title,
                text="\n".join(node.lines).strip(),
                page=node.page,
                parent=node.parent,
                ministry=node.ministry,
            )
        )

    def open(self, marker: Marker, *, line: str, page: int | None, ministry: str = "") -> None:
        same = next((i for i, o in enumerate(self.stack) if o.kind == marker.kind), None)
        if same is not None:
            self._close_to(same)
        else:
            depth = len(self.stack)
            while depth and self.stack[depth - 1].rank >= marker.rank:
                depth -= 1
            self._close_to(depth)
        parent = self.stack[-1] if self.stack else None
        key = (parent.seq if parent else None, marker.kind)
        ordinal = self.counts.get(key, 0) + 1
        self.counts[key] = ordinal
        label = f"{marker.label}{ordinal}" if marker.kind in _BULLETS else marker.label
        ministry = ministry or (parent.ministry if parent else "")
        self.seq += 1
        path = f"{parent.path} > {label}" if parent else label
        self.stack.append(
            _Open(
                seq=self.seq, kind=marker.kind, rank=marker.rank, label=label, ordinal=ordinal,
                lines=[line.strip()], title=_title(marker.rest), page=page,
                parent=parent.seq if parent else None, level=len(self.stack) + 1, path=path,
                ministry=ministry,
            )
        )  # fmt: skip

    def add_text(self, text: str, *, page: int | None) -> None:
        if self.stack:
            self.stack[-1].lines.append(text)
        else:
            if not self.preamble:
                self.preamble_page = page
            self.preamble.append(text)

    def heading(self, block: Block) -> None:
        marker = detect_marker(block.text)
        level = block.level or 1
        if marker is None or marker.kind in _BULLETS:
            marker = Marker(kind=f"h{level}", rank=level - 10, label=f"H{level}", rest=block.text)
        self.open(marker, line=block.text, page=block.page)

    def finish(self) -> list[PolicyItem]:
        self._close_to(0)
        items = sorted(self.items, key=lambda it: it.seq)
        if self.preamble:
            text = "\n".join(self.preamble).strip()
            items.insert(
                0,
                PolicyItem(
                    seq=0, item_no="0", path="0", level=0, marker="preamble",
                    title=_title(self.preamble[0]), text=text, page=self.preamble_page, parent=None,
                ),
            )  # fmt: skip
        return items


def learn_ranks(markers: Iterable[tuple[int, Marker]]) -> dict[str, float]:
    """This document's ladder from its markers (indent, marker) in reading order.

    Numbered kinds keep their conventional order (and rank above bullets). Among bullets a kind indented
    at least two columns less (median) than another ranks above it; between kinds at about
    the same indentation, the one that appears first ranks above (``◉`` → ``•`` → ``-`` in
    the 국정과제, ``□`` → ``○`` → ``-`` in a 개조식 report, and whatever a document uses).
    """
    first: dict[str, int] = {}
    indents: dict[str, list[int]] = {}
    conventional: dict[str, float] = {}
    for n, (indent, marker) in enumerate(markers):
        first.setdefault(marker.kind, n)
        indents.setdefault(marker.kind, []).append(indent)
        conventional[marker.kind] = marker.rank
    median = {k: sorted(v)[len(v) // 2] for k, v in indents.items()}

    def before(a: str, b: str) -> int:
        if a not in _BULLETS or b not in _BULLETS:
            return -1 if conventional[a] < conventional[b] else 1
        if median[a] + 2 <= median[b]:
            return -1
        if median[b] + 2 <= median[a]:
            return 1
        return -1 if first[a] < first[b] else 1

    order = sorted(first, key=functools.cmp_to_key(before))
    bullets = [k for k in order if k in _BULLETS]
    # Numbered kinds keep their conventional rank; bullets share the band below them.
    return {k: _BULLET_BAND + i / 10 for i, k in enumerate(bullets)} | {
        k: conventional[k] for k in order if k not in _BULLETS
    }


def _body_markers(blocks: Sequence[Block]) -> list[tuple[int, Marker]]:
    found = []
    for block in blocks:
        if block.kind in ("heading", "table", "note", "caption"):
            continue
        for line in block.text.split("\n"):
            marker = None if _NOTE.match(line.lstrip()) else detect_marker(line)
            if marker is not None:
                found.append((len(line) - len(line.lstrip()), marker))
    return found


def structure_blocks(blocks: Sequence[Block], *, learned: bool = True) -> tuple[PolicyItem, ...]:
    """Outline items from blocks in reading order (see the module docstring); with
    ``learned`` the marker ladder is learned from the document (:func:`learn_ranks`)."""
    ranks = learn_ranks(_body_markers(blocks)) if learned else {}
    builder = _Builder()
    for block in blocks:
        if block.kind == "heading":
            builder.heading(block)
            continue
        if block.kind in ("table", "note", "caption") or not block.text:
            builder.add_text(block.text, page=block.page)
            continue
        for line in block.text.split("\n"):
            if not line.strip():
                continue
            marker = None if _NOTE.match(line.lstrip()) else detect_marker(line)
            if marker is not None and _sequence_ok(marker, builder.stack):
                marker = dataclasses.replace(marker, rank=ranks.get(marker.kind, marker.rank))
                builder.open(marker, line=line, page=block.page)
            else:
                builder.add_text(line.strip(), page=block.page)
    items = builder.finish()
    if all(it.marker == "preamble" for it in items):
        return _paragraph_items(blocks)
    return tuple(items)


def _paragraph_items(blocks: Sequence[Block]) -> tuple[PolicyItem, ...]:
    """Fallback for unnumbered prose: one level-1 item per block."""
    out: list[PolicyItem] = []
    for block in blocks:
        if not block.text.strip():
            continue
        n = len(out) + 1
        out.append(
            PolicyItem(
                seq=n, item_no=str(n), path=str(n), level=1, marker="paragraph",
                title=_title(block.text), text=block.text.strip(), page=block.page, parent=None,
            )
        )  # fmt: skip
    return tuple(out)
