from __future__ import annotations

import csv
import io

import pytest
import typer
from typer.testing import CliRunner

from axpartners.cli.match import register
from tests.unit.matching.conftest import DATA


@pytest.fixture(scope="module")
def app():
    root = typer.Typer()
    eval_app = typer.Typer()

    @root.callback()
    def _root() -> None:
        """Test root."""

    root.add_typer(eval_app, name="eval")
    register(root, eval_app)
    return root


def test_match_writes_the_contract_columns(app, tmp_path):
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(
        app,
        [
            "match",
            "--needs",
            str(DATA / "heldout_needs.csv"),
            "--partners",
            str(DATA / "partners.csv"),
            "--top",
            "3",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert list(rows[0]) == ["need_id", "rank", "partner_id", "score", "reasons"]
    by_need: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_need.setdefault(row["need_id"], []).append(row)
    assert len(by_need) == 10
    for ranked in by_need.values():
        assert [r["rank"] for r in ranked] == [str(i) for i in range(1, len(ranked) + 1)]
        scores = [float(r["score"]) for r in ranked]
        assert scores == sorted(scores, reverse=True)
        assert ranked[0]["reasons"]


def test_eval_match_prints_metrics(app):
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "match",
            str(DATA / "needs.csv"),
            str(DATA / "partners.csv"),
            str(DATA / "qrels.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    values = dict(line.split(": ") for line in result.output.strip().splitlines())
    assert float(values["nDCG@5"]) >= 0.8
    assert 0 < float(values["recall@10"]) <= 1
    assert "nDCG@10" in values


def test_eval_without_capabilities_flag(app):
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "match",
            str(DATA / "heldout_needs.csv"),
            str(DATA / "partners.csv"),
            str(DATA / "heldout_qrels.csv"),
            "--no-capabilities",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "needs evaluated: 10" in result.output


def test_bad_input_exits_2_with_location(app, tmp_path):
    partners = tmp_path / "p.csv"
    partners.write_text(
        "id,name,kind,description\np1,가,company,진동\np1,나,company,영상\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        app,
        [
            "match",
            "--needs",
            str(DATA / "needs.csv"),
            "--partners",
            str(partners),
            "-o",
            str(tmp_path / "o.csv"),
        ],
    )
    assert result.exit_code == 2
    assert "p.csv:3:id" in result.output
    assert "Traceback" not in result.output


def test_consortium_command_proposes_teams(app):
    result = CliRunner().invoke(
        app,
        [
            "consortium",
            "--partners",
            str(DATA / "partners.csv"),
            "--require",
            "predictive-maintenance;industrial-safety;data-infrastructure",
            "--need",
            "조선 기자재 공장 설비 고장 예측과 작업자 안전",
            "--alternatives",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("팀 ") == 2
    assert "최적 증명" in result.output
    assert "예지보전" in result.output


def test_consortium_command_explains_infeasibility(app):
    result = CliRunner().invoke(
        app,
        [
            "consortium",
            "--partners",
            str(DATA / "partners.csv"),
            "--require",
            "generative-design",
            "--region",
            "48",
        ],
    )
    assert result.exit_code == 2
    assert "경남 지역에 필요 역량 'AI 설계'" in result.output


def test_consortium_command_rejects_unknown_capability(app):
    result = CliRunner().invoke(
        app, ["consortium", "--partners", str(DATA / "partners.csv"), "--require", "telepathy"]
    )
    assert result.exit_code == 2
    assert "telepathy" in result.output


def test_partner_without_text_is_skipped_with_a_warning(app, tmp_path):
    partners = tmp_path / "p.csv"
    partners.write_text(
        "id,name,kind,description\np1,가,company,베어링 진동 고장 예측\np2,나,company,\n",
        encoding="utf-8",
    )
    needs = tmp_path / "n.csv"
    needs.write_text("id,text\nn1,베어링 진동이 심합니다\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    result = CliRunner().invoke(
        app, ["match", "--needs", str(needs), "--partners", str(partners), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "p.csv:3:description" in result.output
    assert "p2" in result.output
    body = out.read_text(encoding="utf-8-sig")
    assert "p1" in body
    assert "p2" not in body


def test_need_without_inferable_label_warns_and_still_matches_on_keywords(app, tmp_path):
    partners = tmp_path / "p.csv"
    partners.write_text(
        "id,name,kind,description\np1,가,company,점심 메뉴 추천 앱 운영\n", encoding="utf-8"
    )
    needs = tmp_path / "n.csv"
    needs.write_text("id,text\nn1,점심 메뉴 추천이 필요합니다\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    result = CliRunner().invoke(
        app, ["match", "--needs", str(needs), "--partners", str(partners), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "n1" in result.output
    assert "핵심어로만" in result.output
    assert "p1" in out.read_text(encoding="utf-8-sig")


def test_weights_option(app, tmp_path):
    args = [
        "eval",
        "match",
        str(DATA / "heldout_needs.csv"),
        str(DATA / "partners.csv"),
        str(DATA / "heldout_qrels.csv"),
    ]
    default = CliRunner().invoke(app, args)
    lexical_only = CliRunner().invoke(
        app, [*args, "--weights", "capability=0,industry=0,success=0,availability=0,region=0"]
    )
    assert default.exit_code == 0, default.output
    assert lexical_only.exit_code == 0, lexical_only.output
    assert default.output != lexical_only.output
    bad = CliRunner().invoke(app, [*args, "--weights", "lexical=abc"])
    assert bad.exit_code == 2
    assert "lexical" in bad.output
