"""The columnar statistics reader: whole columns through polars, no Python loop per cell.

Reads a CSV with polars (every cell a string), or takes a :class:`Table` (XLSX), lays out long
or KOSIS-wide cells as one frame and checks them column-wise: required labels, totals, KOSIS
flags, numbers, negatives, normalisers (called once per distinct label) and duplicates. Any
failed check raises :class:`Fallback`; the caller then runs the row-by-row reference parser
(``io/stats_rows.py``), which words the first bad cell with its file, row and column exactly as
before. So a valid file takes the fast path and an invalid one gets the same message as ever.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import polars as pl

from axpartners.errors import AxError
from axpartners.io.stats_layout import (
    EXTRA_TOTALS,
    INDUSTRY_TOTALS,
    KOSIS_FLAGS,
    REGION_TOTALS,
    Normalizer,
    Options,
    is_long,
    long_shape,
    measure_label,
    parse_year,
    wide_shape,
)
from axpartners.io.stats_model import NO_YEAR, Layout, RegionalStats, StatsCells
from axpartners.io.tables import MAX_TABLE_BYTES, Table, decode_text

_HEAD_ROWS = 32
"""Rows handed to the wide-shape detection (header rows that repeat the dimension names)."""
_PYTHON_ONLY_SPACE = ("\x1c", "\x1d", "\x1e", "\x1f")
"""Characters Python's ``str.strip`` removes and polars' ``strip_chars`` keeps."""
_ASCII_SPACE = (" ", "\t", "\x0b", "\x0c", "\r")
"""ASCII whitespace a cell may start or end with (LF only ends lines)."""


class Fallback(Exception):
    """A column-wise check failed (or the file needs the row-by-row reader): parse by rows."""


@dataclass(frozen=True, slots=True)
class Grid:
    """A header and a frame of stripped string cells ``c0…cN`` with their file rows."""

    name: str
    header: tuple[str, ...]
    body: pl.DataFrame
    rows: np.ndarray

    def head(self) -> Table:
        """The first rows as a :class:`Table` (for the layout detection)."""
        first = self.body.head(_HEAD_ROWS).fill_null("")
        return Table(
            name=self.name,
            header=self.header,
            rows=tuple(tuple(str(c) for c in row) for row in first.iter_rows()),
            row_numbers=tuple(int(n) for n in self.rows[:_HEAD_ROWS]),
        )


def _strip(frame: pl.DataFrame, text: str) -> pl.DataFrame:
    """Every cell a stripped string ("" for empty). Skips the strip (0.05 s at 840k rows)
    when the text has no character it could remove: ASCII without spaces, tabs, VT, FF or CR."""
    if text.isascii() and not any(c in text for c in _ASCII_SPACE):
        if any(frame.null_count().row(0)):
            return frame.select(pl.all().fill_null(""))
        return frame
    return frame.select(pl.all().fill_null("").str.strip_chars())


def _drop_blank(frame: pl.DataFrame, rows: np.ndarray) -> tuple[pl.DataFrame, np.ndarray]:
    filled = pl.any_horizontal(pl.all() != "")
    keep = frame.select(filled).to_series().to_numpy()
    return frame.filter(pl.Series(keep)), rows[keep]


def grid_from_table(table: Table) -> Grid:
    width = len(table.header)
    columns = list(zip(*table.rows, strict=True)) if table.rows else [()] * width
    body = pl.DataFrame(
        {f"c{k}": pl.Series(list(columns[k]), dtype=pl.String) for k in range(width)}
    )
    return Grid(table.name, table.header, body, np.asarray(table.row_numbers, dtype=np.int64))


def read_csv_grid(data: bytes, *, name: str) -> Grid | None:
    """The CSV as a grid, or ``None`` when the row-by-row reader must read it: not a CSV, too
    large or empty (it words the error), a record spanning lines, ragged rows, a lone CR."""
    if len(data) > MAX_TABLE_BYTES or data.isspace() or not data or data[:4] == b"PK\x03\x04":
        return None
    text = decode_text(data, name=name)
    lone_cr = "\r" in text and text.count("\r") != text.count("\r\n")
    if lone_cr or any(c in text for c in _PYTHON_ONLY_SPACE):
        return None
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    # UTF-8 bytes go to polars as they are (a BOM stays on the first header cell, stripped
    # below); CP949 is re-encoded.
    utf8 = text.isascii() or _is_utf8(data)
    try:
        frame = pl.read_csv(
            data if utf8 else text.encode("utf-8"),
            has_header=False,
            infer_schema=False,
            quote_char='"',
        )
    except pl.exceptions.PolarsError:
        return None
    if frame.height != lines or frame.height == 0:
        return None
    frame = _strip(frame.rename({c: f"c{k}" for k, c in enumerate(frame.columns)}), text)
    header = tuple(str(c).lstrip("\ufeff") for c in frame.row(0))
    if not header[0]:
        return None  # the reader names the empty header
    body, rows = _drop_blank(frame.slice(1), np.arange(2, frame.height + 1, dtype=np.int64))
    return Grid(name, header, body, rows)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def skip_title(grid: Grid) -> Grid:
    """KOSIS downloads may start with a one-cell title row; use the next row as the header."""
    if sum(1 for c in grid.header if c) > 1 or grid.body.height == 0:
        return grid
    header = tuple(str(c) for c in grid.body.row(0))
    return Grid(grid.name, header, grid.body.slice(1), grid.rows[1:])


def _lookup(column: str, fn: Callable[[str], object], frame: pl.DataFrame) -> pl.Expr:
    """``fn`` applied once per distinct value of ``column`` (raises :class:`Fallback` on error)."""
    distinct = frame.get_column(column).unique().to_list()
    try:
        mapped = [fn(v) for v in distinct]
    except AxError:
        raise Fallback from None
    return pl.col(column).replace_strict(distinct, mapped)


def _label_set(values: Iterable[str], totals: frozenset[str]) -> list[str]:
    return [v for v in values if v.lower() in totals]


def _year_of(text: str) -> int:
    return parse_year(text, source="", row=0, column="")


def _long_frame(grid: Grid, *, value_column: str | None) -> pl.DataFrame:
    table = Table(grid.name, grid.header, (), ())
    shape = long_shape(table, value_column=value_column)

    def c(k: int) -> pl.Expr:
        return pl.col(f"c{k}")

    label = (
        pl.when(c(shape.code) != "").then(c(shape.code)).otherwise(c(shape.industry))
        if shape.code is not None
        else c(shape.industry)
    )
    value = c(shape.value)
    if shape.note is not None:  # KOSIS puts the flag of an empty cell in 비고
        note = c(shape.note)
        value = pl.when((value == "") & note.is_in(list(KOSIS_FLAGS))).then(note).otherwise(value)
    # A "name" column (checked for totals too) only when a code column supplies the label.
    names = {} if shape.code is None else {"name": c(shape.industry)}
    frame = grid.body.select(
        region=c(shape.region),
        industry=label,
        **names,
        value=value,
        year=c(shape.year) if shape.year is not None else pl.lit(None, dtype=pl.Int64),
        measure=c(shape.measure) if shape.measure is not None else pl.lit(None, pl.String),
        row=pl.Series(grid.rows),
    )
    if shape.year is not None:
        frame = frame.with_columns(_lookup("year", _year_of, frame).cast(pl.Int64))
    if shape.measure is not None:
        frame = frame.with_columns(
            _lookup("measure", lambda m: measure_label(m) or None, frame).cast(pl.String)
        )
    return frame


def _wide_frame(grid: Grid, options: Options) -> tuple[pl.DataFrame, int]:
    """The wide grid as one cell per row, in file order; and the subtotal cells dropped."""
    shape = wide_shape(grid.head(), source=options.source)
    if shape.header_rows >= _HEAD_ROWS:
        raise Fallback
    n_dims = shape.n_dims
    body = grid.body.slice(shape.header_rows).with_columns(
        _row=pl.Series(grid.rows[shape.header_rows :]), _order=pl.int_range(pl.len())
    )
    if shape.year_dim is not None:
        body = body.with_columns(_lookup(f"c{shape.year_dim}", _year_of, body).alias("_year"))
    else:
        body = body.with_columns(_year=pl.lit(None, dtype=pl.Int64))
    if shape.measure_dim is not None:
        body = body.with_columns(
            _lookup(f"c{shape.measure_dim}", measure_label, body).cast(pl.String).alias("_rm")
        )
    else:
        body = body.with_columns(_rm=pl.lit(None, dtype=pl.String))
    subtotal = pl.any_horizontal(
        [pl.col(f"c{levels[-1]}") == "" for levels in (shape.region_levels, shape.industry_levels) if len(levels) > 1]
        or [pl.lit(False)]
    )  # fmt: skip
    n_subtotal = int(body.select(subtotal.sum()).item())
    body = body.filter(~subtotal)
    qualifiers = []
    for k in shape.extra_dims:
        cell = pl.col(f"c{k}")
        totals = _label_set(body.get_column(f"c{k}").unique().to_list(), EXTRA_TOTALS)
        qualifiers.append(pl.when((cell == "") | cell.is_in(totals)).then(None).otherwise(cell))
    body = body.with_columns(
        _qual=pl.concat_str(qualifiers, separator=" / ", ignore_nulls=True)
        if qualifiers
        else pl.lit("")
    )
    meta = pl.DataFrame(
        {
            "variable": [f"c{n_dims + o}" for o in range(len(shape.columns))],
            "_offset": list(range(len(shape.columns))),
            "_cy": [y for y, _, _ in shape.columns],
            "_cm": [m for _, m, _ in shape.columns],
            "_label": [lab or "" for _, _, lab in shape.columns],
        },
        schema={"variable": pl.String, "_offset": pl.Int64, "_cy": pl.Int64, "_cm": pl.String,
                "_label": pl.String},
    )  # fmt: skip
    index = ["_row", "_order", "_year", "_rm", "_qual"]
    for dim in (shape.region, shape.industry):
        if dim is not None:
            index.append(f"c{dim}")
    cells = (
        body.unpivot(on=meta["variable"].to_list(), index=index)
        .join(meta, on="variable", how="left")
        .sort(["_order", "_offset"])
    )
    label = pl.col("_label")
    base = pl.when(pl.col("_cm").fill_null("") != "").then("_cm").otherwise("_rm")
    measure = pl.concat_str(
        [pl.when(base != "").then(base), pl.when(pl.col("_qual") != "").then("_qual")],
        separator=" / ",
        ignore_nulls=True,
    )
    frame = cells.select(
        region=pl.col(f"c{shape.region}") if shape.region is not None else label,
        industry=pl.col(f"c{shape.industry}") if shape.industry is not None else label,
        value=pl.col("value").fill_null(""),
        year=pl.coalesce("_cy", "_year"),
        measure=pl.when(measure != "").then(measure),
        row=pl.col("_row"),
    )
    return frame, n_subtotal * len(shape.columns)


def _codes(column: pl.Series) -> tuple[tuple[str, ...], np.ndarray]:
    labels = column.drop_nulls().unique(maintain_order=True)
    codes = column.cast(pl.Enum(labels.to_list())).to_physical().cast(pl.Int64).fill_null(-1)
    return tuple(labels.to_list()), codes.to_numpy()


def _dense_codes(values: np.ndarray) -> tuple[np.ndarray, int]:
    """``values`` as codes 0…k-1 with k (a constant column, the usual year, skips the sort)."""
    if values.size == 0 or values.min() == values.max():
        return np.zeros(values.size, dtype=np.int64), 1
    distinct, codes = np.unique(values, return_inverse=True)
    return codes.astype(np.int64), int(distinct.size)


def _has_duplicates(*columns: tuple[np.ndarray, int]) -> bool:
    """Whether two cells share every code; each column is ``(codes in 0…size-1, size)``.

    The codes are folded into one integer key (a bin count when the key space is small, a
    sort otherwise): 5 ms at 840k cells where polars' ``struct(...).is_duplicated`` took 0.4 s.
    """
    n = columns[0][0].size
    key = np.zeros(n, dtype=np.int64)
    space = 1
    for codes, size in columns:
        space *= max(size, 1)
        if space >= 2**62:
            return _sorted_duplicates(np.stack([c for c, _ in columns], axis=1))
        key = key * max(size, 1) + codes
    if n < 2 or bool(np.all(key[1:] > key[:-1])):  # cells in order (the usual file): all distinct
        return False
    if space <= 4 * n + 1024:
        return bool(n and np.bincount(key, minlength=space).max() > 1)
    ordered = np.sort(key)
    return bool((ordered[1:] == ordered[:-1]).any())


def _sorted_duplicates(rows: np.ndarray) -> bool:
    return bool(np.unique(rows, axis=0).shape[0] != rows.shape[0])


def _normalised(frame: pl.DataFrame, column: str, fn: Normalizer | None) -> pl.DataFrame:
    if fn is None:
        return frame
    return frame.with_columns(_lookup(column, fn, frame).cast(pl.String))


def _numbers(frame: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """The value column as numbers (flags 0, thousands separators dropped; null where not a
    number) and the count of flags. No flag parses as a number, so when every cell does (the
    usual file) the flag and comma scans are skipped."""
    number = pl.col("value").cast(pl.Float64, strict=False)
    parsed = frame.select(number).to_series()
    if parsed.null_count() == 0:
        return frame.with_columns(value=parsed), 0
    flag = pl.col("value").is_in(list(KOSIS_FLAGS))
    flagged = int(frame.select(flag.sum()).item())
    text = pl.col("value").str.replace_all(",", "", literal=True)  # thousands separators
    number = text.cast(pl.Float64, strict=False)
    return frame.with_columns(value=pl.when(flag).then(0.0).otherwise(number)), flagged


def _finish(frame: pl.DataFrame, options: Options, layout: Layout, dropped: int) -> RegionalStats:
    if frame.select(((pl.col("region") == "") | (pl.col("industry") == "")).any()).item():
        raise Fallback
    if not options.keep_totals:
        totals = pl.col("region").is_in(
            _label_set(frame["region"].unique(), REGION_TOTALS)
        ) | pl.col("industry").is_in(_label_set(frame["industry"].unique(), INDUSTRY_TOTALS))
        if "name" in frame.columns:
            totals |= pl.col("name").is_in(_label_set(frame["name"].unique(), INDUSTRY_TOTALS))
        found = int(frame.select(totals.sum()).item())
        if found:
            dropped += found
            frame = frame.filter(~totals)
    frame, flagged = _numbers(frame)
    if flagged and options.on_flag == "error":
        raise Fallback
    bad = pl.col("value").is_null() | ~pl.col("value").is_finite() | (pl.col("value") < 0)
    if frame.height == 0 or frame.select(bad.any()).item():
        raise Fallback
    frame = _normalised(frame, "region", options.normalize_region)
    frame = _normalised(frame, "industry", options.normalize_industry)
    regions, region = _codes(frame["region"])
    industries, industry = _codes(frame["industry"])
    measures, measure = _codes(frame["measure"])
    if region.min() < 0 or industry.min() < 0:
        raise Fallback  # a normaliser gave no label
    year = frame["year"].fill_null(NO_YEAR).to_numpy().astype(np.int64)
    if _has_duplicates(
        (region, len(regions)), (industry, len(industries)), (measure + 1, len(measures) + 1),
        _dense_codes(year),
    ):  # fmt: skip
        raise Fallback
    cells = StatsCells(
        regions=regions,
        industries=industries,
        measures=measures,
        region=region,
        industry=industry,
        measure=measure,
        year=year,
        value=frame["value"].to_numpy().astype(np.float64),
        row=frame["row"].to_numpy().astype(np.int64),
    )
    return RegionalStats(
        source=options.source, layout=layout, cells=cells, dropped_totals=dropped, flagged=flagged
    )


def parse_grid(grid: Grid, options: Options, *, value_column: str | None) -> RegionalStats:
    """Parse a grid (title row already skipped); :class:`Fallback` if any check fails."""
    if is_long(grid.header, value_column):
        return _finish(_long_frame(grid, value_column=value_column), options, "long", 0)
    frame, dropped = _wide_frame(grid, options)
    return _finish(frame, options, "wide", dropped)
