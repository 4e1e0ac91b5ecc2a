"""The Strengths analysis of one region over the regional statistics in the database (issues 4, 15).

* :func:`list_datasets` / :func:`get_dataset` — what is loaded (and the default dataset), from
  :mod:`axpartners.services.strengths_datasets`.
* :func:`region_strengths` — one region's ECI rank, specialisations, ranked opportunities (with
  their components and AI use cases, drawn only from the industry scope) and the change of its
  specialisations over the years, from :mod:`axpartners.analytics` (SPEC §6). Results are
  cached in-process by content hash. Their stability: :mod:`.strengths_stability`.
* KSIC section labels (KOSIS ``"10~34"`` ranges) live in :mod:`axpartners.codes`.
"""

from __future__ import annotations

import hashlib
import itertools
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from axpartners.analytics import (
    CONVENTIONS,
    AnalyticsWarning,
    Convention,
    Opportunity,
    RegionRank,
    RegionSummary,
    Specialisation,
    SpecialisationChange,
    StrengthsResult,
    UseCaseLink,
    compute_strengths_by_year,
    rank_regions,
    specialisation_changes,
    summarise_region,
    usecases_for_industry,
)
from axpartners.analytics._types import SparseMatrix
from axpartners.analytics.stability import Stability
from axpartners.analytics.trajectory import Trajectory
from axpartners.codes import (
    DEFAULT_SCOPE,
    in_scope,
    is_section,
    normalize_region,
    parse_scope,
    section_divisions,
    to_section as to_section,  # re-exported: KSIC sections moved to codes.py
)
from axpartners.db.tables import AuditEntry, RegionalStat
from axpartners.errors import AnalyticsError, InputError, NotFound
from axpartners.io.stats import RegionalStats, StatsCells, StatsRecord
from axpartners.memo import Memo
from axpartners.services.strengths_datasets import (
    NO_MEASURE as NO_MEASURE,
    NO_YEAR as NO_YEAR,
    DatasetInfo as DatasetInfo,
    check_size,
    get_dataset as get_dataset,
    list_datasets as list_datasets,
    pick_dataset as pick_dataset,
)

_CACHE_SIZE = 24


# ---- results ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegionStrengths:
    """The Strengths page of one region for one dataset, year, measure and convention.

    Attributes:
        dataset: the dataset (``source`` is the citation, ``is_synthetic`` the label flag).
        region, year, measure, convention: what was analysed (``year`` None: data without year).
        result: the full :class:`StrengthsResult` of that year (for charts and exports).
        summary: :func:`summarise_region` (ECI rank, specialisations, top opportunities).
        opportunities: every candidate industry, ranked, with components (Balland et al. 2019).
        specialisations: industries with ``M = 1`` now, highest RCA first.
        ranking: all regions by ECI.
        changes: the region's entries/exits of specialisations between consecutive years.
        rca_by_year: the region's RCA by industry and year, for industries specialised in any year.
        usecases: AI use cases per industry label (section codes: the most frequent use cases of
            the section's divisions).
        dropped: regions/industries left out of ``year`` because all their values are zero.
    """

    dataset: DatasetInfo
    region: str
    year: int | None
    measure: str
    convention: Convention
    result: StrengthsResult
    summary: RegionSummary
    opportunities: tuple[Opportunity, ...]
    specialisations: tuple[Specialisation, ...]
    ranking: tuple[RegionRank, ...]
    changes: tuple[SpecialisationChange, ...]
    rca_by_year: Mapping[str, Mapping[int, float]]
    usecases: Mapping[str, tuple[UseCaseLink, ...]]
    dropped: tuple[str, ...] = field(default=())
    content_hash: str = ""
    related: Mapping[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)
    """For each opportunity, the region's specialisations closest to it (label, φ), best first:
    the capabilities that make the move feasible (Hidalgo et al. 2007)."""
    scope: str = DEFAULT_SCOPE
    """The industry scope opportunities are drawn from (``codes.parse_scope``)."""
    out_of_scope: int = 0
    """Candidate industries of the dataset left out of the opportunities by the scope."""
    stability: Mapping[str, Stability] = field(default_factory=dict)
    """Per opportunity, how stable its rank is (``strengths_stability.with_stability``)."""
    trajectories: tuple[Trajectory, ...] = ()
    """The region's industries over the years of ``series`` (entered/left, growth)."""
    series: DatasetInfo | None = None
    """The multi-year dataset ``stability.by_year`` and ``trajectories`` come from."""

    @property
    def source(self) -> str:
        return self.dataset.source

    @property
    def is_synthetic(self) -> bool:
        return self.dataset.is_synthetic

    @property
    def rank(self) -> RegionRank:
        return self.summary.rank


# ---- KSIC sections ---------------------------------------------------------------------


