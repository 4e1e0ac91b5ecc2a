"""The row-by-row statistics parser: the reference the columnar reader is checked against.

It walks the table one cell at a time and raises the first problem in file order, so it is
what names ``file``, ``row`` and ``column`` in an error: the columnar reader
(``io/stats_columnar.py``) runs its checks on whole columns and, when any of them fails, hands
the table to :func:`parse_rows`, which finds and words the first bad cell exactly.
"""

from __future__ import annotations

import math

from axpartners.errors import AxError, InputError
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
from axpartners.io.stats_model import Layout, RegionalStats, StatsCells, StatsRecord
from axpartners.io.tables import Table


class _Builder:
    """Collects cells, checks values and duplicates, applies normalisers and totals."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.records: list[StatsRecord] = []
        self.seen: dict[tuple[str, str, int | None, str | None], int] = {}
        self.dropped_totals = 0
        self.flagged = 0

    def value(self, text: str, *, row: int, column: str) -> float:
        source = self.options.source
        raw = text.strip()
        if raw == "":
            raise InputError("import.required_value", file=source, row=row, column=column)
        if raw in KOSIS_FLAGS:
            if self.options.on_flag == "zero":
                self.flagged += 1
                return 0.0
            raise InputError("stats.flag_value", file=source, row=row, column=column, value=raw)
        try:
            number = float(raw.replace(",", ""))
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise InputError("stats.not_a_number", file=source, row=row, column=column, value=raw)
        if number < 0:
            raise InputError("stats.negative_value", file=source, row=row, column=column, value=raw)
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
        source = self.options.source
        region, industry = region.strip(), industry.strip()
        if not region:
            raise InputError("import.required_value", file=source, row=row, column=columns[0])
        if not industry:
            raise InputError("import.required_value", file=source, row=row, column=columns[1])
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
                file=source,
                row=row,
                column=columns[2],
                region=region,
                industry=industry,
                first_row=self.seen[key],
            )
        self.seen[key] = row
        self.records.append(StatsRecord(region, industry, value, year, measure, row))

    def result(self, layout: Layout) -> RegionalStats:
        if not self.records:
            raise InputError("stats.no_data", file=self.options.source)
        return RegionalStats(
            source=self.options.source,
            layout=layout,
            cells=StatsCells.from_records(self.records),
            dropped_totals=self.dropped_totals,
            flagged=self.flagged,
        )


def _parse_long(table: Table, builder: _Builder, *, value_column: str | None) -> RegionalStats:
    header = table.header
    shape = long_shape(table, value_column=value_column)
    code, note, year, measure = shape.code, shape.note, shape.year, shape.measure
    label_column = code if code is not None else shape.industry
    columns = (header[shape.region], header[label_column], header[shape.value])
    source = builder.options.source
    for row_number, cells in zip(table.row_numbers, table.rows, strict=True):
        name = cells[shape.industry]
        label = cells[code] if code is not None and cells[code].strip() else name
        value_text = cells[shape.value]
        if not value_text.strip() and note is not None and cells[note].strip() in KOSIS_FLAGS:
            value_text = cells[note].strip()  # KOSIS puts the flag of an empty cell in 비고
        builder.add(
            region=cells[shape.region],
            industry=label,
            industry_name=name,
            value_text=value_text,
            year=parse_year(cells[year], source=source, row=row_number, column=header[year])
            if year is not None
            else None,
            measure=measure_label(cells[measure]) or None if measure is not None else None,
            row=row_number,
            columns=columns,
        )
    return builder.result("long")


def _parse_wide(table: Table, builder: _Builder) -> RegionalStats:
    header = table.header
    source = builder.options.source
    shape = wide_shape(table, source=source)
    n_dims, region, industry = shape.n_dims, shape.region, shape.industry
    dims = header[:n_dims]
    body = list(zip(table.row_numbers, table.rows, strict=True))[shape.header_rows :]
    for row_number, cells in body:
        row_year = (
            parse_year(cells[shape.year_dim], source=source, row=row_number, column=dims[shape.year_dim])
            if shape.year_dim is not None
            else None
        )  # fmt: skip
        row_measure = (
            measure_label(cells[shape.measure_dim]) if shape.measure_dim is not None else None
        )
        if any(
            not cells[levels[-1]].strip()
            for levels in (shape.region_levels, shape.industry_levels)
            if len(levels) > 1
        ):
            builder.dropped_totals += len(shape.columns)
            continue
        # Any other dimension (e.g. 사업체구분별) splits the measure unless it is its total.
        qualifiers = [
            cells[k].strip()
            for k in shape.extra_dims
            if cells[k].strip().lower() not in EXTRA_TOTALS
        ]
        for offset, (col_year, col_measure, label) in enumerate(shape.columns):
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


def parse_rows(table: Table, options: Options, *, value_column: str | None) -> RegionalStats:
    """Parse ``table`` (title row already skipped) one cell at a time."""
    builder = _Builder(options)
    if is_long(table.header, value_column):
        return _parse_long(table, builder, value_column=value_column)
    return _parse_wide(table, builder)
