"""Parsed regional statistics, held as columns: one array per field, labels coded once.

A 1,000 x 1,200 file is 840,000 cells; one Python object per cell costs about a second to
build and 200 MB to hold, so :class:`RegionalStats` keeps codes and values in NumPy arrays and
builds :class:`StatsRecord` objects only when someone asks for ``records``.
:func:`build_matrix` is the one place that turns cells into a sparse region x industry matrix
(``csr_array``); the importer and the strengths service both use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import sparse

from axpartners.errors import InputError

Layout = Literal["long", "wide"]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
NO_YEAR = np.iinfo(np.int64).min
"""The ``year`` code of a cell without a year."""


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


def first_appearance(codes: IntArray) -> IntArray:
    """The distinct codes in the order they first appear.

    Codes numbered in order of first appearance (as the readers number them) are recognised
    in one pass, each code at most one above the largest before it, which skips the sort.
    """
    if codes.size == 0:
        return codes
    highest = np.maximum.accumulate(codes)
    if codes[0] == 0 and bool(np.all(codes[1:] <= highest[:-1] + 1)):
        return np.arange(int(highest[-1]) + 1, dtype=codes.dtype)
    unique, first = np.unique(codes, return_index=True)
    return unique[np.argsort(first, kind="stable")]


def build_matrix(
    rows: IntArray, cols: IntArray, values: FloatArray, *, shape: tuple[int, int]
) -> sparse.csr_array:
    """A CSR matrix from coordinate cells (no duplicates expected), explicit zeros removed.

    Cells in row-major order without repeats (how statistics exports and our own files come)
    are already CSR: the matrix is made from them directly, without SciPy's COO sort and
    duplicate sum (45 ms of a 840k-cell read). Any other order takes SciPy's path."""
    rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    data = np.asarray(values, dtype=np.float64)
    nonzero = data != 0
    if not nonzero.all():
        rows, cols, data = rows[nonzero], cols[nonzero], data[nonzero]
    key = rows * shape[1] + cols
    if key.size == 0 or bool(np.all(key[1:] > key[:-1])):
        indptr = np.zeros(shape[0] + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=shape[0]), out=indptr[1:])
        matrix = sparse.csr_array((data, cols, indptr), shape=shape)
        matrix.has_canonical_format = True  # sorted, unique column indices in every row
        return matrix
    matrix = sparse.csr_array((data, (rows, cols)), shape=shape)
    matrix.eliminate_zeros()
    return matrix


def matrix_from_labels(
    regions: Sequence[str],
    industries: Sequence[str],
    values: Sequence[float] | FloatArray,
    *,
    region_order: Sequence[str] | None = None,
    industry_order: Sequence[str] | None = None,
) -> tuple[sparse.csr_array, tuple[str, ...], tuple[str, ...]]:
    """A region x industry matrix from per-cell labels.

    Labels are ordered by first appearance unless an order is given (which must contain every
    label); returns the matrix with its region and industry labels.
    """
    region_labels = tuple(region_order) if region_order else tuple(dict.fromkeys(regions))
    industry_labels = tuple(industry_order) if industry_order else tuple(dict.fromkeys(industries))
    r_index = {label: k for k, label in enumerate(region_labels)}
    i_index = {label: k for k, label in enumerate(industry_labels)}
    rows = np.fromiter((r_index[r] for r in regions), dtype=np.int64, count=len(regions))
    cols = np.fromiter((i_index[i] for i in industries), dtype=np.int64, count=len(industries))
    matrix = build_matrix(
        rows, cols, np.asarray(values, dtype=np.float64), shape=(len(r_index), len(i_index))
    )
    return matrix, region_labels, industry_labels


@dataclass(frozen=True, slots=True)
class StatsCells:
    """The cells as columns. ``region``/``industry``/``measure`` index the label tuples
    (``measure`` is -1 for none); ``year`` is :data:`NO_YEAR` for none; ``row`` is the file row."""

    regions: tuple[str, ...]
    industries: tuple[str, ...]
    measures: tuple[str, ...]
    region: IntArray
    industry: IntArray
    measure: IntArray
    year: IntArray
    value: FloatArray
    row: IntArray

    def __len__(self) -> int:
        return int(self.value.size)

    @classmethod
    def from_records(cls, records: Iterable[StatsRecord]) -> StatsCells:
        cells = tuple(records)
        codes: list[dict[str, int]] = [{}, {}, {}]

        def code(book: dict[str, int], label: str | None) -> int:
            return -1 if label is None else book.setdefault(label, len(book))

        def column(values: Iterable[int]) -> IntArray:
            return np.fromiter(values, dtype=np.int64, count=len(cells))

        region = column(code(codes[0], c.region) for c in cells)
        industry = column(code(codes[1], c.industry) for c in cells)
        measure = column(code(codes[2], c.measure) for c in cells)
        return cls(
            regions=tuple(codes[0]),
            industries=tuple(codes[1]),
            measures=tuple(codes[2]),
            region=region,
            industry=industry,
            measure=measure,
            year=column(NO_YEAR if c.year is None else c.year for c in cells),
            value=np.fromiter((c.value for c in cells), dtype=np.float64, count=len(cells)),
            row=column(c.row for c in cells),
        )

    def iter_records(self) -> Iterator[StatsRecord]:
        regions, industries, measures = self.regions, self.industries, self.measures
        for r, i, m, y, v, n in zip(
            self.region.tolist(),
            self.industry.tolist(),
            self.measure.tolist(),
            self.year.tolist(),
            self.value.tolist(),
            self.row.tolist(),
            strict=True,
        ):
            yield StatsRecord(
                regions[r],
                industries[i],
                v,
                None if y == NO_YEAR else y,
                None if m < 0 else measures[m],
                n,
            )