def _section_usecases(section: str) -> tuple[UseCaseLink, ...]:
    """The use cases most often listed for the section's divisions (ties: best rank first)."""
    tally: dict[str, tuple[int, int, str]] = {}
    for code in section_divisions(section):
        for link in usecases_for_industry(code):
            count, best, reason = tally.get(link.id, (0, 99, link.reason))
            tally[link.id] = (
                count + 1,
                min(best, link.rank),
                reason if best <= link.rank else link.reason,
            )
    ordered = sorted(tally.items(), key=lambda kv: (-kv[1][0], kv[1][1], kv[0]))[:3]
    return tuple(
        UseCaseLink(id=use_case, reason=reason, rank=rank)
        for rank, (use_case, (_, _, reason)) in enumerate(ordered, start=1)
    )


def industry_usecases(label: str) -> tuple[UseCaseLink, ...]:
    """AI use cases for a KSIC code at any level, or for a section letter."""
    if is_section(label):
        return _section_usecases(label.upper())
    return usecases_for_industry(label)


# ---- analysis --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Panel:
    """One dataset and measure analysed for every year (cached by content hash)."""

    results: Mapping[int, StrengthsResult]
    errors: Mapping[int, AnalyticsError]
    dropped: Mapping[int, tuple[str, ...]]
    content_hash: str


_panels: Memo[tuple[str, str, str, str], _Panel] = Memo(max_size=_CACHE_SIZE)
"""Analysed panels by (dataset, measure, convention, content fingerprint)."""


def stats_matrices(
    session: Session, *, dataset: str, measure: str
) -> tuple[tuple[str, ...], tuple[str, ...], dict[int, SparseMatrix]]:
    """Region labels, industry labels and one sparse region x industry matrix per stored year,
    built by :meth:`axpartners.io.stats.RegionalStats.panel` (one label order for all years)."""
    records = tuple(
        StatsRecord(region, industry, float(value), int(year), measure, 0)
        for region, industry, year, value in session.execute(
            select(
                RegionalStat.region, RegionalStat.industry, RegionalStat.year, RegionalStat.value
            )
            .where(RegionalStat.dataset == dataset, RegionalStat.measure == measure)
            .order_by(RegionalStat.region, RegionalStat.industry, RegionalStat.year)
        )
    )
    if not records:
        raise NotFound("strengths.unknown_measure", dataset=dataset, measure=measure)
    stats = RegionalStats(source=dataset, layout="long", cells=StatsCells.from_records(records))
    panel = stats.panel(measure=measure)
    first = next(iter(panel.values()))
    return first.regions, first.industries, {year: m.values for year, m in panel.items()}


def _fingerprint(session: Session, *, dataset: str, measure: str) -> str:
    """A cheap content key, so a cache hit runs two aggregate queries instead of the row fetch.

    Every import of a dataset is audited (audit ids only grow, while SQLite may hand the new
    rows the ids of the deleted ones), and ``Σ value·id`` moves when values move between rows.
    """
    count, newest, total, weighted = session.execute(
        select(
            func.count(),
            func.max(RegionalStat.id),
            func.sum(RegionalStat.value),
            func.sum(RegionalStat.value * RegionalStat.id),
        ).where(RegionalStat.dataset == dataset, RegionalStat.measure == measure)
    ).one()
    version = session.scalar(
        select(func.max(AuditEntry.id)).where(
            AuditEntry.entity_type == "regional_stats", AuditEntry.entity_id == dataset
        )
    )
    text = f"{dataset}|{measure}|{count}|{newest}|{total!r}|{weighted!r}|{version}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def analysed_panel(
    session: Session, *, dataset: str, measure: str, convention: Convention
) -> _Panel:
    """Every year of one dataset and measure, analysed (cached by content hash)."""
    key = (dataset, measure, convention, _fingerprint(session, dataset=dataset, measure=measure))
    return _panels.get_or_build(
        key,
        lambda: _build_panel(
            session, dataset=dataset, measure=measure, convention=convention, content_hash=key[3]
        ),
    )


def _build_panel(
    session: Session, *, dataset: str, measure: str, convention: Convention, content_hash: str
) -> _Panel:
    regions, industries, by_year = stats_matrices(session, dataset=dataset, measure=measure)
    results: dict[int, StrengthsResult] = {}
    errors: dict[int, AnalyticsError] = {}
    dropped: dict[int, tuple[str, ...]] = {}
    for year, matrix in sorted(by_year.items()):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", AnalyticsWarning)
                result = compute_strengths_by_year(
                    {year: matrix}, regions, industries, convention=convention
                )[year]
        except AnalyticsError as err:
            errors[year] = err
            continue
        results[year] = result
        dropped[year] = result.dropped_regions + result.dropped_industries
    return _Panel(results=results, errors=errors, dropped=dropped, content_hash=content_hash)


