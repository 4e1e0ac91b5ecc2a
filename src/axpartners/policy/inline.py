"""Inline lists in news-style text split into items: ``△A △B △C 등을 지원한다``.

Press releases and news reports list a plan's projects inside one sentence, each after an
enumerator: ``△`` / ``▲`` / ``▷`` / ``◇``, circled numbers ``① ②``, or ordinal words ``첫째,
둘째``. An item whose own text holds two or more enumerators of one kind gets one child item
per entry (marker ``inline``), in order, each with its text. An entry runs to the next
enumerator; the last one ends where the sentence goes on after the list (``… 등을 지원한다``,
``…(인재 분야)으로 구성된다``) or at the end of the sentence.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from axpartners.policy.outline import PolicyItem

_KINDS: tuple[re.Pattern[str], ...] = (
    re.compile(r"△"),
    re.compile(r"▲"),
    re.compile(r"▷"),
    re.compile(r"◇"),
    re.compile(r"[①-⑳]"),
    re.compile(r"(?<![\uac00-\ud7a3])(?:첫|둘|셋|넷|다섯|여섯|일곱|여덟|아홉|열)째\s*[,，]?"),
)
_LAST_END = re.compile(
    r"\s등(?=[을를이가의에과와으로도은는]|\s)"
    r"|(?<=\))(?=(?:으로|로|을|를|이|가|은|는|와|과|에|의|도)\s)"
    r"|(?:이)?다\.|[.;]\s|\n"
)
_TRIM = re.compile(r"^[\s,:·]+|[\s,;·]+(?:및|그리고)?\s*$")
_MIN_ENTRIES = 2


def inline_entries(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of the entries of the first inline list in ``text``, or ``[]``."""
    for kind in _KINDS:
        marks = list(kind.finditer(text))
        if len(marks) < _MIN_ENTRIES:
            continue
        entries: list[tuple[int, int, str]] = []
        for i, m in enumerate(marks):
            start = m.end()
            if i + 1 < len(marks):
                end = marks[i + 1].start()
            else:
                stop = _LAST_END.search(text, start)
                end = stop.start() if stop else len(text)
            raw = text[start:end]
            body = _TRIM.sub("", raw)
            if body:
                offset = start + raw.find(body)
                entries.append((offset, offset + len(body), body))
        if len(entries) >= _MIN_ENTRIES:
            return entries
    return []


def split_inline_lists(items: Sequence[PolicyItem]) -> tuple[PolicyItem, ...]:
    """``items`` with the entries of each item's inline list added as its children
    (sequence numbers renumbered in document order, parents remapped)."""
    expanded = [(it, [e[2] for e in inline_entries(it.text)]) for it in items]
    if not any(entries for _, entries in expanded):
        return tuple(items)
    mapping: dict[int, int] = {}
    n = items[0].seq
    for it, entries in expanded:
        mapping[it.seq] = n
        n += 1 + len(entries)
    out: list[PolicyItem] = []
    for it, entries in expanded:
        seq = mapping[it.seq]
        parent = mapping.get(it.parent) if it.parent is not None else None
        out.append(dataclasses.replace(it, seq=seq, parent=parent))
        for k, entry in enumerate(entries, start=1):
            out.append(
                PolicyItem(
                    seq=seq + k, item_no=f"{it.item_no}-{k}", path=f"{it.path} > {k}",
                    level=it.level + 1, marker="inline", title=entry, text=entry, page=it.page,
                    parent=seq, ministry=it.ministry,
                )
            )  # fmt: skip
    return tuple(out)
