"""Score combination: a weighted sum of named components, each in [0, 1].

``score = Σ_c w_c · component_c`` over the components below (defaults in :class:`MatchWeights`,
which sum to 1, so the score is in [0, 1] too):

============== =====================================================================
lexical        BM25 (Robertson & Zaragoza 2009, k1=1.2, b=0.75, Lucene idf) of the
               need's Kiwi tokens against the partner's text, divided by the best
               BM25 score for this need (so the best lexical match gets 1).
capability     ``Σ_l w_l · cap(p, l)`` over the need's labels ``l`` (given: equal weights;
               inferred: normalised strengths); ``cap`` is 1 for a declared capability
               (``sqrt(DECLARED_BREADTH / n)`` when a partner declares ``n`` > 3, so that
               declaring everything does not win everywhere), the inference strength times
               :data:`INFERRED_DISCOUNT` for an inferred one.
industry       best :func:`~axpartners.matching.features.industry_similarity` between the
               need's industry and the partner's industries and reference industries.
success        Laplace-smoothed success rate of the partner's past projects (0.5 = unknown).
availability   ``1 / (1 + active_projects / 3)``.
region         1 if the partner is in the need's 시·도 (first two code characters), else 0.
============== =====================================================================

The defaults were chosen on the development judgments in ``tests/data/matching`` (never on the
held-out set): text and capabilities carry the ranking; industry, track record, load and region
break ties between comparably relevant partners.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from axpartners.errors import InputError

COMPONENTS = ("lexical", "capability", "industry", "success", "availability", "region")
INFERRED_DISCOUNT = 0.8
"""An inferred capability counts this much of a declared one (times its strength)."""
DECLARED_BREADTH = 3
"""Declared capabilities a partner may list before each counts less (specialists first)."""


@dataclass(frozen=True, slots=True)
class MatchWeights:
    """Weights of the score components (see the module docstring for each definition)."""

    lexical: float = 0.45
    capability: float = 0.35
    industry: float = 0.10
    success: float = 0.04
    availability: float = 0.03
    region: float = 0.03

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if not value >= 0.0:
                raise InputError("matching.bad_weight", name=name, value=value)
        if sum(asdict(self).values()) <= 0.0:
            raise InputError("matching.bad_weight", name="sum", value=0)

    def as_dict(self) -> dict[str, float]:
        return {name: float(getattr(self, name)) for name in COMPONENTS}

    @classmethod
    def from_mapping(cls, values: Mapping[str, float]) -> MatchWeights:
        """Defaults overridden by ``values``; unknown names are an input error."""
        unknown = set(values) - set(COMPONENTS)
        if unknown:
            raise InputError("matching.bad_weight", name=", ".join(sorted(unknown)), value="?")
        return cls(**{k: float(v) for k, v in values.items()})


def combine(components: Mapping[str, float], weights: MatchWeights) -> float:
    """``Σ_c w_c · components[c]`` (missing components count as 0)."""
    w = weights.as_dict()
    return sum(w[name] * float(components.get(name, 0.0)) for name in COMPONENTS)
