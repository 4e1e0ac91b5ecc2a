"""Run the PyPI ``ecomplexity`` package (test dependency) on a matrix and return its outputs."""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
from ecomplexity import ecomplexity, proximity


@dataclass(frozen=True)
class Reference:
    regions: list[str]
    industries: list[str]
    rca: np.ndarray
    m: np.ndarray
    diversity: np.ndarray
    ubiquity: np.ndarray
    eci: np.ndarray
    pci: np.ndarray
    density: np.ndarray
    coi: np.ndarray
    cog: np.ndarray
    proximity: np.ndarray


def long_frame(values: np.ndarray, regions: list[str], industries: list[str]) -> pd.DataFrame:
    r, i = np.meshgrid(np.arange(len(regions)), np.arange(len(industries)), indexing="ij")
    return pd.DataFrame(
        {
            "year": 2000,
            "loc": np.asarray(regions, dtype=object)[r.ravel()],
            "prod": np.asarray(industries, dtype=object)[i.ravel()],
            "val": values.ravel(),
        }
    )


def run_reference(
    values: np.ndarray, regions: list[str], industries: list[str], threshold: float = 1.0
) -> Reference:
    """ecomplexity.ecomplexity + ecomplexity.proximity, reshaped to kept regions x industries."""
    frame = long_frame(values, regions, industries)
    cols = {"time": "year", "loc": "loc", "prod": "prod", "val": "val"}
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = ecomplexity(
            frame,
            cols,
            rca_mcp_threshold=threshold,
            verbose=False,
            check_logsupermodularity=False,
        )
        prox = proximity(frame, cols, rca_mcp_threshold=threshold)
    out = out.dropna(subset=["eci", "pci"])
    kept_r = [r for r in regions if r in set(out["loc"])]
    kept_i = [i for i in industries if i in set(out["prod"])]

    def grid(column: str) -> np.ndarray:
        return (
            out.pivot(index="loc", columns="prod", values=column)
            .loc[kept_r, kept_i]
            .to_numpy(float)
        )

    phi = prox.pivot(index="prod_1", columns="prod_2", values="proximity").loc[kept_i, kept_i]
    return Reference(
        regions=kept_r,
        industries=kept_i,
        rca=grid("rca"),
        m=grid("mcp"),
        diversity=grid("diversity")[:, 0],
        ubiquity=grid("ubiquity")[0],
        eci=grid("eci")[:, 0],
        pci=grid("pci")[0],
        density=grid("density"),
        coi=grid("coi")[:, 0],
        cog=grid("cog"),
        proximity=phi.to_numpy(float),
    )


@pytest.fixture(scope="session")
def reference() -> Callable[..., Reference]:
    """The py-ecomplexity runner (a fixture, so test modules need not import this file)."""
    return run_reference
