"""Regional statistics in: long CSV/XLSX, KOSIS long files and KOSIS wide exports (SPEC §4).

Accepted layouts (detected from the header):

* **long** — ``region,industry,value`` plus optional ``year`` and ``measure`` columns (Korean
  headers such as ``지역``/``시도``/``행정구역별``, ``산업``/``산업별``, ``값``, ``연도``/``시점``,
  ``지표``/``항목`` work too). The KOSIS long files shipped in ``data/kosis/``
  (``행정구역별,산업별,산업코드,연도,지표,단위,값``) are this layout; the industry label is the
  ``산업코드`` when present, otherwise the ``산업별`` name.
* **KOSIS wide** — the standard download of KOSIS tables such as DT_1FS1101 (광업제조업조사) and
  DT_1K52B01 (전국사업체조사): leading dimension columns (``행정구역별(1)``, ``산업별(1)``, …),
  then one column per period/item, with the items (``사업체수 (개)``) on an optional second
  header row that repeats the dimension names. Regions may be the rows (industries or years as
  columns) or the columns (industries as rows).

Labels stay opaque: ``normalize_region``/``normalize_industry`` callbacks (e.g. the product's
시·도/KSIC normalisers) may map them. National totals (``전국``) and industry totals
(``전체 산업``, ``계`` …) are dropped, because they would be counted twice in RCA.

Every error is an :class:`~axpartners.errors.InputError` naming ``file``, ``row`` and ``column``.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from scipy import sparse

from axpartners.errors import AxError, InputError
from axpartners.io.tables import MAX_XLSX_UNCOMPRESSED, Table, decode_text, read_table

Normalizer = Callable[[str], str]
FlagPolicy = Literal["error", "zero"]
Layout = Literal["long", "wide"]

KOSIS_FLAGS = frozenset({"-", "–", "—", "*", "**", "X", "x", "(X)", "…", "...", ".", "NA", "n/a"})
"""KOSIS/Stata markers for "no figure": 0 or not applicable (``-``), suppressed (``X``), unreliable (``*``)."""
REGION_TOTALS = frozenset(
    {"전국", "합계", "계", "총계", "전체", "total", "national", "all regions"}
)
INDUSTRY_TOTALS = frozenset(
    {"전체 산업", "전체산업", "전산업", "산업 전체", "합계", "계", "총계", "소계", "전체", "total",
     "all industries", "광업 및 제조업", "광업·제조업", "광업ㆍ제조업", "광업, 제조업", "0", "00", "000"}
)  # fmt: skip

_EXTRA_TOTALS = frozenset({"계", "합계", "총계", "전체", "소계", "total", "all"})
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
_YEAR = re.compile(r"^\s*(\d{4})\s*(?:년|\.0)?\s*$")
_UNIT = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*$")
_LEVEL = re.compile(r"\s*\(\d+\)\s*$")


@dataclass(frozen=True, slots=True)
class StatsRecord:
    """One cell: ``value`` of ``industry`` in ``region`` (``year``/``measure`` if given), from file ``row``."""

    region: str
    industry: str
    value: float
    year: int | None
    measure: str | None
    row: int


@dataclass(frozen=True, slots=True)
class StatsMatrix:
    """A region x industry matrix for one year and measure, ready for ``compute_strengths``."""

    values: sparse.csr_array
    regions: tuple[str, ...]
    industries: tuple[str, ...]
    year: int | None
    measure: str | None


@dataclass(frozen=True, slots=True)
class RegionalStats:
    """Parsed statistics.

    Attributes:
        source: file name (for messages).
        layout: ``long`` or ``wide`` (KOSIS export).
        records: the cells, totals removed, validated and normalised.
        dropped_totals: number of national/industry total cells skipped.
        flagged: number of KOSIS flag cells (``-``, ``X``, ``*``) read as 0 (``on_flag="zero"``).
    """

    source: str
    layout: Layout
    records: tuple[StatsRecord, ...]
    dropped_totals: int = 0
    flagged: int = 0

    def years(self) -> tuple[int, ...]:
        """Distinct years, ascending (empty if the data have no year)."""
        return tuple(sorted({r.year for r in self.records if r.year is not None}))

    def measures(self) -> tuple[str, ...]:
        """Distinct measures in order of first appearance (empty if none given)."""
        return tuple(dict.fromkeys(r.measure for r in self.records if r.measure is not None))

    def select(self, *, year: int | None = None, measure: str | None = None) -> StatsMatrix:
        """The matrix of one year (default: the latest) and one measure (required if several)."""
        chosen_measure = self._measure(measure)
        years = self.years()
        if year is None:
            year = years[-1] if years else None
        elif year not in years:
            raise InputError(
                "stats.unknown_year", file=self.source, value=year, found=", ".join(map(str, years))
            )
        cells = [r for r in self.records if r.year == year and r.measure == chosen_measure]
        return _to_matrix(cells, year=year, measure=chosen_measure, source=self.source)

    def panel(self, *, measure: str | None = None) -> dict[int, StatsMatrix]:
        """One matrix per year, all on the same (union) region and industry labels."""
        chosen = self._measure(measure)
        cells = [r for r in self.records if r.measure == chosen]
        regions = tuple(dict.fromkeys(r.region for r in cells))
        industries = tuple(dict.fromkeys(r.industry for r in cells))
        return {
            year: _to_matrix(
                [r for r in cells if r.year == year],
                year=year,
                measure=chosen,
                source=self.source,
                regions=regions,
                industries=industries,
            )
            for year in self.years()
        }

    def _measure(self, measure: str | None) -> str | None:
        measures = self.measures()
        if measure is None:
            if len(measures) > 1:
                raise InputError(
                    "stats.measure_required", file=self.source, found=", ".join(measures)
                )
            return measures[0] if measures else None
        if measure not in measures:
            raise InputError(
                "stats.unknown_measure", file=self.source, value=measure, found=", ".join(measures)
            )
        return measure


def _to_matrix(
    cells: Sequence[StatsRecord],
    *,
    year: int | None,
    measure: str | None,
    source: str,
    regions: tuple[str, ...] | None = None,
    industries: tuple[str, ...] | None = None,
) -> StatsMatrix:
    if not cells:
        raise InputError("stats.no_data", file=source)
    regions = regions or tuple(dict.fromkeys(r.region for r in cells))
    industries = industries or tuple(dict.fromkeys(r.industry for r in cells))
    r_index = {label: k for k, label in enumerate(regions)}
    i_index = {label: k for k, label in enumerate(industries)}
    rows = np.fromiter((r_index[c.region] for c in cells), dtype=np.int64, count=len(cells))
    cols = np.fromiter((i_index[c.industry] for c in cells), dtype=np.int64, count=len(cells))
    data = np.fromiter((c.value for c in cells), dtype=np.float64, count=len(cells))
    values = sparse.csr_array((data, (rows, cols)), shape=(len(regions), len(industries)))
    values.eliminate_zeros()
    return StatsMatrix(
        values=values, regions=regions, industries=industries, year=year, measure=measure
    )


def _key(text: str) -> str:
    return _LEVEL.sub("", text).strip().lower().replace(" ", "")


def _find(header: Sequence[str], role: str) -> int | None:
    found = _find_all(header, role)
    return found[0] if found else None


def _find_all(header: Sequence[str], role: str) -> list[int]:
    wanted = {a.replace(" ", "").lower() for a in _ALIASES[role]}
    return [position for position, column in enumerate(header) if _key(column) in wanted]


@dataclass(frozen=True, slots=True)
class _Options:
    source: str
    normalize_region: Normalizer | None
    normalize_industry: Normalizer | None
    on_flag: FlagPolicy
    keep_totals: bool


class _Builder:
    """Collects cells, checks values and duplicates, applies normalisers and totals."""

    def __init__(self, options: _Options) -> None:
        self.options = options
        self.records: list[StatsRecord] = []
        self.seen: dict[tuple[str, str, int | None, str | None], int] = {}
        self.dropped_totals = 0
        self.flagged = 0

    def value(self, text: str, *, row: int, column: str) -> float | None:
        raw = text.strip()
        if raw == "":
            raise InputError(
                "import.required_value", file=self.options.source, row=row, column=column
            )
        if raw in KOSIS_FLAGS:
            if self.options.on_flag == "zero":
                self.flagged += 1
                return 0.0
            raise InputError(
                "stats.flag_value", file=self.options.source, row=row, column=column, value=raw
            )
        try:
            number = float(raw.replace(",", ""))
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise InputError(
                "stats.not_a_number", file=self.options.source, row=row, column=column, value=raw
            )
        if number < 0:
            raise InputError(
                "stats.negative_value", file=self.options.source, row=row, column=column, value=raw
            )
        return number

    def _normalise(self, label: str, fn: Normalizer | None, *, row: int, column: str) -> str:
        if fn is None:
            return label
        try:
            return fn(label)
        except AxError as err:
            params = {**err.params, "file": self.options.source, "row": row, "column": column}
            raise type(err)(err.code, **params) from None

    def add(
        self,
        *,
        region: str,
        industry: str,
        industry_name: str | None,
        value_text: str,
        year: int | None,
        measure: str | None,
        row: int,
        columns: tuple[str, str, str],
    ) -> None:
        region, industry = region.strip(), industry.strip()
        if not region:
            raise InputError(
                "import.required_value", file=self.options.source, row=row, column=columns[0]
            )
        if not industry:
            raise InputError(
                "import.required_value", file=self.options.source, row=row, column=columns[1]
            )
        if not self.options.keep_totals and (
            region.lower() in REGION_TOTALS
            or industry.lower() in INDUSTRY_TOTALS
            or (industry_name or "").strip().lower() in INDUSTRY_TOTALS
        ):
            self.dropped_totals += 1
            return
        value = self.value(value_text, row=row, column=columns[2])
        region = self._normalise(region, self.options.normalize_region, row=row, column=columns[0])
        industry = self._normalise(
            industry, self.options.normalize_industry, row=row, column=columns[1]
        )
        key = (region, industry, year, measure)
        if key in self.seen:
            raise InputError(
                "stats.duplicate_cell",
                file=self.options.source,
                row=row,
                column=columns[2],
                region=region,
                industry=industry,
                first_row=self.seen[key],
            )
        self.seen[key] = row
        assert value is not None
        self.records.append(StatsRecord(region, industry, value, year, measure, row))

    def result(self, layout: Layout) -> RegionalStats:
        if not self.records:
            raise InputError("stats.no_data", file=self.options.source)
        return RegionalStats(
            source=self.options.source,
            layout=layout,
            records=tuple(self.records),
            dropped_totals=self.dropped_totals,
            flagged=self.flagged,
        )


def _year(text: str, *, source: str, row: int, column: str) -> int:
    match = _YEAR.match(text)
    if not match:
        raise InputError("stats.bad_year", file=source, row=row, column=column, value=text)
    return int(match.group(1))


def _measure_label(text: str) -> str:
    return _UNIT.sub("", text).strip()


def _parse_long(table: Table, builder: _Builder, *, value_column: str | None) -> RegionalStats:
    header = table.header
    region = _find(header, "region")
    industry = _find(header, "industry")
    code = _find(header, "industry_code")
    value = header.index(value_column) if value_column else _find(header, "value")
    year, measure = _find(header, "year"), _find(header, "measure")
    note = _find(header, "note")
    if industry is None:
        industry = code
    for role, position in (("region", region), ("industry", industry), ("value", value)):
        if position is None:
            table.require(value_column if role == "value" and value_column else role)
    assert region is not None
    assert industry is not None
    assert value is not None
    label_column = code if code is not None else industry
    columns = (header[region], header[label_column], header[value])
    source = builder.options.source
    for row_number, cells in zip(table.row_numbers, table.rows, strict=True):
        name = cells[industry]
        label = cells[code] if code is not None and cells[code].strip() else name
        value_text = cells[value]
        if not value_text.strip() and note is not None and cells[note].strip() in KOSIS_FLAGS:
            value_text = cells[note].strip()  # KOSIS puts the flag of an empty cell in 비고
        builder.add(
            region=cells[region],
            industry=label,
            industry_name=name,
            value_text=value_text,
            year=_year(cells[year], source=source, row=row_number, column=header[year])
            if year is not None
            else None,
            measure=_measure_label(cells[measure]) or None if measure is not None else None,
            row=row_number,
            columns=columns,
        )
    return builder.result("long")


def _is_dimension(column: str) -> bool:
    key = _key(column)
    if not key or _YEAR.match(column):
        return False
    known = {
        a.replace(" ", "").lower()
        for role in ("region", "industry", "industry_code", "year", "measure")
        for a in _ALIASES[role]
    }
    return key in known or key.endswith("별")


def _parse_wide(table: Table, builder: _Builder) -> RegionalStats:
    header = table.header
    n_dims = 0
    while n_dims < len(header) and _is_dimension(header[n_dims]):
        n_dims += 1
    if n_dims == 0 or n_dims == len(header):
        raise InputError(
            "stats.layout", file=builder.options.source, row=1, found=", ".join(header)
        )
    dims = header[:n_dims]
    # Hierarchical exports have one column per level (산업별(1), 산업별(2), …): use the deepest
    # level and treat rows without it as subtotals of their parent.
    region_levels = _find_all(dims, "region")
    industry_levels = _find_all(dims, "industry") or _find_all(dims, "industry_code")
    region = region_levels[-1] if region_levels else None
    industry = industry_levels[-1] if industry_levels else None
    year_dim = _find(dims, "year")
    measure_dim = _find(dims, "measure")
    assigned = {*region_levels, *industry_levels, year_dim, measure_dim}
    extra_dims = [k for k in range(n_dims) if k not in assigned]
    if region is None and industry is None:
        raise InputError(
            "stats.layout", file=builder.options.source, row=1, found=", ".join(header)
        )
    # Extra header rows repeat the dimension names (KOSIS puts items/units there).
    header_rows: list[tuple[str, ...]] = [header]
    body = list(zip(table.row_numbers, table.rows, strict=True))
    while body and all(cell in ("", dims[k]) for k, cell in enumerate(body[0][1][:n_dims])):
        header_rows.append(body.pop(0)[1])
    source = builder.options.source
    columns: list[tuple[int | None, str | None, str | None]] = []
    for j in range(n_dims, len(header)):
        year: int | None = None
        measure: str | None = None
        label: str | None = None
        for texts in header_rows:
            text = texts[j].strip()
            if not text:
                continue
            match = _YEAR.match(text)
            if match:
                year = int(match.group(1))
            elif any(word in text for word in _MEASURE_WORDS) or _UNIT.search(text):
                measure = _measure_label(text)
            else:
                label = text
        columns.append((year, measure, label))
    for row_number, cells in body:
        row_year = (
            _year(cells[year_dim], source=source, row=row_number, column=dims[year_dim])
            if year_dim is not None
            else None
        )
        row_measure = _measure_label(cells[measure_dim]) if measure_dim is not None else None
        if any(
            not cells[levels[-1]].strip()
            for levels in (region_levels, industry_levels)
            if len(levels) > 1
        ):
            builder.dropped_totals += len(columns)
            continue
        # Any other dimension (e.g. 사업체구분별) splits the measure unless it is its total.
        qualifiers = [
            cells[k].strip() for k in extra_dims if cells[k].strip().lower() not in _EXTRA_TOTALS
        ]
        for offset, (col_year, col_measure, label) in enumerate(columns):
            j = n_dims + offset
            if region is not None and industry is not None:
                region_label, industry_label = cells[region], cells[industry]
            elif region is not None:
                region_label, industry_label = cells[region], label or ""
            else:
                assert industry is not None
                region_label, industry_label = label or "", cells[industry]
            builder.add(
                region=region_label,
                industry=industry_label,
                industry_name=None,
                value_text=cells[j],
                year=col_year if col_year is not None else row_year,
                measure=" / ".join(q for q in (col_measure or row_measure, *qualifiers) if q)
                or None,
                row=row_number,
                columns=(
                    dims[region] if region is not None else header[j],
                    dims[industry] if industry is not None else header[j],
                    header[j],
                ),
            )
    return builder.result("wide")


def parse_stats(
    table: Table,
    *,
    normalize_region: Normalizer | None = None,
    normalize_industry: Normalizer | None = None,
    value_column: str | None = None,
    on_flag: FlagPolicy = "error",
    keep_totals: bool = False,
) -> RegionalStats:
    """Parse a :class:`Table` in any supported layout (see the module docstring).

    Args:
        normalize_region, normalize_industry: map raw labels (may raise ``InputError``, which
            is re-raised with file/row/column).
        value_column: the value column of a long file whose header is not ``value``/``값``
            (e.g. ``emp_2024H1_thousand``).
        on_flag: ``"error"`` (default) refuses KOSIS flag cells such as ``-``, ``X``, ``*``;
            ``"zero"`` reads them as 0 and counts them in ``flagged``.
        keep_totals: keep national and all-industry total rows (normally dropped).
    """
    table = _skip_title(table)
    builder = _Builder(
        _Options(table.name, normalize_region, normalize_industry, on_flag, keep_totals)
    )
    header = table.header
    is_long = value_column is not None or (
        _find(header, "value") is not None
        and _find(header, "region") is not None
        and (_find(header, "industry") is not None or _find(header, "industry_code") is not None)
    )
    if value_column is not None and value_column not in header:
        table.require(value_column)
    return (
        _parse_long(table, builder, value_column=value_column)
        if is_long
        else _parse_wide(table, builder)
    )


def _skip_title(table: Table) -> Table:
    """KOSIS downloads may start with a one-cell title row; use the next row as the header."""
    if sum(1 for c in table.header if c) > 1 or not table.rows:
        return table
    return Table(
        name=table.name,
        header=table.rows[0],
        rows=table.rows[1:],
        row_numbers=table.row_numbers[1:],
    )


def read_stats(data: bytes, *, name: str, **options: object) -> RegionalStats:
    """:func:`parse_stats` for CSV/XLSX bytes (UTF-8/CP949 detected)."""
    try:
        table = read_table(data, name=name)
    except InputError as err:
        # KOSIS wide exports repeat the period in the header ("2022","2022",…), which the
        # generic reader refuses; read the grid with repeated headers allowed instead.
        if err.code != "import.duplicate_column":
            raise
        table = _read_grid(data, name=name)
    return parse_stats(table, **options)  # type: ignore[arg-type]


def read_stats_file(path: Path | str, **options: object) -> RegionalStats:
    """:func:`parse_stats` for a file path (a missing file is ``import.no_file``)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("import.no_file", file=str(path), detail=exc.strerror or "") from exc
    return read_stats(data, name=path.name, **options)


