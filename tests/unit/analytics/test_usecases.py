"""KSIC division → AI use-case mapping shipped as data."""

from __future__ import annotations

from pathlib import Path

import pytest

from axpartners.analytics import load_ksic_usecases, usecases_for_industry
from axpartners.errors import InputError
from axpartners.taxonomy import taxonomy_ids


def test_every_manufacturing_division_and_key_services_are_mapped() -> None:
    mapping = load_ksic_usecases()
    wanted = [str(d) for d in range(10, 35)] + ["49", "50", "51", "52", "58", "61", "62", "63"]
    for division in wanted:
        assert mapping[division], division
    known = set(taxonomy_ids())
    for links in mapping.values():
        assert all(link.id in known and link.reason for link in links)
        assert [link.rank for link in links] == list(range(1, len(links) + 1))
        assert len({link.id for link in links}) == len(links)


@pytest.mark.parametrize(
    ("code", "division"), [("25", "25"), ("251", "25"), ("C2511", "25"), (" 31 ", "31")]
)
def test_codes_at_any_level_resolve_to_their_division(code: str, division: str) -> None:
    assert usecases_for_industry(code) == load_ksic_usecases()[division]


@pytest.mark.parametrize("code", ["", "9", "제조업", "99"])
def test_unmapped_codes_give_nothing(code: str) -> None:
    assert usecases_for_industry(code) == ()


def test_port_logistics_points_to_logistics(tmp_path: Path) -> None:
    assert usecases_for_industry("52")[0].id == "logistics-supply-chain"


def test_custom_file_with_unknown_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(
        'divisions:\n  "25":\n    usecases:\n      - {id: telepathy, reason: x}\n', encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        load_ksic_usecases(path)
    assert info.value.code == "analytics.usecases_unknown_id"
    assert info.value.params["value"] == "telepathy"
