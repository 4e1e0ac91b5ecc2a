"""시·군·구 (districts) of every 시·도, for the intake form and imports.

The list is ``data/sigungu.csv`` (``sido_code,name_ko``), taken from the 228 areas of the KOSIS
지역별고용조사 table shipped in ``data/kosis/`` (see ``data/PROVENANCE.md``). 세종 has no
시·군·구. A district is stored by its Korean name next to the 2-digit 시·도 code, because names
such as 중구 or 고성군 exist in several 시·도.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

from axpartners.errors import InputError


@cache
def districts() -> dict[str, tuple[str, ...]]:
    """시·도 code → its 시·군·구 names, in the official (KOSIS) order."""
    text = resources.files("axpartners").joinpath("data/sigungu.csv").read_text(encoding="utf-8")
    by_sido: dict[str, list[str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        by_sido.setdefault(row["sido_code"], []).append(row["name_ko"])
    return {code: tuple(names) for code, names in by_sido.items()}


def normalize_district(value: str, region: str | None) -> str:
    """The district name for ``value`` (``사상구`` or ``부산 사상구``) inside 시·도 ``region``."""
    name = value.strip().split()[-1] if value.strip() else ""
    if not name:
        raise InputError("codes.unknown_district", value=value, region=region or "—")
    if region is None:
        owners = [code for code, names in districts().items() if name in names]
        if len(owners) != 1:
            raise InputError("codes.district_needs_region", value=value)
        return name
    if name not in districts().get(region[:2], ()):
        raise InputError("codes.unknown_district", value=value, region=region)
    return name


def region_of_district(name: str) -> str | None:
    """The 시·도 code of a district name that exists in exactly one 시·도, else ``None``."""
    owners = [code for code, names in districts().items() if name in names]
    return owners[0] if len(owners) == 1 else None
