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

How: a CSV is read by polars and checked column by column (``io/stats_columnar.py``); when a
check fails, the row-by-row parser (``io/stats_rows.py``) finds the first bad cell and words
the error. The parsed cells are columns too (``io/stats_model.py``).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from axpartners.errors import InputError
from axpartners.io.stats_columnar import (
    Fallback,
    grid_from_table,
    parse_grid,
    read_csv_grid,
    skip_title as skip_grid_title,
)
from axpartners.io.stats_layout import (
    INDUSTRY_TOTALS,
    KOSIS_FLAGS,
    REGION_TOTALS,
    FlagPolicy,
    Normalizer,
    Options,
    skip_title,
)
from axpartners.io.stats_model import (
    Layout,
    RegionalStats,
    StatsCells,
    StatsMatrix,
    StatsRecord,
    build_matrix,
    iter_cells,
    matrix_from_labels,
)
from axpartners.io.stats_rows import parse_rows
from axpartners.io.tables import MAX_XLSX_UNCOMPRESSED, Table, decode_text, read_table

__all__ = [
    "INDUSTRY_TOTALS",
    "KOSIS_FLAGS",
    "REGION_TOTALS",
    "FlagPolicy",
    "Layout",
    "Normalizer",
    "RegionalStats",
    "StatsCells",
    "StatsMatrix",
    "StatsRecord",
    "build_matrix",
    "iter_cells",
    "matrix_from_labels",
    "parse_stats",
    "read_stats",
    "read_stats_file",
]


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
    table = skip_title(table)
    options = Options(table.name, normalize_region, normalize_industry, on_flag, keep_totals)
    if value_column is not None and value_column not in table.header:
        table.require(value_column)
    try:
        return parse_grid(grid_from_table(table), options, value_column=value_column)
    except Fallback:
        return parse_rows(table, options, value_column=value_column)


def read_stats(
    data: bytes,
    *,
    name: str,
    normalize_region: Normalizer | None = None,
    normalize_industry: Normalizer | None = None,
    value_column: str | None = None,
    on_flag: FlagPolicy = "error",
    keep_totals: bool = False,
) -> RegionalStats:
    """:func:`parse_stats` for CSV/XLSX bytes (UTF-8/CP949 detected)."""
    options = Options(name, normalize_region, normalize_industry, on_flag, keep_totals)
    grid = read_csv_grid(data, name=name)
    if grid is not None:
        grid = skip_grid_title(grid)
        if value_column is not None and value_column not in grid.header:
            Table(name, grid.header, (), ()).require(value_column)
        try:
            return parse_grid(grid, options, value_column=value_column)
        except Fallback:
            pass
    table = _read_table(data, name=name)
    table = skip_title(table)
    if value_column is not None and value_column not in table.header:
        table.require(value_column)
    if grid is None:
        try:
            return parse_grid(grid_from_table(table), options, value_column=value_column)
        except Fallback:
            pass
    return parse_rows(table, options, value_column=value_column)


def read_stats_file(
    path: Path | str,
    *,
    normalize_region: Normalizer | None = None,
    normalize_industry: Normalizer | None = None,
    value_column: str | None = None,
    on_flag: FlagPolicy = "error",
    keep_totals: bool = False,
) -> RegionalStats:
    """:func:`parse_stats` for a file path (a missing file is ``import.no_file``)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("import.no_file", file=str(path), detail=exc.strerror or "") from exc
    return read_stats(
        data, name=path.name, normalize_region=normalize_region,
        normalize_industry=normalize_industry, value_column=value_column, on_flag=on_flag,
        keep_totals=keep_totals,
    )  # fmt: skip


def _read_table(data: bytes, *, name: str) -> Table:
    try:
        return read_table(data, name=name)
    except InputError as err:
        # KOSIS wide exports repeat the period in the header ("2022","2022",…), which the
        # generic reader refuses; read the grid with repeated headers allowed instead.
        if err.code != "import.duplicate_column":
            raise
        return _read_grid(data, name=name)


def _read_grid(data: bytes, *, name: str) -> Table:
    """Header + rows like :func:`read_table` (already size-checked) but allowing repeated headers."""
    if data[:4] == b"PK\x03\x04":
        import openpyxl  # lazy: only XLSX uploads need it (0.2 s to import)

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
