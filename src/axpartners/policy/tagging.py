"""Tag policy text with evidence spans: use-cases, industries, budgets, KPIs, years, bodies, keywords.

Every :class:`Tag` carries the ``[start, end)`` character span of the evidence in the text it
was computed from (or, when inherited, in the text of the item ``source``), and the matched text,
so a person can see why an item was tagged. Every lexicon matches on Kiwi morpheme boundaries
(:mod:`axpartners.text.lexicon`): no hit from inside a longer word (세제지원 ≠ 제지).

* ``use_case`` — taxonomy ids (SPEC §2) from their labels and synonyms
  (:func:`axpartners.taxonomy.load_taxonomy`), keeping only terms specific enough for
  government prose (:func:`is_policy_term`; ``R&D``, 연구개발, 소재 … are not a use case).
* ``industry`` — KSIC 11th-revision divisions from full division names
  (``data/ksic11_codes.csv``) and common short names (조선 → 31, 항만 → 52).
* ``budget`` / ``kpi`` — :mod:`axpartners.policy.amounts` (budget only with a budget cue).
* ``year`` — ``2026년``, ``'26년``, ``2026~2030년`` (both ends) and ``2026.`` dates.
* ``ministry`` / ``local_gov`` — :mod:`axpartners.policy.agencies`, the current name as value.
  Inside a national task, ``ministry`` is the task's lead ministry, inherited by its items.
* ``keyword`` — the item's most distinctive content words by class-based TF-IDF over all
  items of the document (:func:`axpartners.text.keywords.top_terms`, Kiwi morphemes from
  :func:`axpartners.text.morph.tokenize_many`), located back in the text.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from axpartners.policy._lexicon import (
    AI_CONTEXT,
    INDUSTRY_SHORT_NAMES,
    USE_CASE_GENERIC_TERMS,
    USE_CASE_SHORT_TERMS,
)
from axpartners.policy.agencies import current_name, find_agencies
from axpartners.policy.amounts import tag_amounts
from axpartners.policy.tagtypes import TAG_KINDS, Evidence, Tag, TagKind
from axpartners.taxonomy import load_taxonomy
from axpartners.text.keywords import top_terms
from axpartners.text.lexicon import Boundaries, Lexicon, boundaries
from axpartners.text.morph import tokenize_many

__all__ = ["TAG_KINDS", "Evidence", "Tag", "TagKind"]


@dataclass(frozen=True, slots=True)
class _Folded:
    """Text folded per character (NFKC + lower case, optionally without spaces) with a map from
    each folded position back to the original index."""

    text: str
    index: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.index[start], self.index[end - 1] + 1


@lru_cache(maxsize=64)
def _fold(text: str, *, drop_spaces: bool) -> _Folded:
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if drop_spaces and ch.isspace():
            continue
        folded = unicodedata.normalize("NFKC", ch).lower() if ord(ch) > 127 else ch.lower()
        for f in folded:
            if drop_spaces and f.isspace():
                continue
            chars.append(f)
            index.append(i)
    return _Folded("".join(chars), tuple(index))


def _fold_term(term: str) -> str:
    return unicodedata.normalize("NFKC", term).lower()


_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_KEYWORD = re.compile(r"[\uac00-\ud7a3]{2,}[\uac00-\ud7a3a-z0-9]*|[a-z][a-z0-9]+")
"""A keyword is a Hangul word of two or more syllables or a latin word (``ax``, ``llm``)."""


def is_policy_term(term: str) -> bool:
    """Whether a taxonomy synonym is specific enough to tag a government document.

    Verb forms (``멈추다``) and phrases written for need statements are dropped; Korean terms
    need three syllables unless listed in ``USE_CASE_SHORT_TERMS``; latin terms two letters.
    """
    key = re.sub(r"\s+", "", _fold_term(term))
    if key in USE_CASE_GENERIC_TERMS or (_HANGUL.search(key) and key.endswith("다")):
        return False
    if _HANGUL.search(key):
        return len(key) >= 3 or key in USE_CASE_SHORT_TERMS
    return len(key) >= 2


@cache
def _use_case_lexicon() -> Lexicon[str]:
    entries: list[tuple[str, str]] = []
    for uc in load_taxonomy():
        terms = [*uc.synonyms, *(p for p in re.split(r"[·,/]", uc.ko) if p.strip())]
        entries.extend((t, uc.id) for t in terms if is_policy_term(t))
    return Lexicon(entries)


@cache
def ksic_divisions() -> dict[str, str]:
    """KSIC 11 division code → Korean name."""
    text = (
        resources.files("axpartners").joinpath("data/ksic11_codes.csv").read_text(encoding="utf-8")
    )
    return {
        row["code"]: row["name_ko"]
        for row in csv.DictReader(text.splitlines())
        if row.get("level") == "division"
    }


@cache
def _industry_lexicon() -> Lexicon[str]:
    entries = [(name, code) for code, name in ksic_divisions().items()]
    entries += list(INDUSTRY_SHORT_NAMES.items())
    return Lexicon(entries)


def _lexicon_tags(text: str, lexicon: Lexicon[str], kind: TagKind, bounds: Boundaries) -> list[Tag]:
    return [
        Tag(kind, h.entry.value, Evidence(h.start, h.end, h.matched))
        for h in lexicon.find(text, bounds)
    ]


def tag_agencies(text: str, bounds: Boundaries | None = None) -> list[Tag]:
    """``ministry`` and ``local_gov`` tags, valued with today's name (``written`` kept)."""
    return [
        Tag(h.entry.value.kind, current_name(h.entry.value.name),
            Evidence(h.start, h.end, h.matched), (("written", h.matched),))
        for h in find_agencies(text, bounds)
    ]  # fmt: skip


