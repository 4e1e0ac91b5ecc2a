"""Consortium role words → who may take them."""

from __future__ import annotations

import pytest

from axpartners.calls.roles import role_kind, roles_for_adopter, roles_for_partner


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        ("도입기업", "adopter"),
        ("수요기업", "adopter"),
        ("주관기관", "lead"),
        ("공급기업", "supplier"),
        ("참여연구기관", "academic"),
        ("대학", "academic"),
        ("참여기관", "member"),
    ],
)
def test_role_kind(role, kind) -> None:
    assert role_kind(role) == kind


def test_who_takes_what() -> None:
    roles = ("도입기업", "공급기업", "참여기관", "연구기관")
    assert roles_for_adopter(roles) == ("도입기업",)
    assert roles_for_partner(roles, kind="company", has_capability=True) == ("공급기업", "참여기관")
    assert roles_for_partner(roles, kind="company", has_capability=False) == ("참여기관",)
    assert roles_for_partner(roles, kind="research", has_capability=True) == (
        "참여기관",
        "연구기관",
    )
