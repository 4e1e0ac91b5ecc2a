"""A region's industries over several years: which specialisations it entered or left.

For each industry the region's RCA and value (employees, …) in every year, and one label:
``entered`` (RCA < 1 in the first year, ≥ 1 in the last), ``left`` (the reverse), ``held``
(≥ 1 in both) or ``absent`` (< 1 in both). ``growth`` is the change of the value from the
first to the last year, as a share of the first (``None`` when the first is 0). First and
last are compared, as Neffke, Henning & Boschma (2011) compare entry and exit over a period;
the years between show whether a crossing is a trend or a blip.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from axpartners.analytics.pipeline import StrengthsResult

Kind = Literal["entered", "left", "held", "absent"]


@dataclass(frozen=True, slots=True)
class Trajectory:
    """One industry of one region over the years (see the module docstring)."""

    industry: str
    kind: Kind
    rca: Mapping[int, float]
    value: Mapping[int, float]
    growth: float | None


def trajectories(results: Mapping[int, StrengthsResult], *, region: str) -> tuple[Trajectory, ...]:
    """Every industry of ``region`` across ``results`` (year → result), entries and exits first."""
    years = sorted(y for y, r in results.items() if region in r.regions)
    if len(years) < 2:
        return ()
    rca: dict[str, dict[int, float]] = {}
    value: dict[str, dict[int, float]] = {}
    for year in years:
        result = results[year]
        row = result.region_index(region)
        rca_row = result.rca[[row], :].toarray().ravel()
        value_row = result.values[[row], :].toarray().ravel()
        for k, label in enumerate(result.industries):
            rca.setdefault(label, {})[year] = float(rca_row[k])
            value.setdefault(label, {})[year] = float(value_row[k])
    first, last = years[0], years[-1]
    out: list[Trajectory] = []
    for label in sorted(rca):
        before = rca[label].get(first, 0.0) >= 1.0
        after = rca[label].get(last, 0.0) >= 1.0
        kind: Kind = ("held" if after else "left") if before else ("entered" if after else "absent")
        start, end = value[label].get(first, 0.0), value[label].get(last, 0.0)
        out.append(
            Trajectory(
                industry=label,
                kind=kind,
                rca=rca[label],
                value=value[label],
                growth=(end - start) / start if start > 0 else None,
            )
        )
    order = {"entered": 0, "left": 1, "held": 2, "absent": 3}
    out.sort(key=lambda t: (order[t.kind], -max(t.rca.values()), t.industry))
    return tuple(out)
