"""Stability of a Strengths view's opportunities and the region's change over the years
(issue 15, :mod:`axpartners.analytics.stability`, :mod:`axpartners.analytics.trajectory`).

For the view's region, each opportunity is ranked again

* under every other measure of the same dataset and year (employees, establishments, shipments);
* in every year of a multi-year series: the view's own dataset when it has several years,
  otherwise the real dataset of the same level with the most years (for the 2024 10+ survey,
  the 2020–2023 all-establishments survey: a different population, compared, never spliced);
* with each other region left out in turn.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sqlalchemy.orm import Session

from axpartners.analytics.stability import Stability, judge, leave_one_out, opportunity_ranks
from axpartners.analytics.trajectory import Trajectory, trajectories
from axpartners.codes import in_scope, parse_scope
from axpartners.errors import AxError
from axpartners.services.strengths import (
    DatasetInfo,
    RegionStrengths,
    analysed_panel,
    list_datasets,
)


def year_series(view: RegionStrengths, datasets: Sequence[DatasetInfo]) -> DatasetInfo | None:
    """The dataset whose years the view's opportunities are compared across."""
    if len(view.dataset.years) > 1:
        return view.dataset
    series = [
        d
        for d in datasets
        if len(d.years) > 1 and not d.is_synthetic and d.level == view.dataset.level
    ]
    return max(series, key=lambda d: (len(d.years), d.name), default=None)


def with_stability(
    session: Session, view: RegionStrengths, *, datasets: Sequence[DatasetInfo] | None = None
) -> RegionStrengths:
    """``view`` with :attr:`RegionStrengths.stability` filled for every opportunity."""
    found = list(datasets) if datasets is not None else list_datasets(session)
    divisions = parse_scope(view.scope)

    def among(labels: Sequence[str]) -> list[str]:
        return [label for label in labels if in_scope(label, divisions)]

    by_measure: dict[str, dict[str, int]] = {}
    for measure in view.dataset.measures:
        if measure == view.measure:
            continue
        try:
            panel = analysed_panel(
                session, dataset=view.dataset.name, measure=measure, convention=view.convention
            )
        except AxError:
            continue
        result = panel.results.get(view.year or 0)
        if result is not None:
            by_measure[measure] = opportunity_ranks(
                result, region=view.region, among=among(result.industries)
            )
    by_year: dict[int, dict[str, int]] = {}
    moves: tuple[Trajectory, ...] = ()
    series = year_series(view, found)
    if series is not None:
        measure = view.measure if view.measure in series.measures else series.default_measure()
        try:
            panel = analysed_panel(
                session, dataset=series.name, measure=measure, convention=view.convention
            )
            for year, result in sorted(panel.results.items()):
                by_year[year] = opportunity_ranks(
                    result, region=view.region, among=among(result.industries)
                )
            moves = tuple(
                t
                for t in trajectories(panel.results, region=view.region)
                if in_scope(t.industry, divisions)
            )
        except AxError:
            series = None
    loo = leave_one_out(
        view.result,
        region=view.region,
        convention=view.convention,
        among=among(view.result.industries),
    )
    stability: dict[str, Stability] = {
        o.industry: judge(
            o.industry,
            rank=o.rank,
            by_measure={m: ranks.get(o.industry) for m, ranks in by_measure.items()},
            by_year={y: ranks.get(o.industry) for y, ranks in by_year.items()},
            loo=loo,
        )
        for o in view.opportunities
    }
    return dataclasses.replace(view, stability=stability, trajectories=moves, series=series)
