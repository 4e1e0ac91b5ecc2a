"""``axp strengths``: the SPEC §5 contract (three files, exit codes, one-line errors)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from axpartners.analytics import compute_strengths
from axpartners.cli.strengths import register

DATA = Path(__file__).parents[2] / "data" / "analytics"
KOSIS = Path(__file__).parents[3] / "src" / "axpartners" / "data" / "kosis"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    root = typer.Typer()
    eval_app = typer.Typer()
    root.add_typer(eval_app, name="eval")

    @root.callback()
    def _main() -> None:
        """Test root."""

    register(root, eval_app)
    return root


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _stats_file(tmp_path: Path) -> tuple[Path, np.ndarray, list[str], list[str]]:
    rng = np.random.default_rng(5)
    values = np.round(rng.lognormal(3, 1.5, (8, 15)) * (rng.random((8, 15)) < 0.7), 3)
    regions = [f"R{k}" for k in range(8)]
    industries = [f"{k + 10}" for k in range(15)]
    lines = ["region,industry,value,year"]
    for r, region in enumerate(regions):
        for i, industry in enumerate(industries):
            lines.append(f"{region},{industry},{float(values[r, i])!r},2024")
            lines.append(f"{region},{industry},{float(values[r, i] + 1)!r},2023")
    path = tmp_path / "stats.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, values, regions, industries


def test_writes_the_three_files_matching_the_core(app: typer.Typer, tmp_path: Path) -> None:
    path, values, regions, industries = _stats_file(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["strengths", str(path), "-o", str(out), "--convention", "stata"]
    )
    assert result.exit_code == 0, result.output
    assert "2024" in result.output  # said which year it used
    expected = compute_strengths(values, regions, industries, convention="stata")
    rows = _rows(out / "industries.csv")
    assert list(rows[0]) == ["region", "industry", "value", "rca", "m", "density", "pci", "cog"]
    assert len(rows) == 8 * 15
    by_key = {(row["region"], row["industry"]): row for row in rows}
    r, i = expected.region_index("R3"), expected.industry_index("12")
    cell = by_key[("R3", "12")]
    assert float(cell["value"]) == values[3, 2]
    assert float(cell["rca"]) == expected.rca.toarray()[r, i]
    assert int(cell["m"]) == int(expected.m.toarray()[r, i])
    assert float(cell["density"]) == expected.density[r, i]
    assert float(cell["pci"]) == expected.pci[i]
    assert float(cell["cog"]) == expected.cog[r, i]
    regions_rows = _rows(out / "regions.csv")
    assert list(regions_rows[0]) == ["region", "diversity", "eci", "coi"]
    eci = {row["region"]: float(row["eci"]) for row in regions_rows}
    np.testing.assert_array_equal([eci[label] for label in expected.regions], expected.eci)
    prox = _rows(out / "proximity.csv")
    assert list(prox[0]) == ["industry_a", "industry_b", "phi"]
    phi = expected.proximity.toarray()
    assert len(prox) == int(np.count_nonzero(np.triu(phi, k=1)))
    first = prox[0]
    a, b = (
        expected.industry_index(first["industry_a"]),
        expected.industry_index(first["industry_b"]),
    )
    assert float(first["phi"]) == phi[a, b]


def test_year_option_selects_that_year(app: typer.Typer, tmp_path: Path) -> None:
    path, values, _, _ = _stats_file(tmp_path)
    out = tmp_path / "y"
    result = CliRunner().invoke(app, ["strengths", str(path), "-o", str(out), "--year", "2023"])
    assert result.exit_code == 0, result.output
    rows = _rows(out / "industries.csv")
    assert float(rows[0]["value"]) == values[0, 0] + 1


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("region,industry,value\nA,x,1\nB,x,-2\n", "stats.csv:3:value"),
        ("region,industry,value\nA,x,1\nA,x,2\n", "stats.csv:3:value"),
        ("region,industry\nA,x\n", "value"),
    ],
)
def test_bad_input_exits_2_with_location_and_writes_nothing(
    app: typer.Typer, tmp_path: Path, content: str, needle: str
) -> None:
    path = tmp_path / "stats.csv"
    path.write_text(content, encoding="utf-8")
    out = tmp_path / "never"
    result = CliRunner().invoke(app, ["strengths", str(path), "-o", str(out)])
    assert result.exit_code == 2
    assert needle in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_unknown_year_and_convention(app: typer.Typer, tmp_path: Path) -> None:
    path, *_ = _stats_file(tmp_path)
    bad_year = CliRunner().invoke(
        app, ["strengths", str(path), "-o", str(tmp_path / "a"), "--year", "1990"]
    )
    assert bad_year.exit_code == 2
    assert "1990" in bad_year.output
    bad_conv = CliRunner().invoke(
        app, ["strengths", str(path), "-o", str(tmp_path / "b"), "--convention", "r"]
    )
    assert bad_conv.exit_code == 2


def test_real_kosis_file_with_measure(app: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "kosis"
    result = CliRunner().invoke(
        app,
        [
            "strengths",
            str(KOSIS / "kr_sido_section_estab_2021_2024.csv"),
            "-o",
            str(out),
            "--measure",
            "종사자수",
        ],
    )
    assert result.exit_code == 0, result.output
    regions = _rows(out / "regions.csv")
    assert len(regions) == 17
    assert {"부산", "서울"} <= {row["region"] for row in regions}


def test_several_measures_without_choice_is_a_user_error(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "strengths",
            str(KOSIS / "kr_sido_section_estab_2021_2024.csv"),
            "-o",
            str(tmp_path / "m"),
        ],
    )
    assert result.exit_code == 2
    assert "--measure" in result.output


def test_help_lists_outputs(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["strengths", "--help"])
    assert result.exit_code == 0
    assert "industries.csv" in result.output