def tag_budgets(text: str) -> list[Tag]:
    """The ``budget`` tags of :func:`axpartners.policy.amounts.tag_amounts`."""
    return [t for t in tag_amounts(text) if t.kind == "budget"]


_YEAR = re.compile(
    r"(?<![\d,.])((?:19|20)\d{2})\s*(?:[~\u223c\-–]\s*((?:19|20)\d{2})\s*)?(?=년|\.|\s*[~\u223c]|\)|\s|$)"
    r"(?!\s*(?:억|조|만|원|명|개|건|%|호|번))"
    r"|[’'‘](\d{2})\s*(?:[~\u223c\-–]\s*[’'‘]?(\d{2})\s*)?년"
)


def tag_years(text: str) -> list[Tag]:
    """Years from ``2026년``, ``2026. 3. 1.``, ``'26년``, ``2026~2030년`` (each end tagged)."""
    tags: list[Tag] = []
    for m in _YEAR.finditer(text):
        if m.group(1):
            groups = [(m.group(1), m.start(1), m.end(1)), (m.group(2), m.start(2), m.end(2))]
            full = True
        else:
            groups = [(m.group(3), m.start(3), m.end(3)), (m.group(4), m.start(4), m.end(4))]
            full = False
        for year, start, end in groups:
            if year is None:
                continue
            value = int(year) if full else 2000 + int(year)
            if not 1950 <= value <= 2100:
                continue
            if not full:
                start -= 1  # include the apostrophe
            tags.append(Tag("year", str(value), Evidence(start, end, text[start:end])))
    return tags


_AI_CONTEXT = re.compile(AI_CONTEXT, re.IGNORECASE)


