"""A staff correction of one call fact: the typed value read from what a person typed.

:data:`CORRECTABLE` names each field a person may correct and how its text is read. Lists are
one entry per line (exclusions), comma-separated (consortium roles), or ``item: points`` lines
(evaluation). An empty text clears the fact (``None``, or an empty list). A text that does not
read as the field's type raises ``InputError("calls.bad_fact", field=…, value=…, hint=…)``.
:func:`apply_correction` returns new facts (the input is not changed) with the values derived
from the corrected one kept in step (``apply_deadline_at`` from the date and time).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from axpartners.calls.units import AMOUNT, amount_krw, deadline_at
from axpartners.errors import InputError

__all__ = ["CORRECTABLE", "apply_correction", "current_value", "parse_fact", "value_text"]


def _text(raw: str) -> str:
    return re.sub(r"\s+", " ", raw).strip()


def _date(raw: str) -> str:
    return dt.date.fromisoformat(raw.strip()).isoformat()


def _time(raw: str) -> str:
    m = re.fullmatch(r"([01]?\d|2[0-4]):([0-5]\d)", raw.strip())
    if not m or (m[1] == "24" and m[2] != "00"):
        raise ValueError(raw)
    return f"{int(m[1]):02d}:{m[2]}"


def _krw(raw: str) -> int:
    text = raw.strip().replace(" ", "")
    if re.fullmatch(r"\d+(?:,\d{3})*", text):
        return int(text.replace(",", ""))
    m = AMOUNT.fullmatch(text if text.endswith("원") else text + "원")
    if not m:
        raise ValueError(raw)
    return amount_krw(m)


def _count(raw: str) -> int:
    value = int(raw.strip().replace(",", ""))
    if value < 0:
        raise ValueError(raw)
    return value


def _ratio(raw: str) -> float:
    text = raw.strip()
    value = float(text.rstrip("%").strip())
    if text.endswith("%") or value > 1:
        value /= 100
    if not 0 < value <= 1:
        raise ValueError(raw)
    return round(value, 4)


def _lines(raw: str) -> list[str]:
    return [_text(line) for line in raw.splitlines() if line.strip()]


def _roles(raw: str) -> list[str]:
    return list(dict.fromkeys(r.strip() for r in re.split(r"[,，、]", raw) if r.strip()))


def _evaluation(raw: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for line in _lines(raw):
        m = re.fullmatch(r"(.+?)\s*[:|]\s*(\d{1,3})\s*(?:점)?", line)
        if not m:
            raise ValueError(line)
        out.append({"item": m[1].strip(), "points": int(m[2])})
    return out


_Parser = Callable[[str], Any]
CORRECTABLE: Mapping[str, tuple[_Parser, str]] = {
    "title": (_text, "text"),
    "notice_no": (_text, "text"),
    "notice_date": (_date, "YYYY-MM-DD"),
    "ministry": (_text, "text"),
    "agency": (_text, "text"),
    "eligibility": (_text, "text"),
    "exclusions": (_lines, "one per line"),
    "total_budget_krw": (_krw, "800억원 / 80000000000"),
    "n_projects": (_count, "400"),
    "per_project_max_krw": (_krw, "2억원 / 200000000"),
    "support_ratio": (_ratio, "50% / 0.5"),
    "duration_months": (_count, "9"),
    "apply_start": (_date, "YYYY-MM-DD"),
    "apply_deadline": (_date, "YYYY-MM-DD"),
    "apply_deadline_time": (_time, "HH:MM"),
    "apply_where": (_text, "text"),
    "plan_deadline": (_date, "YYYY-MM-DD"),
    "consortium_roles": (_roles, "도입기업, 공급기업"),
    "evaluation": (_evaluation, "항목: 점수 (one per line)"),
}
_LISTS = {"exclusions", "consortium_roles", "evaluation"}


def parse_fact(field: str, raw: str) -> Any:
    """The typed value of ``raw`` for ``field``; empty text clears the fact."""
    if field not in CORRECTABLE:
        raise InputError("calls.unknown_fact", field=field, hint=", ".join(CORRECTABLE))
    parser, hint = CORRECTABLE[field]
    if not raw.strip():
        return [] if field in _LISTS else None
    try:
        return parser(raw)
    except ValueError:
        raise InputError("calls.bad_fact", field=field, value=raw[:80], hint=hint) from None


def current_value(facts: Mapping[str, Any], field: str) -> Any:
    if field == "consortium_roles":
        return list((facts.get("consortium") or {}).get("roles") or [])
    return facts.get(field)


def value_text(field: str, value: Any) -> str:
    """The value as a person would type it back into the correction form."""
    if value is None:
        return ""
    if field == "evaluation":
        return "\n".join(f"{e['item']}: {e['points']}" for e in value)
    if field == "exclusions":
        return "\n".join(value)
    if field == "consortium_roles":
        return ", ".join(value)
    if field == "support_ratio":
        return f"{value * 100:g}%"
    return str(value)


def apply_correction(facts: Mapping[str, Any], field: str, value: Any) -> dict[str, Any]:
    """New facts with ``field`` set to ``value`` and the derived facts recomputed."""
    out = copy.deepcopy(dict(facts))
    if field == "consortium_roles":
        consortium = dict(out.get("consortium") or {})
        consortium["roles"] = list(value)
        consortium["required"] = bool(value) or None
        out["consortium"] = consortium
    else:
        out[field] = value
    if field in ("apply_deadline", "apply_deadline_time"):
        out["apply_deadline_at"] = deadline_at(
            out.get("apply_deadline"), out.get("apply_deadline_time")
        )
    return out
