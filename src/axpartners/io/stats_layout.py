"""How a statistics file is laid out: header aliases, totals, KOSIS flags, the wide-export shape.

Shared by the columnar reader (``io/stats_columnar.py``) and the row-by-row reference parser
(``io/stats_rows.py``), so both see a file the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from axpartners.errors import InputError
from axpartners.io.tables import Table

Normalizer = Callable[[str], str]
FlagPolicy = Literal["error", "zero"]

KOSIS_FLAGS = frozenset({"-", "–", "—", "*", "**", "X", "x", "(X)", "…", "...", ".", "NA", "n/a"})
"""KOSIS/Stata markers for "no figure": 0 or not applicable (``-``), suppressed (``X``), unreliable (``*``)."""
REGION_TOTALS = frozenset(
    {"전국", "합계", "계", "총계", "전체", "total", "national", "all regions"}
)
INDUSTRY_TOTALS = frozenset(
    {"전체 산업", "전체산업", "전산업", "산업 전체", "합계", "계", "총계", "소계", "전체", "total",
     "all industries", "광업 및 제조업", "광업·제조업", "광업ㆍ제조업", "광업, 제조업", "0", "00", "000"}
)  # fmt: skip
EXTRA_TOTALS = frozenset({"계", "합계", "총계", "전체", "소계", "total", "all"})

_ALIASES: dict[str, tuple[str, ...]] = {
    "region": ("region", "지역", "지역별", "시도", "시도별", "시·도", "시군구", "시군구별",
               "행정구역", "행정구역별", "행정구역(시도)별", "행정구역(시군구)별", "location", "loc"),
    "industry": ("industry", "산업", "산업별", "산업분류", "산업분류별", "업종", "업종별",
                 "ksic", "product", "prod"),
    "industry_code": ("산업코드", "industry_code", "ksic_code"),
    "value": ("value", "값", "수치", "데이터", "val"),
    "year": ("year", "연도", "년도", "시점", "기준연도", "time"),
    "measure": ("measure", "지표", "항목", "항목별", "indicator"),
    "note": ("비고", "note", "flag", "주석"),
}  # fmt: skip
_MEASURE_WORDS = ("사업체", "종사자", "매출", "출하", "부가가치", "급여", "생산", "유형자산",
                  "비용", "근로자", "인원", "employees", "establishments", "output", "sales")  # fmt: skip
YEAR = re.compile(r"^\s*(\d{4})\s*(?:년|\.0)?\s*$")
_UNIT = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*$")
_LEVEL = re.compile(r"\s*\(\d+\)\s*$")


@dataclass(frozen=True, slots=True)
class Options:
    source: str
    normalize_region: Normalizer | None
    normalize_industry: Normalizer | None
    on_flag: FlagPolicy
    keep_totals: bool


def _key(text: str) -> str:
    return _LEVEL.sub("", text).strip().lower().replace(" ", "")


def find(header: Sequence[str], role: str) -> int | None:
    found = find_all(header, role)
    return found[0] if found else None


def find_all(header: Sequence[str], role: str) -> list[int]:
    wanted = {a.replace(" ", "").lower() for a in _ALIASES[role]}
    return [position for position, column in enumerate(header) if _key(column) in wanted]


def parse_year(text: str, *, source: str, row: int, column: str) -> int:
    match = YEAR.match(text)
    if not match:
        raise InputError("stats.bad_year", file=source, row=row, column=column, value=text)
    return int(match.group(1))


def measure_label(text: str) -> str:
    return _UNIT.sub("", text).strip()


def is_long(header: Sequence[str], value_column: str | None) -> bool:
    return value_column is not None or (
        find(header, "value") is not None
        and find(header, "region") is not None
        and (find(header, "industry") is not None or find(header, "industry_code") is not None)
    )


@dataclass(frozen=True, slots=True)
class LongShape:
    """Column positions of a long file (``code``/``note``/``year``/``measure`` optional)."""

    region: int
    industry: int
    code: int | None
    value: int
    year: int | None
    measure: int | None
    note: int | None


def long_shape(table: Table, *, value_column: str | None) -> LongShape:
    header = table.header
    region = find(header, "region")
    industry = find(header, "industry")
    code = find(header, "industry_code")
    value = header.index(value_column) if value_column else find(header, "value")
    if industry is None:
        industry = code
    for role, position in (("region", region), ("industry", industry), ("value", value)):
        if position is None:
            table.require(value_column if role == "value" and value_column else role)
    assert region is not None
    assert industry is not None
    assert value is not None
    return LongShape(
        region, industry, code, value, find(header, "year"), find(header, "measure"),
        find(header, "note"),
    )  # fmt: skip


def _is_dimension(column: str) -> bool:
    key = _key(column)
    if not key or YEAR.match(column):
        return False
    known = {
        a.replace(" ", "").lower()
        for role in ("region", "industry", "industry_code", "year", "measure")
        for a in _ALIASES[role]
    }
    return key in known or key.endswith("별")


@dataclass(frozen=True, slots=True)
class WideShape:
    """A KOSIS wide export: ``n_dims`` leading dimension columns, then value columns.

    ``header_rows`` extra rows after the header repeat the dimension names (items, units);
    ``columns`` holds each value column's (year, measure, label) read from the header rows.
    Hierarchical exports have one column per level (산업별(1), 산업별(2), …): the deepest
    level is used and rows without it are subtotals of their parent.
    """

    n_dims: int
    region_levels: tuple[int, ...]
    industry_levels: tuple[int, ...]
    year_dim: int | None
    measure_dim: int | None
    extra_dims: tuple[int, ...]
    header_rows: int
    columns: tuple[tuple[int | None, str | None, str | None], ...]

    @property
    def region(self) -> int | None:
        return self.region_levels[-1] if self.region_levels else None

    @property
    def industry(self) -> int | None:
        return self.industry_levels[-1] if self.industry_levels else None


def wide_shape(table: Table, *, source: str) -> WideShape:
    header = table.header
    n_dims = 0
    while n_dims < len(header) and _is_dimension(header[n_dims]):
        n_dims += 1
    if n_dims == 0 or n_dims == len(header):
        raise InputError("stats.layout", file=source, row=1, found=", ".join(header))
    dims = header[:n_dims]
    region_levels = find_all(dims, "region")
    industry_levels = find_all(dims, "industry") or find_all(dims, "industry_code")
    year_dim, measure_dim = find(dims, "year"), find(dims, "measure")
    assigned = {*region_levels, *industry_levels, year_dim, measure_dim}
    if not region_levels and not industry_levels:
        raise InputError("stats.layout", file=source, row=1, found=", ".join(header))
    texts: list[tuple[str, ...]] = [header]
    for row in table.rows:
        if not all(cell in ("", dims[k]) for k, cell in enumerate(row[:n_dims])):
            break
        texts.append(row)
    columns: list[tuple[int | None, str | None, str | None]] = []
    for j in range(n_dims, len(header)):
        year: int | None = None
        measure: str | None = None
        label: str | None = None
        for row in texts:
            text = row[j].strip()
            if not text:
                continue
            match = YEAR.match(text)
            if match:
                year = int(match.group(1))
            elif any(word in text for word in _MEASURE_WORDS) or _UNIT.search(text):
                measure = measure_label(text)
            else:
                label = text
        columns.append((year, measure, label))
    return WideShape(
        n_dims=n_dims,
        region_levels=tuple(region_levels),
        industry_levels=tuple(industry_levels),
        year_dim=year_dim,
        measure_dim=measure_dim,
        extra_dims=tuple(k for k in range(n_dims) if k not in assigned),
        header_rows=len(texts) - 1,
        columns=tuple(columns),
    )


def skip_title(table: Table) -> Table:
    """KOSIS downloads may start with a one-cell title row; use the next row as the header."""
    if sum(1 for c in table.header if c) > 1 or not table.rows:
        return table
    return Table(
        name=table.name,
        header=table.rows[0],
        rows=table.rows[1:],
        row_numbers=table.row_numbers[1:],
    )