def _read_grid(data: bytes, *, name: str) -> Table:
    """Header + rows like :func:`read_table` (already size-checked) but allowing repeated headers."""
    if data[:4] == b"PK\x03\x04":
        import openpyxl

        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_XLSX_UNCOMPRESSED:
                raise InputError(
                    "import.zip_bomb", file=name, limit_mb=MAX_XLSX_UNCOMPRESSED // 2**20
                )
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        raw = [
            (n, list(r))
            for n, r in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1)
        ]
        book.close()
    else:
        reader = csv.reader(io.StringIO(decode_text(data, name=name), newline=""))
        raw = [(reader.line_num, list(row)) for row in reader]
    cells = [
        (n, tuple("" if c is None else str(c).strip().lstrip("\ufeff") for c in row))
        for n, row in raw
    ]
    cells = [(n, row) for n, row in cells if any(row)]
    header = cells[0][1]
    width = len(header)
    body = [(n, (row + ("",) * width)[:width]) for n, row in cells[1:]]
    return Table(
        name=name,
        header=header,
        rows=tuple(row for _, row in body),
        row_numbers=tuple(n for n, _ in body),
    )


def iter_cells(stats: RegionalStats) -> Iterable[tuple[str, str, int | None, str | None, float]]:
    """``(region, industry, year, measure, value)`` tuples, e.g. for storing in a database."""
    return ((r.region, r.industry, r.year, r.measure, r.value) for r in stats.records)
