from __future__ import annotations

from pathlib import Path

import pytest

from axpartners.io.tables import read_table_file
from axpartners.matching.io import needs_from_table, partners_from_table, qrels_from_table
from axpartners.matching.profiles import NeedProfile, PartnerProfile

DATA = Path(__file__).parents[2] / "data" / "matching"


@pytest.fixture(scope="session")
def judged_partners() -> list[PartnerProfile]:
    return partners_from_table(read_table_file(DATA / "partners.csv"))


@pytest.fixture(scope="session")
def judged_needs() -> list[NeedProfile]:
    return needs_from_table(read_table_file(DATA / "needs.csv"))


@pytest.fixture(scope="session")
def judged_qrels() -> dict[str, dict[str, int]]:
    return qrels_from_table(read_table_file(DATA / "qrels.csv"))
