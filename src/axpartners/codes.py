"""Region (시·도) and industry (KSIC) codes: reference tables and normalisers (SPEC §3).

Importers call :func:`normalize_region` and :func:`normalize_industry` so that ``"부산"``,
``"부산광역시"`` and ``"26"`` all become ``"26"``, and ``"C25"``, ``"25"`` and the Korean
division name all become ``"25"``. Unknown values raise :class:`InputError` with a hint.

KSIC sections (letters, KOSIS ``"10~34"`` ranges) are read by :func:`to_section`,
:func:`is_section_level` and :func:`industry_level`; an analysis's industry scope (issue 15:
"manufacturing, divisions 10–34") by :func:`parse_scope` and :func:`in_scope`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from axpartners.errors import InputError

MANUFACTURING_DIVISIONS = tuple(f"{d:02d}" for d in range(10, 35))

# Codes renamed or re-issued by the 2023–2024 special-self-governing reorganisations; old
# names still appear in KOSIS exports and spreadsheets.
_REGION_ALIASES = {
    "42": "51",
    "45": "52",
    "49": "50",
    "강원도": "51",
    "전라북도": "52",
    "제주도": "50",
    "세종시": "36",
}
_SIGUNGU = re.compile(r"^\d{5}$")
_KSIC_WITH_SECTION = re.compile(r"^([A-Ua-u])\s*(\d{2,5})$")
_RANGE = re.compile(r"^\s*(\d{2})\s*~\s*(\d{2})\s*$")
_SECTION = re.compile(r"^[A-Ua-u]$")
_SCOPE_PART = re.compile(r"^(\d{2})(?:\s*[-~]\s*(\d{2}))?$")
DEFAULT_SCOPE = "10-34"
"""The default industry scope of a strengths analysis: manufacturing divisions 10–34."""


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name_ko: str
    short_ko: str
    name_en: str


@dataclass(frozen=True, slots=True)
class Industry:
    code: str
    name_ko: str
    name_en: str
    level: str
    section: str


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("axpartners").joinpath(f"data/{name}").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def regions() -> tuple[Region, ...]:
    return tuple(Region(**row) for row in _read_csv("regions.csv"))


@cache
def industries() -> dict[str, Industry]:
    """KSIC 11th revision, keyed by code (sections keyed by their letter)."""
    return {
        row["code"]: Industry(
            code=row["code"],
            name_ko=row["name_ko"],
            name_en=row["name_en"],
            level=row["level"],
            section=row["section"],
        )
        for row in _read_csv("ksic11_codes.csv")
    }


@cache
def _region_lookup() -> dict[str, str]:
    table = dict(_REGION_ALIASES)
    for region in regions():
        for key in (region.code, region.name_ko, region.short_ko, region.name_en.lower()):
            table[key] = region.code
    return table


@cache
def _industry_name_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, industry in industries().items():
        if industry.level == "division":
            table[_squash(industry.name_ko)] = code
            table[industry.name_en.lower()] = code
    return table


def _squash(text: str) -> str:
    return re.sub(r"[\s·,()]+", "", text)


def normalize_region(value: str) -> str:
    """2-digit 시·도 code for a code or Korean/English name; 5-digit 시·군·구 codes pass through."""
    key = value.strip()
    if _SIGUNGU.match(key):
        return key
    code = _region_lookup().get(key) or _region_lookup().get(key.lower())
    if code is None:
        raise InputError("codes.unknown_region", value=value)
    return code


def normalize_industry(value: str) -> str:
    """KSIC code without section letter (``"C25"`` → ``"25"``), or a division for its Korean name."""
    key = value.strip()
    match = _KSIC_WITH_SECTION.match(key)
    if match:
        key = match.group(2)
    if key in industries() and key.isdigit():
        return key
    code = _industry_name_lookup().get(_squash(key)) or _industry_name_lookup().get(key.lower())
    if code is None:
        raise InputError("codes.unknown_industry", value=value)
    return code


def region_name(code: str, locale: str = "ko") -> str:
    for region in regions():
        if region.code == code:
            return region.short_ko if locale == "ko" else region.name_en
    return code


def industry_name(code: str, locale: str = "ko") -> str:
    industry = industries().get(code)
    if industry is None:
        return code
    return industry.name_ko if locale == "ko" else industry.name_en


# ---- KSIC sections -------------------------------------------------------------------------


@cache
def _sections() -> dict[str, str]:
    """KSIC section letter → its squashed Korean name without the division range."""
    return {
        code: re.sub(r"[\s·,()~\d/]+", "", ind.name_ko)
        for code, ind in industries().items()
        if ind.level == "section"
    }


def to_section(label: str) -> str:
    """A KSIC section letter for ``"C"``, a KOSIS range ``"10~34"``, a division or a section name."""
    key = label.strip()
    match = _RANGE.match(key)
    if match:
        key = match.group(1)
    if _SECTION.match(key):
        return key.upper()
    if key[:2].isdigit() and (industry := industries().get(key[:2])) is not None:
        return industry.section
    squashed = re.sub(r"[\s·,()~\d/]+", "", key)
    for code, name in _sections().items():
        if squashed and squashed == name:
            return code
    raise InputError("codes.unknown_industry", value=label)


def is_section_level(labels: Iterable[str]) -> bool:
    """KOSIS section tables label industries ``"10~34"`` or ``"C"``; then all are sections."""
    return any(_RANGE.match(label) or _SECTION.match(label.strip()) for label in labels)


def is_section(label: str) -> bool:
    return bool(_SECTION.match(label))


def industry_level(codes: Iterable[str]) -> str:
    """``section``, ``division``, ``group``, ``class`` or ``mixed`` for a set of industry codes."""
    levels = {
        "section" if _SECTION.match(code) else {2: "division", 3: "group"}.get(len(code), "class")
        for code in codes
    }
    return levels.pop() if len(levels) == 1 else ("mixed" if levels else "division")


def section_divisions(section: str) -> tuple[str, ...]:
    """The KSIC divisions of a section letter."""
    return tuple(
        code
        for code, ind in industries().items()
        if ind.level == "division" and ind.section == section.upper()
    )


# ---- industry scope ------------------------------------------------------------------------


def parse_scope(text: str) -> frozenset[str]:
    """KSIC divisions of a scope such as ``"10-34"``, ``"10-34,58,62-63"`` or ``"C"`` (``"*"``
    or empty: every division). Raises ``InputError`` for anything else."""
    parts = [p.strip() for p in (text or "").split(",") if p.strip()]
    if not parts or parts == ["*"]:
        return frozenset(c for c, ind in industries().items() if ind.level == "division")
    out: set[str] = set()
    for part in parts:
        match = _SCOPE_PART.match(part)
        if match:
            low, high = int(match.group(1)), int(match.group(2) or match.group(1))
            out |= {f"{d:02d}" for d in range(min(low, high), max(low, high) + 1)}
        elif _SECTION.match(part):
            out |= set(section_divisions(part))
        else:
            raise InputError("codes.bad_scope", value=text)
    return frozenset(out)


def in_scope(label: str, scope: frozenset[str]) -> bool:
    """Whether an industry label lies in the scope: a KSIC code by its division, a section
    letter when all its divisions are in the scope."""
    if _SECTION.match(label):
        divisions = section_divisions(label)
        return bool(divisions) and all(d in scope for d in divisions)
    return label[:2] in scope
