"""Lexicon matching on Kiwi morpheme boundaries: no hit from inside a longer word.

A plain substring search tags ``세제지원`` as the paper industry (제지), ``공공조달`` as HVAC
(공조), ``전방산업`` as defence (방산) and ``저전력`` as electricity (전력). :class:`Lexicon`
accepts a hit only where it starts and ends on a morpheme boundary of the text:

* the text is analysed once by Kiwi (:func:`axpartners.text.morph.get_kiwi`); every token start
  is a start boundary and every token end an end boundary; compounds of the domain dictionary
  (``디지털트윈``) also split at their parts;
* a hit may not start right after a prefix in the same word (``저``+``전력``, XPN);
* a hit may end inside a token only before an industry suffix (``제지업`` = ``제지`` + ``업``)
  that follows at least two letters of the token (``비용`` is not ``비`` + ``용``);
* matching ignores whitespace (``제지 산업`` = ``제지산업``), full-width forms and case, and every
  hit carries the ``[start, end)`` span in the original text.

Lookup is indexed by the first two folded characters of each entry, tried at each start
boundary, longest first; :meth:`Lexicon.find` keeps the longest of overlapping hits.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar, cast

from axpartners.text._lexicon import compound_parts
from axpartners.text.morph import get_kiwi

V = TypeVar("V")

_SUFFIXES = frozenset({"업", "산업", "업계", "계", "류", "용", "분야"})
"""Token remainders after which an entry may end inside a token (``제지업``, ``조선업계``)."""

_PREFIX_TAGS = frozenset({"XPN"})
_lock = threading.Lock()


class _Token(Protocol):
    @property
    def form(self) -> str: ...

    @property
    def tag(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def len(self) -> int: ...


@dataclass(frozen=True, slots=True)
class LexiconEntry(Generic[V]):
    """One surface form (several words allowed) and the value it stands for."""

    surface: str
    value: V


@dataclass(frozen=True, slots=True)
class LexiconHit(Generic[V]):
    """``text[start:end] == matched``; ``entry`` is the lexicon entry that matched."""

    entry: LexiconEntry[V]
    start: int
    end: int
    matched: str


def fold(text: str) -> str:
    """NFKC + lower case, whitespace removed: the form entries and texts are compared in."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if not ch.isspace())


@dataclass(frozen=True, slots=True)
class Boundaries:
    """Morpheme boundaries of one text, in original character offsets."""

    starts: frozenset[int]
    ends: frozenset[int]
    soft_ends: frozenset[int]
    """Positions inside a token followed only by a suffix of :data:`_SUFFIXES`."""


def boundaries(text: str, tokens: Sequence[_Token] | None = None) -> Boundaries:
    """Start and end boundaries of ``text`` from its Kiwi tokens (analysed here if not given)."""
    if tokens is None:
        with _lock:
            tokens = cast("Sequence[_Token]", get_kiwi().tokenize(text))
    parts = compound_parts()
    starts: set[int] = set()
    ends: set[int] = set()
    soft: set[int] = set()
    prev_end = -1
    prev_tag = ""
    for tok in tokens:
        begin, finish = tok.start, tok.start + tok.len
        attached_to_prefix = begin == prev_end and prev_tag in _PREFIX_TAGS
        if not attached_to_prefix:
            starts.add(begin)
        ends.add(finish)
        surface = text[begin:finish]
        if surface == tok.form:
            pos = begin
            for part in parts.get(tok.form, ())[:-1]:
                pos += len(part)
                starts.add(pos)
                ends.add(pos)
            for suffix in _SUFFIXES:
                # The rest of the token must be a word of its own (제지+업), not one
                # syllable of another word (비+용 in 비용: 연료비용 holds no 연료비).
                if len(surface) >= len(suffix) + 2 and surface.endswith(suffix):
                    soft.add(finish - len(suffix))
        prev_end, prev_tag = finish, tok.tag
    return Boundaries(frozenset(starts), frozenset(ends), frozenset(soft))


class Lexicon(Generic[V]):
    """Entries indexed for morpheme-boundary matching (see the module docstring)."""

    def __init__(self, entries: Iterable[LexiconEntry[V] | tuple[str, V]]) -> None:
        self._short: dict[str, list[tuple[str, LexiconEntry[V]]]] = {}
        self._index: dict[str, list[tuple[str, LexiconEntry[V]]]] = {}
        seen: set[str] = set()
        for raw in entries:
            entry = raw if isinstance(raw, LexiconEntry) else LexiconEntry(raw[0], raw[1])
            key = fold(entry.surface)
            if not key or key in seen:
                continue
            seen.add(key)
            table = self._short if len(key) == 1 else self._index
            table.setdefault(key[:2], []).append((key, entry))
        for bucket in self._index.values():
            bucket.sort(key=lambda ke: -len(ke[0]))
        self.size = len(seen)

    def find_all(self, text: str, bounds: Boundaries | None = None) -> list[LexiconHit[V]]:
        """Every boundary-respecting hit, overlaps included, ordered by start then length."""
        if not text:
            return []
        bounds = bounds or boundaries(text)
        folded: list[str] = []
        index: list[int] = []
        for i, ch in enumerate(text):
            for f in unicodedata.normalize("NFKC", ch).lower() if ord(ch) > 127 else ch.lower():
                if not f.isspace():
                    folded.append(f)
                    index.append(i)
        flat = "".join(folded)
        starts_at = {i for i, orig in enumerate(index) if orig in bounds.starts}
        starts_at = {i for i in starts_at if i == 0 or index[i - 1] != index[i]}
        hits: list[LexiconHit[V]] = []
        for i in sorted(starts_at):
            candidates = [*self._index.get(flat[i : i + 2], ()), *self._short.get(flat[i], ())]
            for key, entry in candidates:
                if not flat.startswith(key, i):
                    continue
                j = i + len(key)
                if j < len(index) and index[j] == index[j - 1]:
                    continue  # ends inside one original character
                end = index[j - 1] + 1
                if end in bounds.ends or end in bounds.soft_ends:
                    start = index[i]
                    hits.append(LexiconHit(entry, start, end, text[start:end]))
        return hits

    def find(self, text: str, bounds: Boundaries | None = None) -> list[LexiconHit[V]]:
        """Hits without overlaps (the longest wins, then the earliest), ordered by position."""
        return longest_hits(self.find_all(text, bounds))


def longest_hits(hits: Iterable[LexiconHit[V]]) -> list[LexiconHit[V]]:
    """Drop every hit that overlaps a longer (or equally long, earlier) one."""
    kept: list[LexiconHit[V]] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)
