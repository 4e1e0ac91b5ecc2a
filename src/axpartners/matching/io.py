"""Read needs, partners and relevance judgments from tables (SPEC §4) into matching profiles.

Validation happens here, at the boundary, with file/row/column in every error; the ranking
core trusts what these functions return. Lists in cells are ``;``-separated (``,`` is also
accepted for capabilities and industries, which never contain commas).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from axpartners.errors import InputError
from axpartners.io.tables import Table
from axpartners.matching._tokens import squash
from axpartners.matching.profiles import KINDS, NeedProfile, PartnerProfile, normalize_kind
from axpartners.taxonomy import load_taxonomy

_SPLIT = re.compile(r"[;,]")


def _split(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in _SPLIT.split(value) if v.strip()))


@cache
def _label_aliases() -> dict[str, str]:
    """Taxonomy IDs by themselves, by their Korean label and by each "·" part of it."""
    aliases: dict[str, str] = {}
    for use_case in load_taxonomy():
        for name in (use_case.id, use_case.ko, *use_case.ko.split("·")):
            aliases.setdefault(squash(name), use_case.id)
    return aliases


def parse_labels(value: str, *, file: str, row: int, column: str) -> tuple[str, ...]:
    """``;``/``,``-separated taxonomy IDs (Korean labels such as "예지보전" are accepted and
    mapped to their ID); anything else is an ``import.bad_value`` error."""
    aliases = _label_aliases()
    labels = []
    for label in _split(value):
        resolved = aliases.get(squash(label))
        if resolved is None:
            raise InputError(
                "import.bad_value",
                file=file,
                row=row,
                column=column,
                value=label,
                hint="taxonomy ID (SPEC §2)",
            )
        labels.append(resolved)
    return tuple(dict.fromkeys(labels))


def _unique(seen: dict[str, int], value: str, *, file: str, row: int, column: str) -> None:
    if value in seen:
        raise InputError(
            "import.duplicate_id",
            file=file,
            row=row,
            column=column,
            value=value,
            first_row=seen[value],
        )
    seen[value] = row


def partners_from_table(table: Table, *, require_text: bool = False) -> list[PartnerProfile]:
    """Partners format: required ``id,name,kind``; optional ``description``, ``capabilities``,
    ``industries``, ``region``, ``homepage``, and (extensions) ``expertise``,
    ``active_projects``. With ``require_text`` a partner with neither description nor
    capabilities is a ``matching.partner_no_text`` error; by default it is returned (the format
    allows it) and the caller decides (:func:`empty_partner_rows`)."""
    table.require("id", "name", "kind")
    seen: dict[str, int] = {}
    partners: list[PartnerProfile] = []
    for row, record in table.records():
        for column in ("id", "name", "kind"):
            if not record.get(column):
                raise InputError("import.required_value", file=table.name, row=row, column=column)
        _unique(seen, record["id"], file=table.name, row=row, column="id")
        kind = normalize_kind(record["kind"])
        if kind not in KINDS:
            raise InputError(
                "import.bad_value",
                file=table.name,
                row=row,
                column="kind",
                value=record["kind"],
                hint=", ".join(KINDS),
            )
        active = record.get("active_projects", "") or "0"
        if not active.isdigit():
            raise InputError(
                "import.bad_value",
                file=table.name,
                row=row,
                column="active_projects",
                value=active,
                hint="0, 1, 2, …",
            )
        partner = PartnerProfile(
            id=record["id"],
            name=record["name"],
            kind=kind,
            description=record.get("description", ""),
            capabilities=parse_labels(
                record.get("capabilities", ""), file=table.name, row=row, column="capabilities"
            ),
            industries=_split(record.get("industries", "")),
            region=record.get("region", ""),
            expertise=record.get("expertise", ""),
            active_projects=int(active),
        )
        if require_text and not partner.has_evidence():
            raise InputError(
                "matching.partner_no_text",
                file=table.name,
                row=row,
                column="description",
                partner_id=partner.id,
            )
        partners.append(partner)
    if not partners:
        raise InputError("import.empty", file=table.name)
    return partners


def empty_partner_rows(table: Table, partners: list[PartnerProfile]) -> list[tuple[int, str]]:
    """``(file row, partner id)`` of partners with nothing to match on, for warnings."""
    empty = {p.id for p in partners if not p.has_evidence()}
    return [(row, record["id"]) for row, record in table.records() if record.get("id") in empty]


def needs_from_table(table: Table) -> list[NeedProfile]:
    """Needs format: required ``text``; optional ``id`` (else ``row<N>``), ``title``,
    ``industry``, ``region``; a ``label`` column (labeled-needs format, ``;`` for several)
    gives the need's labels instead of inferring them."""
    table.require("text")
    seen: dict[str, int] = {}
    needs: list[NeedProfile] = []
    for row, record in table.records():
        if not record.get("text"):
            raise InputError("import.required_value", file=table.name, row=row, column="text")
        need_id = record.get("id") or f"row{row}"
        _unique(seen, need_id, file=table.name, row=row, column="id")
        needs.append(
            NeedProfile(
                id=need_id,
                text=record["text"],
                labels=parse_labels(
                    record.get("label", ""), file=table.name, row=row, column="label"
                ),
                industry=record.get("industry", ""),
                region=record.get("region", ""),
                title=record.get("title", ""),
            )
        )
    if not needs:
        raise InputError("import.empty", file=table.name)
    return needs


def qrels_from_table(
    table: Table, *, need_ids: Mapping[str, object] | None = None
) -> dict[str, dict[str, int]]:
    """Relevance judgments ``need_id,partner_id,grade`` (grade an integer 0–3)."""
    table.require("need_id", "partner_id", "grade")
    qrels: dict[str, dict[str, int]] = {}
    for row, record in table.records():
        for column in ("need_id", "partner_id", "grade"):
            if not record.get(column):
                raise InputError("import.required_value", file=table.name, row=row, column=column)
        grade = record["grade"]
        if grade not in {"0", "1", "2", "3"}:
            raise InputError(
                "matching.bad_grade", file=table.name, row=row, column="grade", value=grade
            )
        if need_ids is not None and record["need_id"] not in need_ids:
            raise InputError(
                "matching.unknown_need",
                file=table.name,
                row=row,
                column="need_id",
                value=record["need_id"],
            )
        qrels.setdefault(record["need_id"], {})[record["partner_id"]] = int(grade)
    return qrels
