"""Tag policy text with evidence spans: use-cases, industries, budgets, years, ministries, keywords.

Every :class:`Tag` carries the ``[start, end)`` character span of the evidence in the text it
was computed from, and the matched text, so a person can see why an item was tagged.

* ``use_case`` — taxonomy ids (SPEC §2) from their labels and synonyms
  (:func:`axpartners.taxonomy.load_taxonomy`), keeping only terms specific enough for
  government prose (:func:`is_policy_term`). Matching is on text normalised per character
  (NFKC, lower case) so spans map back to the original; Korean terms match across spaces
  (``예지 보전`` = ``예지보전``), latin terms only as whole words.
* ``industry`` — KSIC 11th-revision divisions from full division names
  (``data/ksic11_codes.csv``) and common short names (조선 → 31, 항만 → 52).
* ``budget`` — amounts in 조/억/천만/백만/만/천 원 (``1조 2,000억원``, ``350억``, ``50백만원``)
  normalised to an integer number of won; foreign currencies are skipped.
* ``year`` — ``2026년``, ``'26년``, ``2026~2030년`` (both ends) and ``2026.`` dates.
* ``ministry`` — responsible ministries, normalised to one canonical name
  (과기정통부 → 과학기술정보통신부).
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
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

from axpartners.policy._lexicon import (
    INDUSTRY_SHORT_NAMES,
    MINISTRIES,
    USE_CASE_GENERIC_TERMS,
    USE_CASE_SHORT_TERMS,
)
from axpartners.taxonomy import load_taxonomy

TagKind = Literal["use_case", "industry", "budget", "year", "ministry", "keyword"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """``text[start:end] == matched`` in the tagged text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Tag:
    """``value`` is an id/code/number as a string: a taxonomy id, a KSIC division, an amount in
    won, a year, a canonical ministry name or a keyword."""

    kind: TagKind
    value: str
    evidence: Evidence

    def to_dict(self) -> dict[str, object]:
        ev = self.evidence
        return {"kind": self.kind, "value": self.value,
                "evidence": {"start": ev.start, "end": ev.end, "text": ev.text}}  # fmt: skip


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


@dataclass(frozen=True, slots=True)
class _Dictionary:
    """Korean terms (matched in space-free text) and latin terms (whole words), → value."""

    korean: re.Pattern[str] | None
    latin: re.Pattern[str] | None
    values: dict[str, str]


def _compile(entries: Iterable[tuple[str, str]]) -> _Dictionary:
    values: dict[str, str] = {}
    for term, value in entries:
        key = _fold_term(term)
        if _HANGUL.search(key):
            key = re.sub(r"\s+", "", key)
        if len(key) >= 2 and key not in values:
            values[key] = value
    korean = sorted((k for k in values if _HANGUL.search(k)), key=len, reverse=True)
    latin = sorted((k for k in values if not _HANGUL.search(k)), key=len, reverse=True)
    return _Dictionary(
        korean=re.compile("|".join(map(re.escape, korean))) if korean else None,
        latin=re.compile(r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, latin)) + r")(?![a-z0-9])")
        if latin
        else None,
        values=values,
    )


def _match(text: str, dictionary: _Dictionary, kind: TagKind) -> list[Tag]:
    tags: list[Tag] = []
    for pattern, folded in (
        (dictionary.korean, _fold(text, drop_spaces=True)),
        (dictionary.latin, _fold(text, drop_spaces=False)),
    ):
        if pattern is None:
            continue
        for m in pattern.finditer(folded.text):
            start, end = folded.span(m.start(), m.end())
            tags.append(
                Tag(kind, dictionary.values[m.group(0)], Evidence(start, end, text[start:end]))
            )
    return tags


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
def _use_case_dictionary() -> _Dictionary:
    entries: list[tuple[str, str]] = []
    for uc in load_taxonomy():
        terms = [*uc.synonyms, *(p for p in re.split(r"[·,/]", uc.ko) if p.strip())]
        entries.extend((t, uc.id) for t in terms if is_policy_term(t))
    return _compile(entries)


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
def _industry_dictionary() -> _Dictionary:
    entries = [(name, code) for code, name in ksic_divisions().items()]
    entries += list(INDUSTRY_SHORT_NAMES.items())
    return _compile(entries)