@dataclass(frozen=True, slots=True)
class RegionalStats:
    """Parsed statistics.

    Attributes:
        source: file name (for messages).
        layout: ``long`` or ``wide`` (KOSIS export).
        cells: the cells, totals removed, validated and normalised, in file order.
        dropped_totals: number of national/industry total cells skipped.
        flagged: number of KOSIS flag cells (``-``, ``X``, ``*``) read as 0 (``on_flag="zero"``).
    """

    source: str
    layout: Layout
    cells: StatsCells
    dropped_totals: int = 0
    flagged: int = 0
    _records: list[tuple[StatsRecord, ...]] = field(default_factory=list, repr=False, compare=False)

    @property
    def records(self) -> tuple[StatsRecord, ...]:
        """The cells as records (built on first use)."""
        if not self._records:
            self._records.append(tuple(self.cells.iter_records()))
        return self._records[0]

    def years(self) -> tuple[int, ...]:
        """Distinct years, ascending (empty if the data have no year)."""
        year = self.cells.year
        found = year[:1] if year.size and year.min() == year.max() else np.unique(year)
        return tuple(int(y) for y in found if y != NO_YEAR)

    def measures(self) -> tuple[str, ...]:
        """Distinct measures in order of first appearance (empty if none given)."""
        codes = first_appearance(self.cells.measure)
        return tuple(self.cells.measures[int(m)] for m in codes if m >= 0)

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
        keep = self._measure_mask(chosen_measure) & (
            self.cells.year == (NO_YEAR if year is None else year)
        )
        return self._matrix(keep, year=year, measure=chosen_measure)

    def panel(self, *, measure: str | None = None) -> dict[int, StatsMatrix]:
        """One matrix per year, all on the same (union) region and industry labels."""
        chosen = self._measure(measure)
        of_measure = self._measure_mask(chosen)
        regions = first_appearance(self.cells.region[of_measure])
        industries = first_appearance(self.cells.industry[of_measure])
        return {
            year: self._matrix(
                of_measure & (self.cells.year == year),
                year=year,
                measure=chosen,
                regions=regions,
                industries=industries,
            )
            for year in self.years()
        }

    def _measure_mask(self, measure: str | None) -> npt.NDArray[np.bool_]:
        code = -1 if measure is None else self.cells.measures.index(measure)
        return np.asarray(self.cells.measure == code)

    def _matrix(
        self,
        keep: npt.NDArray[np.bool_],
        *,
        year: int | None,
        measure: str | None,
        regions: IntArray | None = None,
        industries: IntArray | None = None,
    ) -> StatsMatrix:
        if not keep.any():
            raise InputError("stats.no_data", file=self.source)
        region, industry = self.cells.region[keep], self.cells.industry[keep]
        regions = first_appearance(region) if regions is None else regions
        industries = first_appearance(industry) if industries is None else industries
        r_index = np.full(len(self.cells.regions), -1, dtype=np.int64)
        r_index[regions] = np.arange(regions.size)
        i_index = np.full(len(self.cells.industries), -1, dtype=np.int64)
        i_index[industries] = np.arange(industries.size)
        values = build_matrix(
            r_index[region],
            i_index[industry],
            self.cells.value[keep],
            shape=(regions.size, industries.size),
        )
        return StatsMatrix(
            values=values,
            regions=tuple(self.cells.regions[int(k)] for k in regions),
            industries=tuple(self.cells.industries[int(k)] for k in industries),
            year=year,
            measure=measure,
        )

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


def iter_cells(stats: RegionalStats) -> Iterator[tuple[str, str, int | None, str | None, float]]:
    """``(region, industry, year, measure, value)`` tuples, e.g. for storing in a database."""
    return ((r.region, r.industry, r.year, r.measure, r.value) for r in stats.cells.iter_records())
