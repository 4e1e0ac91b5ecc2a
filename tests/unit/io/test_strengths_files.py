"""The strengths output files: written straight to disk, identical to the in-memory rendering,
numbers back exactly, and all three files or none."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from scipy import stats

from axpartners.analytics import compute_strengths
from axpartners.analytics.opportunity import average_ranks
from axpartners.io import strengths_files
from axpartners.io.strengths_files import render_outputs, write_outputs


def _result():  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(11)
    values = rng.lognormal(3, 1.5, (40, 60)) * (rng.random((40, 60)) < 0.6)
    values[np.arange(40), rng.integers(0, 60, 40)] += 1.0
    values[rng.integers(0, 40, 60), np.arange(60)] += 1.0
    return compute_strengths(
        values, [f"지역{k}" for k in range(40)], [f"C{k:03d}" for k in range(60)]
    )


def test_files_on_disk_equal_the_rendering_and_read_back_exactly(tmp_path: Path) -> None:
    result = _result()
    written = write_outputs(result, tmp_path / "out")
    assert [p.name for p in written] == ["industries.csv", "regions.csv", "proximity.csv"]
    for name, content in render_outputs(result).items():
        assert (tmp_path / "out" / name).read_bytes() == content
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in written)
    industries = pl.read_csv(tmp_path / "out" / "industries.csv")
    assert np.array_equal(industries["density"].to_numpy(), result.density.ravel())
    assert np.array_equal(industries["cog"].to_numpy(), result.cog.ravel())
    regions = pl.read_csv(tmp_path / "out" / "regions.csv")
    assert np.array_equal(regions["eci"].to_numpy(), result.eci)


def test_a_failed_write_leaves_the_previous_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _result()
    out = tmp_path / "out"
    write_outputs(result, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = strengths_files._write_csv
    calls: list[Path | None] = []

    def failing(frame: pl.DataFrame, target: Path | None = None) -> bytes:
        calls.append(target)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(frame, target)

    monkeypatch.setattr(strengths_files, "_write_csv", failing)
    with pytest.raises(OSError, match="disk full"):
        write_outputs(result, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.parametrize("seed", range(20))
def test_average_ranks_match_scipy_rankdata(seed: int) -> None:
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 300))
    x = rng.integers(0, max(size // 4, 1), size).astype(float) if seed % 2 else rng.random(size)
    assert np.array_equal(average_ranks(x), stats.rankdata(x, method="average"))


def test_average_ranks_propagate_nan_like_scipy() -> None:
    x = np.array([2.0, np.nan, 1.0])
    assert np.isnan(average_ranks(x)).all()
    assert np.isnan(stats.rankdata(x)).all()
