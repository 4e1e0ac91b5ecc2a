"""Shared array aliases and the convention names used across :mod:`axpartners.analytics`."""

from __future__ import annotations

from typing import Literal, TypeAlias

import numpy as np
import numpy.typing as npt
from scipy import sparse

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.int64]
Convention: TypeAlias = Literal["ecomplexity", "stata"]
CONVENTIONS: tuple[Convention, ...] = ("ecomplexity", "stata")
SparseMatrix: TypeAlias = sparse.csr_array


class AnalyticsWarning(UserWarning):
    """Data were usable but something was dropped or looked degenerate (e.g. an all-zero row)."""