@cache
def _ministry_dictionary() -> _Dictionary:
    entries: list[tuple[str, str]] = []
    for canonical, variants in MINISTRIES.items():
        entries.append((canonical, canonical))
        entries.extend((v, canonical) for v in variants)
    return _compile(entries)


_UNITS = {
    "천조": 10**15, "백조": 10**14, "십조": 10**13, "조": 10**12,
    "천억": 10**11, "백억": 10**10, "십억": 10**9, "억": 10**8,
    "천만": 10**7, "백만": 10**6, "십만": 10**5, "만": 10**4, "천": 10**3,
}  # fmt: skip
_NUM = r"\d[\d,]*(?:\.\d+)?"
_UNIT = "(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + ")"
_AMOUNT = re.compile(
    rf"(?<![\d.,])((?:{_NUM}\s*{_UNIT}\s*)+)(원|(?!\s*(?:달러|불|유로|엔|위안|명|개|건|톤|대|곳|가구|회|%|배)))"
    rf"|(?<![\d.,])({_NUM})\s*원"
)
_PAIR = re.compile(rf"({_NUM})\s*({_UNIT})")


def _to_won(number: str, unit: str | None) -> int | None:
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None
    return int(value * (_UNITS[unit] if unit else 1))


def tag_budgets(text: str) -> list[Tag]:
    """Won amounts: ``1조 2,000억원`` → 1200000000000; a bare ``조``/``억`` counts as won."""
    tags: list[Tag] = []
    for m in _AMOUNT.finditer(text):
        if m.group(1):
            pairs = _PAIR.findall(m.group(1))
            # Units must descend (1조 2,000억); otherwise only the first pair is one amount.
            total = 0
            for number, unit in pairs:
                won = _to_won(number, unit)
                if won is None:
                    break
                total += won
            if m.group(2) != "원" and not any(u[-1] in ("조", "억") for _, u in pairs):
                continue  # "30만 명" style counts are not money
            value = total
            start, end = m.start(), m.end()
            end = m.start() + len(m.group(0).rstrip())
        else:
            won = _to_won(m.group(3), None)
            if won is None or won < 1000:
                continue
            value, start, end = won, m.start(), m.end()
        tags.append(Tag("budget", str(value), Evidence(start, end, text[start:end])))
    return tags


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


def tag_text(text: str, *, keywords: Sequence[str] = ()) -> tuple[Tag, ...]:
    """All tags of one text, ordered by position then kind; ``keywords`` are located as given."""
    ministries = _drop_overlaps(_match(text, _ministry_dictionary(), "ministry"))
    # 해양수산부 is a ministry, not the fishing industry (수산) nor a use case.
    names = [(t.evidence.start, t.evidence.end) for t in ministries]

    def outside_names(tag: Tag) -> bool:
        return all(tag.evidence.end <= a or tag.evidence.start >= b for a, b in names)

    tags: list[Tag] = [*ministries]
    tags += filter(outside_names, _match(text, _use_case_dictionary(), "use_case"))
    tags += filter(outside_names, _drop_overlaps(_match(text, _industry_dictionary(), "industry")))
    tags += tag_budgets(text)
    tags += tag_years(text)
    tags += _locate_keywords(text, keywords)
    return tuple(sorted(tags, key=lambda t: (t.evidence.start, t.kind, t.value)))


def _drop_overlaps(tags: list[Tag]) -> list[Tag]:
    """Keep the longest of overlapping matches (환경부 inside 기후에너지환경부)."""
    kept: list[Tag] = []
    for tag in sorted(tags, key=lambda t: (-(t.evidence.end - t.evidence.start), t.evidence.start)):
        if all(
            tag.evidence.end <= k.evidence.start or tag.evidence.start >= k.evidence.end
            for k in kept
        ):
            kept.append(tag)
    return kept


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
    from axpartners.text.keywords import top_terms
    from axpartners.text.morph import tokenize_many

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


def tag_items(texts: Sequence[str], *, keywords: bool = True, k: int = 5) -> list[tuple[Tag, ...]]:
    """:func:`tag_text` for every item text of a document, with per-item keywords."""
    words = item_keywords(texts, k=k) if keywords and texts else [[] for _ in texts]
    return [tag_text(text, keywords=kw) for text, kw in zip(texts, words, strict=True)]


TAG_KINDS: tuple[TagKind, ...] = ("use_case", "industry", "budget", "year", "ministry", "keyword")


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
