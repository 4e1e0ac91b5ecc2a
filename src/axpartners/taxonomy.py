"""The AI use-case taxonomy (SPEC §2), shipped as ``data/taxonomy.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from axpartners.errors import InputError

UNKNOWN_ID = "unknown"
"""Reserved label of a need in which nothing supports any use case (never a taxonomy entry)."""
UNKNOWN_NAMES = {"ko": "미분류", "en": "Unclassified"}


def label_name(label: str, locale: str = "ko") -> str:
    """The display name of a taxonomy id or of :data:`UNKNOWN_ID` (the id itself if unknown)."""
    if label == UNKNOWN_ID:
        return UNKNOWN_NAMES["ko" if locale == "ko" else "en"]
    for case in load_taxonomy():
        if case.id == label:
            return case.label(locale)
    return label


@dataclass(frozen=True, slots=True)
class UseCase:
    """One taxonomy entry: stable ``id``, labels, a Korean description and synonyms."""

    id: str
    ko: str
    en: str
    description_ko: str
    synonyms: tuple[str, ...]

    def label(self, locale: str) -> str:
        return self.ko if locale == "ko" else self.en


def _parse(entries: object, *, source: str) -> list[UseCase]:
    if not isinstance(entries, list):
        raise InputError("taxonomy.bad_file", file=source)
    out = []
    for position, item in enumerate(entries, start=1):
        if not isinstance(item, dict) or not item.get("id"):
            raise InputError("taxonomy.bad_entry", file=source, row=position)
        out.append(
            UseCase(
                id=str(item["id"]),
                ko=str(item.get("ko", item["id"])),
                en=str(item.get("en", item["id"])),
                description_ko=str(item.get("description_ko", "")),
                synonyms=tuple(str(s) for s in item.get("synonyms", ())),
            )
        )
    return out


@cache
def load_taxonomy(extra: Path | None = None) -> tuple[UseCase, ...]:
    """The shipped taxonomy, plus a deployment's extra entries (same YAML shape) if given."""
    text = resources.files("axpartners").joinpath("data/taxonomy.yaml").read_text(encoding="utf-8")
    entries = _parse(yaml.safe_load(text), source="taxonomy.yaml")
    if extra is not None:
        known = {u.id for u in entries}
        for use_case in _parse(
            yaml.safe_load(extra.read_text(encoding="utf-8")), source=str(extra)
        ):
            if use_case.id not in known:
                entries.append(use_case)
    return tuple(entries)


def taxonomy_ids() -> tuple[str, ...]:
    return tuple(u.id for u in load_taxonomy())


def get_use_case(use_case_id: str) -> UseCase:
    for use_case in load_taxonomy():
        if use_case.id == use_case_id:
            return use_case
    raise InputError("taxonomy.unknown_id", value=use_case_id)
