"""KSIC division → relevant AI use cases (SPEC §2 IDs), shipped as ``data/ksic_usecases.yaml``.

The mapping lets the opportunity table say which AI fields to pursue in a strong or emerging
industry. Group (3-digit) and class (4-5-digit) codes resolve to their division (first two
digits); section letters (``"C25"``) are stripped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from axpartners.errors import InputError
from axpartners.taxonomy import taxonomy_ids

_SOURCE = "ksic_usecases.yaml"


@dataclass(frozen=True, slots=True)
class UseCaseLink:
    """One relevant use case for a KSIC division: taxonomy ``id``, Korean ``reason``, ``rank`` (1 = most relevant)."""

    id: str
    reason: str
    rank: int


def _parse(data: object, *, source: str) -> dict[str, tuple[UseCaseLink, ...]]:
    divisions = data.get("divisions") if isinstance(data, dict) else None
    if not isinstance(divisions, dict):
        raise InputError("analytics.usecases_bad_file", file=source)
    known = set(taxonomy_ids())
    mapping: dict[str, tuple[UseCaseLink, ...]] = {}
    for code, entry in divisions.items():
        items = entry.get("usecases") if isinstance(entry, dict) else None
        if not isinstance(items, list):
            raise InputError("analytics.usecases_bad_file", file=source, row=str(code))
        links = []
        for rank, item in enumerate(items, start=1):
            use_case = str(item.get("id", "")) if isinstance(item, dict) else ""
            if use_case not in known:
                raise InputError(
                    "analytics.usecases_unknown_id", file=source, row=str(code), value=use_case
                )
            links.append(UseCaseLink(id=use_case, reason=str(item.get("reason", "")), rank=rank))
        mapping[str(code).zfill(2)] = tuple(links)
    return mapping


@cache
def load_ksic_usecases(path: Path | None = None) -> Mapping[str, tuple[UseCaseLink, ...]]:
    """Division code (``"25"``) → ordered use-case links; ``path`` overrides the shipped file."""
    if path is None:
        text = resources.files("axpartners").joinpath(f"data/{_SOURCE}").read_text(encoding="utf-8")
        source = _SOURCE
    else:
        text, source = path.read_text(encoding="utf-8"), str(path)
    return _parse(yaml.safe_load(text), source=source)


def usecases_for_industry(code: str, *, path: Path | None = None) -> tuple[UseCaseLink, ...]:
    """Use cases for a KSIC code at any level (``"25"``, ``"251"``, ``"C2511"``); ``()`` if unmapped."""
    digits = code.strip().lstrip("ABCDEFGHIJKLMNOPQRSTU").strip()
    if len(digits) < 2 or not digits[:2].isdigit():
        return ()
    return load_ksic_usecases(path).get(digits[:2], ())
