"""``axp strengths STATS -o OUTDIR``: regional strengths from a statistics file (SPEC §5).

No database: reads the file, runs :func:`axpartners.analytics.compute_strengths` and writes
``industries.csv``, ``regions.csv`` and ``proximity.csv``. Labels are opaque.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Annotated

import typer

from axpartners.cli._common import handle_errors, translate
from axpartners.errors import InputError


def _say(code: str, **params: object) -> None:
    typer.echo(f"{translate(code, 'ko', **params)} / {translate(code, 'en', **params)}", err=True)


def strengths(
    stats: Annotated[
        Path,
        typer.Argument(
            help="Regional statistics: long CSV/XLSX (region,industry,value[,year]) or a KOSIS export."
        ),
    ],
    out: Annotated[
        Path, typer.Option("-o", "--out", help="Output directory (created if missing).")
    ],
    year: Annotated[
        int | None, typer.Option(help="Year to analyse (default: the latest in the file).")
    ] = None,
    convention: Annotated[
        str,
        typer.Option(
            help="ecomplexity (Python package 0.5.x) or stata (original Stata ecomplexity)."
        ),
    ] = "ecomplexity",
    threshold: Annotated[
        float, typer.Option(help="RCA threshold for specialisation (m = rca >= threshold).")
    ] = 1.0,
    measure: Annotated[
        str | None, typer.Option(help="Measure to use when the file has several (e.g. 종사자수).")
    ] = None,
    flags_as_zero: Annotated[
        bool,
        typer.Option(
            "--flags-as-zero", help="Read KOSIS flag cells (-, X, *) as 0 instead of failing."
        ),
    ] = False,
) -> None:
    """Specialisation (RCA), relatedness (proximity, density) and complexity (ECI, PCI, COI, COG).

    Writes OUTDIR/industries.csv (region,industry,value,rca,m,density,pci,cog),
    OUTDIR/regions.csv (region,diversity,eci,coi) and OUTDIR/proximity.csv
    (industry_a,industry_b,phi; each pair of different industries with phi > 0 once).
    """
    # lazy: NumPy, SciPy and polars cost ~0.5 s to import; `axp --help` must not pay it
    from axpartners.analytics._types import CONVENTIONS, AnalyticsWarning
    from axpartners.analytics.pipeline import compute_strengths
    from axpartners.io.stats import read_stats_file
    from axpartners.io.strengths_files import write_outputs

    if convention not in CONVENTIONS:
        raise InputError(
            "import.bad_value", column="--convention", value=convention, hint=", ".join(CONVENTIONS)
        )
    data = read_stats_file(stats, on_flag="zero" if flags_as_zero else "error")
    matrix = data.select(year=year, measure=measure)
    if year is None and len(data.years()) > 1:
        _say("analytics.cli.latest_year", year=matrix.year, years=", ".join(map(str, data.years())))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AnalyticsWarning)
        result = compute_strengths(
            matrix.values,
            matrix.regions,
            matrix.industries,
            convention="stata" if convention == "stata" else "ecomplexity",
            threshold=threshold,
        )
    for warning in caught:
        if issubclass(warning.category, AnalyticsWarning):
            _say("analytics.cli.dropped", detail=str(warning.message))
    write_outputs(result, out)
    _say(
        "analytics.cli.done",
        regions=len(result.regions),
        industries=len(result.industries),
        out=str(out),
    )


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add ``axp strengths`` to the root app."""
    del eval_app
    app.command("strengths")(handle_errors(strengths))
