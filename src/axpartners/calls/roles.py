"""Which organisation may take which consortium role a call names (도입기업, 공급기업, 주관기관…).

Pure core. A call's roles are words; each is read as one of a few kinds of place in a team:

==========  ===================================================  ==============================
kind        role words                                           who may take it
==========  ===================================================  ==============================
adopter     도입기업, 수요기업, 수혜기업                          the candidate's own company
lead        주관기관, 주관기업, 주관연구기관, 컨소시엄 대표       the candidate's own company
supplier    공급기업, 공급기관, 솔루션기업, 참여기업(공급)        a partner company that has the
                                                                 capability the project needs
academic    대학, 연구기관, 참여연구기관                          a university or research partner
member      참여기관, 공동기관, 협력기관 and any other word        any partner
==========  ===================================================  ==============================
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["RoleKind", "role_kind", "roles_for_adopter", "roles_for_partner"]

RoleKind = Literal["adopter", "lead", "supplier", "academic", "member"]

_KINDS: tuple[tuple[RoleKind, re.Pattern[str]], ...] = (
    ("adopter", re.compile(r"도입|수요|수혜")),
    ("lead", re.compile(r"주관|대표")),
    ("supplier", re.compile(r"공급|솔루션")),
    ("academic", re.compile(r"대학|연구")),
)


def role_kind(role: str) -> RoleKind:
    for kind, pattern in _KINDS:
        if pattern.search(role):
            return kind
    return "member"


def roles_for_adopter(roles: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(r for r in roles if role_kind(r) in ("adopter", "lead"))


def roles_for_partner(
    roles: tuple[str, ...], *, kind: str, has_capability: bool
) -> tuple[str, ...]:
    """The roles a partner of ``kind`` (company, university, research, public) may take."""
    out: list[str] = []
    for role in roles:
        place = role_kind(role)
        if (
            (place == "supplier" and kind == "company" and has_capability)
            or (place == "academic" and kind in ("university", "research"))
            or place == "member"
        ):
            out.append(role)
    return tuple(out)
