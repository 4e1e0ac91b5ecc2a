"""Reasons for a match, rendered from its components through the message catalog.

Every sentence comes from ``i18n/messages/matching.yaml`` (Korean default, English fallback):
capability reasons use the short Korean label (the part of the taxonomy label before "·"),
industry reasons the short division name (``matching.industry.<code>`` in the catalog, else
the KSIC name, else the code as given).
"""

from __future__ import annotations

from dataclasses import dataclass

from axpartners.codes import industries, regions
from axpartners.i18n.catalog import translate
from axpartners.matching.features import LOAD_HALF, industry_code
from axpartners.taxonomy import load_taxonomy

MAX_CAPABILITY_REASONS = 2


@dataclass(frozen=True, slots=True)
class CapabilityEvidence:
    """A need label the partner covers; ``inferred`` when it was read from the partner's text."""

    label: str
    inferred: bool


@dataclass(frozen=True, slots=True)
class MatchEvidence:
    """The facts behind a match's components, kept for the UI and for :func:`render_reasons`."""

    capabilities: tuple[CapabilityEvidence, ...]
    industry: str
    industry_exact: bool
    references_in_industry: int
    keywords: tuple[str, ...]
    successes: int
    known_outcomes: int
    active_projects: int
    region: str
    """The shared region, set only when fewer than half of all partners are there."""


def short_label(label: str, locale: str = "ko") -> str:
    """The first part of a taxonomy label ("예지보전·설비 이상 감지" → "예지보전")."""
    for use_case in load_taxonomy():
        if use_case.id == label:
            text = use_case.label(locale)
            return text.split(" (")[0].split("·")[0].split(",")[0].strip()
    return label


def industry_name(code: str, locale: str = "ko") -> str:
    """Short name of an industry code for reasons, falling back to KSIC, then to the code."""
    code = industry_code(code)
    key = code[:2] if code[:2].isdigit() else code
    catalog_code = f"matching.industry.{key}"
    text = translate(catalog_code, locale)
    if text != catalog_code:
        return text
    known = industries().get(code) or industries().get(key)
    if known is not None:
        return known.name_ko if locale == "ko" else known.name_en
    return code


def region_name(code: str, locale: str = "ko") -> str:
    for region in regions():
        if region.code == code[:2]:
            return region.short_ko if locale == "ko" else region.name_en
    return code


def render_reasons(evidence: MatchEvidence, *, locale: str = "ko") -> tuple[str, ...]:
    """Short reason phrases (join with " · " for one line).

    Order, as the council writes them: capabilities, industry experience, track record,
    region (only when it sets the partner apart, see ``MatchEvidence.region``), load warning,
    then the keywords that matched.
    """
    reasons: list[str] = []
    for capability in evidence.capabilities[:MAX_CAPABILITY_REASONS]:
        code = (
            "matching.reason.capability_inferred"
            if capability.inferred
            else "matching.reason.capability"
        )
        reasons.append(translate(code, locale, label=short_label(capability.label, locale)))
    if evidence.industry:
        name = industry_name(evidence.industry, locale)
        if evidence.references_in_industry:
            reasons.append(
                translate(
                    "matching.reason.industry_references",
                    locale,
                    industry=name,
                    count=evidence.references_in_industry,
                )
            )
        elif evidence.industry_exact:
            reasons.append(translate("matching.reason.industry", locale, industry=name))
        # A first-digit-only match earns partial credit in the score but is too loose a
        # kinship (KSIC 20 chemicals vs 29 machinery) to state as a reason.
    if evidence.successes:
        reasons.append(
            translate(
                "matching.reason.success",
                locale,
                successes=evidence.successes,
                known=evidence.known_outcomes,
            )
        )
    if evidence.region:
        reasons.append(
            translate("matching.reason.region", locale, region=region_name(evidence.region, locale))
        )
    if evidence.active_projects >= LOAD_HALF:
        reasons.append(translate("matching.reason.busy", locale, count=evidence.active_projects))
    if evidence.keywords:
        reasons.append(
            translate("matching.reason.keywords", locale, terms=", ".join(evidence.keywords))
        )
    return tuple(reasons)