def region_strengths(
    session: Session,
    *,
    region: str,
    dataset: str | None = None,
    year: int | None = None,
    measure: str | None = None,
    convention: Convention = "ecomplexity",
    scope: str = DEFAULT_SCOPE,
    info: DatasetInfo | None = None,
) -> RegionStrengths:
    """Everything the Strengths page and API show for ``region`` (a code or name).

    Defaults: the default dataset (:func:`get_dataset`), its employees measure when it has one,
    and the latest year that can be analysed. Opportunities come only from industries in
    ``scope`` (``codes.parse_scope``; default manufacturing 10–34); RCA, PCI and density are
    computed on the whole dataset. ``info`` skips the dataset lookup when the caller has it.
    """
    if convention not in CONVENTIONS:
        raise AnalyticsError("analytics.bad_convention", convention=convention)
    if info is None or (dataset and info.name != dataset):
        info = get_dataset(session, dataset)
    check_size(name=info.name, regions=info.regions, industries=info.industries)
    divisions = parse_scope(scope)
    chosen_measure = measure or info.default_measure()
    if chosen_measure not in info.measures:
        raise NotFound("strengths.unknown_measure", dataset=info.name, measure=chosen_measure)
    try:
        region_code = normalize_region(region)
    except InputError:
        region_code = region.strip()
    panel = analysed_panel(
        session, dataset=info.name, measure=chosen_measure, convention=convention
    )
    stored_year = NO_YEAR if year is None and not info.years else year
    if stored_year is None:
        analysable = sorted(panel.results)
        if not analysable:
            raise next(iter(panel.errors.values()))
        stored_year = analysable[-1]
    if stored_year in panel.errors:
        raise panel.errors[stored_year]
    if stored_year not in panel.results:
        raise NotFound("strengths.unknown_year", dataset=info.name, year=stored_year)
    result = panel.results[stored_year]
    if region_code not in result.regions:
        raise NotFound("strengths.unknown_region", dataset=info.name, region=region)
    among = [label for label in result.industries if in_scope(label, divisions)]
    summary = summarise_region(result, region=region_code, top=len(result.industries), among=among)
    held = {sp.industry for sp in summary.specialisations}
    out_of_scope = sum(1 for x in result.industries if x not in held and x not in set(among))
    years = sorted(panel.results)
    changes: list[SpecialisationChange] = []
    for before, after in itertools.pairwise(years):
        if after > stored_year:
            break
        changes.extend(
            ch
            for ch in _changes(panel.results[before], panel.results[after], before, after)
            if ch.region == region_code
        )
    labels = {s.industry for s in summary.specialisations} | {
        o.industry for o in summary.opportunities
    }
    return RegionStrengths(
        dataset=info,
        region=region_code,
        year=None if stored_year == NO_YEAR else stored_year,
        measure=chosen_measure,
        convention=convention,
        result=result,
        summary=summary,
        opportunities=summary.opportunities,
        specialisations=summary.specialisations,
        ranking=rank_regions(result),
        changes=tuple(changes),
        rca_by_year=_rca_by_year(panel, region=region_code, up_to=stored_year),
        usecases={label: industry_usecases(label) for label in sorted(labels)},
        dropped=panel.dropped.get(stored_year, ()),
        content_hash=panel.content_hash,
        related=_related(result, region=region_code, options=summary.opportunities),
        scope=scope,
        out_of_scope=out_of_scope,
    )


def _related(
    result: StrengthsResult, *, region: str, options: Sequence[Opportunity], top: int = 3
) -> dict[str, tuple[tuple[str, float], ...]]:
    """Each candidate's nearest held industries by proximity φ (only φ > 0)."""
    row = result.region_index(region)
    held = np.flatnonzero(result.m[[row], :].toarray().ravel() > 0)
    if held.size == 0:
        return {o.industry: () for o in options}
    phi = result.proximity.toarray()
    out: dict[str, tuple[tuple[str, float], ...]] = {}
    for option in options:
        i = result.industry_index(option.industry)
        near = held[np.lexsort((held, -phi[i, held]))][:top]
        out[option.industry] = tuple(
            (result.industries[j], float(phi[i, j])) for j in near if phi[i, j] > 0
        )
    return out


def _changes(
    earlier: StrengthsResult, later: StrengthsResult, year_from: int, year_to: int
) -> tuple[SpecialisationChange, ...]:
    try:
        return specialisation_changes(earlier, later, year_from=year_from, year_to=year_to)
    except ValueError:
        # analytics.specialisation_changes (scipy 1.17) fails on an empty fancy index when
        # nothing changed between the two years; no change is then the right answer.
        return ()


def _rca_by_year(panel: _Panel, *, region: str, up_to: int) -> dict[str, dict[int, float]]:
    table: dict[str, dict[int, float]] = {}
    ever: set[str] = set()
    for year, result in sorted(panel.results.items()):
        if year > up_to or region not in result.regions:
            continue
        row = result.region_index(region)
        rca = result.rca[[row], :].toarray().ravel()
        held = result.m[[row], :].toarray().ravel() > 0
        for k, label in enumerate(result.industries):
            table.setdefault(label, {})[year] = float(rca[k])
            if held[k]:
                ever.add(label)
    return {label: table[label] for label in sorted(ever)}


def clear_cache() -> None:
    """Forget every analysed panel (the next view reads the statistics again)."""
    _panels.clear()
