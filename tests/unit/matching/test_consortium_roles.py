"""Roles of a call's consortium (도입기업–공급기업) as CP-SAT constraints."""

from __future__ import annotations

from axpartners.matching.consortium import Candidate, ConsortiumRules, form_consortia

ROLES = ("도입기업", "공급기업")
LOOSE = {"company": 0, "academic": 0}


def _pool() -> list[Candidate]:
    return [
        Candidate(
            "adopter", "company", ("T01",), score=0.2, name="㈜해운대정밀", roles=("도입기업",)
        ),
        Candidate("uni", "university", ("T01", "T02"), score=0.9, name="부산대"),
        Candidate("supplier", "company", ("T02",), score=0.4, name="㈜센텀AI", roles=("공급기업",)),
    ]


def test_roles_force_adopter_and_supplier_into_the_team() -> None:
    required = ("T01", "T02")
    free = form_consortia(
        required=required, candidates=_pool(), rules=ConsortiumRules(min_kinds=LOOSE)
    )
    assert free.teams[0].member_ids == ("uni",)  # without roles the university alone covers both
    rules = ConsortiumRules(min_kinds=LOOSE, required_roles=ROLES)
    result = form_consortia(required=required, candidates=_pool(), rules=rules)
    team = result.teams[0]
    assert {"adopter", "supplier"} <= set(team.member_ids)
    by_id = {m.partner_id: m for m in team.members}
    assert by_id["adopter"].roles == ("도입기업",)
    assert by_id["supplier"].roles == ("공급기업",)


def test_missing_role_is_named() -> None:
    pool = [c for c in _pool() if c.id != "supplier"]
    rules = ConsortiumRules(min_kinds=LOOSE, required_roles=ROLES)
    result = form_consortia(required=("T01",), candidates=pool, rules=rules)
    assert result.teams == ()
    assert result.status == "infeasible"
    assert any("공급기업" in line for line in result.explain("ko"))
    assert any("공급기업" in line for line in result.explain("en"))


def test_role_conflicting_with_team_size_is_in_the_core() -> None:
    rules = ConsortiumRules(min_kinds=LOOSE, required_roles=ROLES, max_members=1)
    result = form_consortia(required=("T01",), candidates=_pool(), rules=rules)
    assert result.teams == ()
    text = " ".join(result.explain("ko"))
    assert "최대 1명" in text
    assert "역할" in text
