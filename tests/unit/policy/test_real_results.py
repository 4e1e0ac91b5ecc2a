"""The two-column results report 「국정과제 추진 실적」 (2026) read by column and set against the plan."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from axpartners.cli.policy import register
from axpartners.policy.columns import find_gutter, read_columns
from axpartners.policy.extract import extract_file
from axpartners.policy.results import align_results, is_results_pair
from axpartners.policy.structure import structure_document

REAL = Path(__file__).parents[2] / "data" / "policy" / "real"
RESULTS = REAL / "gukjeong_results2026_tasks001-004.txt"
PLAN = REAL / "gukjeong123_goal1_tasks01-19.txt"


def test_columns_are_read_one_after_the_other() -> None:
    text = read_columns(RESULTS.read_text(encoding="utf-8"))
    lines = [s.strip() for s in text.split("\n")]
    # A left-column paragraph stays together; the right column's text is not glued into it.
    i = lines.index(
        "강화, 지역 간 격차 해소와 균형발전 의무를 담은 개헌안 발의(2026년 4월 3일)를 지원하였습니다."
    )
    assert lines[i - 1].startswith("강화하였습니다. 또한, 부마민주항쟁")
    j = lines.index("계엄에 대한 국회의 통제 강화, 지역 간 격차 해소와 균형발전 의무 등")
    assert j > i
    assert lines[j + 1] == "주요 의제 중심으로 개헌안이 성안될 수 있도록 지원하였습니다."
    # the photo caption is split off, not glued into the sentence
    assert not any("충실" in s and "국무회의" in s for s in lines)


def test_single_column_plan_is_not_split() -> None:
    lines = PLAN.read_text(encoding="utf-8").split("\n")
    assert find_gutter(lines) is None
    assert read_columns("\n".join(lines)) == "\n".join(lines)


def test_results_tasks_follow_the_columns() -> None:
    items = structure_document(extract_file(RESULTS))
    tasks = [it for it in items if it.marker == "task"]
    assert [(t.item_no, t.title) for t in tasks] == [
        ("001", "‘진짜 대한민국’을 위한 헌법 개정"),
        ("002", "국민의 군대를 위한 민주적·제도적 통제 강화"),
        ("003", "수사와 기소 분리를 통한 검찰개혁 완성"),
        ("004", "경찰의 중립성 확보 및 민주적 통제 강화"),
    ]
    first = tasks[0].text
    assert "국민투표법 개정" in first
    assert "이재명정부는 2014년 헌법재판소에서" in first
    for it in items:
        assert "국민이 만든 대전환의 길   0" not in it.text
        assert "국정목표1" not in it.text


def test_plan_and_results_align_every_shared_task() -> None:
    plan = structure_document(extract_file(PLAN))
    results = structure_document(extract_file(RESULTS))
    assert is_results_pair(plan, results)
    assert not is_results_pair(plan, plan)
    rows = align_results(plan, results)
    found = {r.task_no: r for r in rows if r.result is not None}
    assert sorted(found) == ["01", "02", "03", "04"]
    assert all(r.title_similarity >= 0.9 for r in found.values())
    assert len(found["02"].points) == 5
    assert len(found["02"].done) >= 4  # the results report covers the plan's five points
    gap_03 = [p.title for p in found["03"].gap]
    assert any(t.startswith("법무부 불가역적 탈검찰화") for t in gap_03)


def test_cli_compare_prints_the_plan_results_table(tmp_path: Path) -> None:
    app = typer.Typer()
    eval_app = typer.Typer()
    app.add_typer(eval_app, name="eval")

    @app.callback()
    def main() -> None:
        """test root"""

    register(app, eval_app)
    out = tmp_path / "cmp.json"
    result = CliRunner().invoke(app, ["policy", "compare", str(PLAN), str(RESULTS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "task | planned | reported done | gap" in result.output
    assert "4/19 plan tasks found" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["tasks"][0]["results_title"] == "‘진짜 대한민국’을 위한 헌법 개정"