def tag_text(
    text: str,
    *,
    keywords: Sequence[str] = (),
    lead: Sequence[Tag] | None = None,
    context: str = "",
) -> tuple[Tag, ...]:
    """All tags of one text, ordered by position then kind; ``keywords`` are located as given.

    ``lead`` (the lead-ministry tags of the national task the text belongs to) replaces the
    ministries mentioned in the text: inside a task, ``ministry`` means who is responsible.
    ``use_case`` tags need an AI/digital word in ``text`` or ``context`` (the task title)."""
    if not text:
        return tuple(_locate_keywords(text, keywords))
    bounds = boundaries(text)
    agencies = tag_agencies(text, bounds)
    # 해양수산부 is a ministry, not the fishing industry (수산) nor a use case.
    names = [(t.evidence.start, t.evidence.end) for t in agencies]

    def outside_names(tag: Tag) -> bool:
        return all(tag.evidence.end <= a or tag.evidence.start >= b for a, b in names)

    tags: list[Tag] = [t for t in agencies if lead is None or t.kind == "local_gov"]
    tags += lead or ()
    if _AI_CONTEXT.search(text) or _AI_CONTEXT.search(context):
        tags += filter(outside_names, _lexicon_tags(text, _use_case_lexicon(), "use_case", bounds))
    tags += filter(outside_names, _lexicon_tags(text, _industry_lexicon(), "industry", bounds))
    tags += tag_amounts(text)
    tags += tag_years(text)
    tags += _locate_keywords(text, keywords)
    return tuple(
        sorted(tags, key=lambda t: (t.source is not None, t.evidence.start, t.kind, t.value))
    )


def _locate_keywords(text: str, keywords: Sequence[str]) -> list[Tag]:
    folded = _fold(text, drop_spaces=False)
    tags = []
    for word in keywords:
        pos = folded.text.find(_fold_term(word))
        if pos < 0:
            continue
        start, end = folded.span(pos, pos + len(_fold_term(word)))
        tags.append(Tag("keyword", word, Evidence(start, end, text[start:end])))
    return tags


def item_keywords(texts: Sequence[str], *, k: int = 5) -> list[list[str]]:
    """The ``k`` most distinctive nouns of each text against the others (c-TF-IDF)."""
    tokens = tokenize_many(texts)
    groups = {str(i): [toks] for i, toks in enumerate(tokens)}
    ranked = top_terms(groups, k=k * 2)
    out = []
    for i, text in enumerate(texts):
        # Whole-string NFKC is enough for a membership test (offsets come later, per character).
        folded = unicodedata.normalize("NFKC", text).lower()
        words = [t for t, _ in ranked[str(i)] if _KEYWORD.fullmatch(t) and _fold_term(t) in folded]
        out.append(words[:k])
    return out


def tag_items(
    texts: Sequence[str],
    *,
    keywords: bool = True,
    k: int = 5,
    leads: Sequence[Sequence[Tag] | None] | None = None,
    contexts: Sequence[str] | None = None,
) -> list[tuple[Tag, ...]]:
    """:func:`tag_text` for every item text of a document, with per-item keywords and, in
    ``leads``, each item's inherited lead-ministry tags (``None``: not inside a task)."""
    words = item_keywords(texts, k=k) if keywords and texts else [[] for _ in texts]
    per_item = leads if leads is not None else [None] * len(texts)
    ctx = contexts if contexts is not None else [""] * len(texts)
    return [
        tag_text(text, keywords=kw, lead=lead, context=c)
        for text, kw, lead, c in zip(texts, words, per_item, ctx, strict=True)
    ]


def summarize_tags(tags: Iterable[Tag]) -> dict[TagKind, list[tuple[str, int]]]:
    """Distinct values per kind with their number of mentions, most mentioned first
    (ties by value). Budgets keep one entry per amount; sum them with :func:`total_budget`."""
    counts: dict[TagKind, dict[str, int]] = {k: {} for k in TAG_KINDS}
    for tag in tags:
        per_kind = counts[tag.kind]
        per_kind[tag.value] = per_kind.get(tag.value, 0) + 1
    return {
        kind: sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
        for kind, values in counts.items()
        if values
    }


def total_budget(tags: Iterable[Tag]) -> int:
    """Sum of the distinct budget amounts (won) mentioned; an amount repeated counts once."""
    return sum({int(t.value) for t in tags if t.kind == "budget"})
