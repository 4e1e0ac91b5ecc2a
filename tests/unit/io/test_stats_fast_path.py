"""The columnar reader gives what the row-by-row reference parser gives, shortcuts included.

The columnar path skips work when it can (no strip for ASCII text without spaces, no comma
removal without commas, duplicates found on integer codes); each case here is read both ways.
"""

from __future__ import annotations

import numpy as np
import pytest

from axpartners.errors import InputError
from axpartners.io.stats import read_stats
from axpartners.io.stats_columnar import parse_grid, read_csv_grid, skip_title
from axpartners.io.stats_layout import FlagPolicy, Options, skip_title as skip_table_title
from axpartners.io.stats_model import RegionalStats, first_appearance
from axpartners.io.stats_rows import parse_rows
from axpartners.io.tables import read_table

CASES = {
    "plain ascii": "region,industry,value\nr1,i1,1\nr2,i1,2.5\nr1,i2,3\n",
    "spaces": "region,industry,value\n r1 ,i1,1\nr2,\ti1 , 2.5\nr1,i2,3 \n",
    "crlf": "region,industry,value\r\nr1,i1,1\r\nr2,i1,2\r\n",
    "empty cell is zero-free": "region,industry,value\nr1,i1,1\nr2,i1,0\nr2,i2,4\n",
    "thousands": 'region,industry,value\nr1,i1,"1,234"\nr2,i1,5\nr2,i2,"2,000.5"\n',
    "years": "region,industry,value,year\nr1,i1,1,2023\nr1,i1,2,2024\nr2,i1,3,2024\n",
    "measures": "region,industry,value,measure\nr1,i1,1,a\nr1,i1,2,b\nr2,i2,3,a\n",
    "totals": "region,industry,value\n전국,i1,9\nr1,i1,1\nr1,total,4\nr2,i1,3\n",
    "bom and korean": "\ufeff지역,산업,값\n부산,조선,1\n서울,조선,2\n",
    "later label first": "region,industry,value\nr2,i2,1\nr1,i1,2\nr2,i1,3\nr1,i2,4\n",
}


def _columnar(text: str, on_flag: FlagPolicy = "error") -> RegionalStats:
    grid = read_csv_grid(text.encode("utf-8"), name="t.csv")
    assert grid is not None
    return parse_grid(skip_title(grid), _options(on_flag), value_column=None)


def _rows(text: str, on_flag: FlagPolicy = "error") -> RegionalStats:
    table = skip_table_title(read_table(text.encode("utf-8"), name="t.csv"))
    return parse_rows(table, _options(on_flag), value_column=None)


def _options(on_flag: FlagPolicy) -> Options:
    return Options("t.csv", None, None, on_flag, keep_totals=False)


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_columnar_matches_row_parser(text: str) -> None:
    fast, slow = _columnar(text), _rows(text)
    assert (fast.layout, fast.dropped_totals, fast.flagged) == (
        slow.layout,
        slow.dropped_totals,
        slow.flagged,
    )
    assert fast.records == slow.records


def test_flags_and_separators_together_match_row_parser() -> None:
    text = 'region,industry,value\nr1,i1,"1,500"\nr2,i1,-\nr2,i2,X\nr1,i2,7\n'
    fast, slow = _columnar(text, "zero"), _rows(text, "zero")
    assert fast.flagged == slow.flagged == 2
    assert fast.records == slow.records
    assert [r.value for r in fast.records] == [1500.0, 0.0, 0.0, 7.0]


@pytest.mark.parametrize(
    "text",
    [
        "region,industry,value,year\nr1,i1,1,2024\nr2,i1,1,2024\nr1,i1,2,2024\n",
        "region,industry,value,measure\nr1,i1,1,a\nr1,i1,2,a\n",
        "region,industry,value\nr1,i1,1\nr1, i1,2\n",
    ],
)
def test_duplicates_still_name_their_rows(text: str) -> None:
    with pytest.raises(InputError) as info:
        read_stats(text.encode("utf-8"), name="d.csv")
    assert info.value.code == "stats.duplicate_cell"
    assert info.value.params["first_row"] == 2


def test_same_cell_in_other_year_or_measure_is_not_a_duplicate() -> None:
    stats = read_stats(CASES["years"].encode("utf-8"), name="y.csv")
    assert stats.select(year=2023).values.toarray().tolist() == [[1.0]]
    assert len(read_stats(CASES["measures"].encode("utf-8"), name="m.csv").cells) == 3


@pytest.mark.parametrize(
    "codes",
    [[0, 1, 0, 2, 1], [1, 0, 2], [0, 2, 1], [3, 3, 1], [0, 0, 0], [2, 0, 1, 0, 3]],
)
def test_first_appearance_with_and_without_the_shortcut(codes: list[int]) -> None:
    expected = list(dict.fromkeys(codes))
    assert first_appearance(np.asarray(codes, dtype=np.int64)).tolist() == expected
