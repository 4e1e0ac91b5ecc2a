from __future__ import annotations

import pytest

from axpartners.codes import industries, normalize_industry, normalize_region
from axpartners.errors import InputError


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("26", "26"),
        ("부산", "26"),
        ("부산광역시", "26"),
        (" Busan ", "26"),
        ("강원도", "51"),
        ("42", "51"),
        ("전라북도", "52"),
        ("전북특별자치도", "52"),
        ("26350", "26350"),
    ],
)
def test_normalize_region(raw, code):
    assert normalize_region(raw) == code


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("25", "25"),
        ("C25", "25"),
        ("c 31", "31"),
        ("2511", "2511"),
        ("자동차 및 트레일러 제조업", "30"),
        ("금속가공제품 제조업; 기계 및 가구 제외", "25"),
    ],
)
def test_normalize_industry(raw, code):
    assert normalize_industry(raw) == code


@pytest.mark.parametrize(
    ("func", "raw"),
    [(normalize_region, "부샨"), (normalize_industry, "04"), (normalize_industry, "Z25")],
)
def test_unknown_codes_raise_input_error(func, raw):
    with pytest.raises(InputError) as info:
        func(raw)
    assert raw in str(info.value)


def test_division_names_are_whole():
    """No KSIC division name stops mid-phrase (two did in the packaged copy: "의복, 의복 액세서리 및")."""
    cut = [
        (code, ind.name_ko)
        for code, ind in industries().items()
        if ind.level == "division" and ind.name_ko.rstrip().endswith(("및", ",", "의"))
    ]
    assert cut == []
    assert industries()["14"].name_ko == "의복, 의복 액세서리 및 모피제품 제조업"
