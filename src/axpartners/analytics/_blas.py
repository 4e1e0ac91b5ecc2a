"""Run small dense linear algebra on one BLAS thread.

On a shared 2-core machine a multi-threaded OpenBLAS spins its threads against other
processes: a 250 x 250 symmetric eigenproblem measured 0.7 s with the default threads and
0.003-0.02 s on one thread. Our dense steps are small (≤ 2,000 rows), so one thread is both
faster and predictable. ``threadpoolctl`` ships with scikit-learn, a dependency of the product.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]


@contextlib.contextmanager
def single_thread_blas() -> Iterator[None]:
    """Limit BLAS/LAPACK to one thread inside the block (restored afterwards)."""
    with threadpool_limits(limits=1, user_api="blas"):
        yield
