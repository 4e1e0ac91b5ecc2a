"""Region (시·도) and industry (KSIC) codes: reference tables and normalisers (SPEC §3).

Importers call :func:`normalize_region` and :func:`normalize_industry` so that ``"부산"``,
``"부산광역시"`` and ``"26"`` all become ``"26"``, and ``"C25"``, ``"25"`` and the Korean
division name all become ``"25"``. Unknown values raise :class:`InputError` with a hint.
"""

from __future__ import annotations

import csv
import io
import re
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
