"""The three output files of ``axp strengths`` (SPEC §5), written column-wise by polars.

``industries.csv`` has one row per region x industry (1.2 million at 1,000 x 1,200) and
``proximity.csv`` one per related pair (1.4 million there); a ``csv.writer`` loop took 8.6 s
for them, polars about a second. The bytes follow :func:`axpartners.io.tables.write_csv`:
UTF-8 with BOM, CRLF, quotes only where needed; floats are written shortest round-trip, so
reading a file back gives the computed numbers exactly.

:func:`write_outputs` has polars write each file straight to disk (no 100 MB Python string
to encode and copy) under a temporary name, and renames the three only when all are written.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

if TYPE_CHECKING:
    from axpartners.analytics import StrengthsResult
    from axpartners.analytics._types import SparseMatrix

INDUSTRIES_HEADER = ("region", "industry", "value", "rca", "m", "density", "pci", "cog")
REGIONS_HEADER = ("region", "diversity", "eci", "coi")
PROXIMITY_HEADER = ("industry_a", "industry_b", "phi")


def _labels(labels: Sequence[str], codes: np.ndarray) -> pl.Series:
    """``labels[codes]`` as a string column, gathered in polars (no Python string per cell)."""
    return pl.Series(list(labels), dtype=pl.String).gather(codes)


def _dense_column(matrix: SparseMatrix) -> np.ndarray:
    """A CSR matrix as one row-major float64 column (``toarray`` already gives a fresh array)."""
    return np.asarray(matrix.toarray(), dtype=np.float64).ravel()


def _write_csv(frame: pl.DataFrame, target: Path | None = None) -> bytes:
    if target is None:
        text = frame.write_csv(include_bom=True, line_terminator="\r\n", quote_style="necessary")
        return text.encode("utf-8")
    frame.write_csv(target, include_bom=True, line_terminator="\r\n", quote_style="necessary")
    return b""


def render_outputs(result: StrengthsResult) -> dict[str, bytes]:
    """The three CSV files of SPEC §5 for one result, in memory (see :func:`write_outputs`)."""
    return {name: _write_csv(frame) for name, frame in output_frames(result).items()}


def write_outputs(result: StrengthsResult, folder: Path) -> tuple[Path, ...]:
    """Write the three files into ``folder`` (created if missing); all of them or none."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[tuple[Path, Path]] = []
    try:
        for name, frame in output_frames(result).items():
            final = folder / name
            partial = folder / f".{name}.partial"
            written.append((partial, final))
            _write_csv(frame, partial)
    except BaseException:
        for partial, _ in written:
            partial.unlink(missing_ok=True)
        raise
    for partial, final in written:
        os.replace(partial, final)
    return tuple(final for _, final in written)


def output_frames(result: StrengthsResult) -> dict[str, pl.DataFrame]:
    """The three tables of SPEC §5 for one result, by file name.

    ``proximity.csv`` lists every pair of different industries with ``φ > 0`` once
    (``industry_a`` before ``industry_b`` in the result's industry order); φ is symmetric and
    ``φ(i, i) = 1``.
    """
    n_regions, n_industries = result.density.shape
    region_of = np.repeat(np.arange(n_regions), n_industries)
    industry_of = np.tile(np.arange(n_industries), n_regions)
    industries = pl.DataFrame(
        {
            "region": _labels(result.regions, region_of),
            "industry": _labels(result.industries, industry_of),
            "value": _dense_column(result.values),
            "rca": _dense_column(result.rca),
            "m": _dense_column(result.m).astype(np.int8),  # written as 0/1 like any integer
            "density": np.asarray(result.density, dtype=np.float64).ravel(),
            "pci": np.asarray(result.pci, dtype=np.float64)[industry_of],
            "cog": np.asarray(result.cog, dtype=np.float64).ravel(),
        }
    )
    regions = pl.DataFrame(
        {
            "region": pl.Series(list(result.regions), dtype=pl.String),
            "diversity": np.asarray(result.diversity).astype(np.int64),
            "eci": np.asarray(result.eci, dtype=np.float64),
            "coi": np.asarray(result.coi, dtype=np.float64),
        }
    )
    phi = result.proximity
    row = np.repeat(np.arange(phi.shape[0]), np.diff(phi.indptr))
    keep = row < phi.indices
    proximity = pl.DataFrame(
        {
            "industry_a": _labels(result.industries, row[keep]),
            "industry_b": _labels(result.industries, phi.indices[keep]),
            "phi": np.asarray(phi.data[keep], dtype=np.float64),
        }
    )
    return {"industries.csv": industries, "regions.csv": regions, "proximity.csv": proximity}
