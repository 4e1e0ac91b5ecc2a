"""``axp strengths STATS -o OUTDIR``: regional strengths from a statistics file (SPEC §5).

No database: reads the file, runs :func:`axpartners.analytics.compute_strengths` and writes
``industries.csv``, ``regions.csv`` and ``proximity.csv``. Labels are opaque.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from axpartners.analytics import CONVENTIONS, AnalyticsWarning, StrengthsResult, compute_strengths
from axpartners.cli._common import handle_errors
from axpartners.errors import InputError
from axpartners.i18n.catalog import translate
from axpartners.io.stats import read_stats_file
from axpartners.io.tables import write_csv

INDUSTRIES_HEADER = ("region", "industry", "value", "rca", "m", "density", "pci", "cog")
REGIONS_HEADER = ("region", "diversity", "eci", "coi")
PROXIMITY_HEADER = ("industry_a", "industry_b", "phi")


def _say(code: str, **params: object) -> None:
    typer.echo(f"{translate(code, 'ko', **params)} / {translate(code, 'en', **params)}", err=True)


def render_outputs(result: StrengthsResult) -> dict[str, bytes]:
    """The three CSV files (UTF-8 with BOM) of SPEC §5 for one result.

    ``proximity.csv`` lists every pair of different industries with ``φ > 0`` once
    (``industry_a`` before ``industry_b`` in the result's industry order); φ is symmetric and
    ``φ(i, i) = 1``.
    """
    n_regions, n_industries = result.density.shape
    values = result.values.toarray().ravel()
    rca = result.rca.toarray().ravel()
    m = result.m.toarray().ravel().astype(np.int64)
    region_of = np.repeat(np.arange(n_regions), n_industries)
    industry_of = np.tile(np.arange(n_industries), n_regions)
    pci = result.pci[industry_of]
    industries = write_csv(
        INDUSTRIES_HEADER,
        (
            (
                result.regions[r],
                result.industries[i],
                float(v),
                float(q),
                int(b),
                float(d),
                float(p),
                float(g),
            )
            for r, i, v, q, b, d, p, g in zip(
                region_of,
                industry_of,
                values,
                rca,
                m,
                result.density.ravel(),
                pci,
                result.cog.ravel(),
                strict=True,
            )
        ),
    )
    regions = write_csv(
        REGIONS_HEADER,
        (
            (label, int(d), float(e), float(c))
            for label, d, e, c in zip(
                result.regions, result.diversity, result.eci, result.coi, strict=True
            )
        ),
    )
    upper = result.proximity.tocoo()
    keep = upper.row < upper.col
    proximity = write_csv(
        PROXIMITY_HEADER,
        (
            (result.industries[a], result.industries[b], float(phi))
            for a, b, phi in zip(upper.row[keep], upper.col[keep], upper.data[keep], strict=True)
        ),
    )
    return {"industries.csv": industries, "regions.csv": regions, "proximity.csv": proximity}


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
    files = render_outputs(result)
    out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (out / name).write_bytes(content)
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
