from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from axpartners.cli.policy import register

DATA = Path(__file__).resolve().parents[2] / "data" / "policy"


def _app() -> typer.Typer:
    app = typer.Typer()
    eval_app = typer.Typer()
    app.add_typer(eval_app, name="eval")

    @app.callback()
    def main() -> None:
        """test root"""

    register(app, eval_app)
    return app


def test_extract_writes_jsonl(tmp_path):
    out = tmp_path / "items.jsonl"
    result = CliRunner().invoke(
        _app(), ["policy", "extract", str(DATA / "plan.hwpx"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 19
    for rec in records:
        assert {"doc", "item_no", "title", "text", "tags", "path", "level", "page"} <= set(rec)
        assert rec["doc"] == "plan.hwpx"
        for tag in rec["tags"]:
            ev = tag["evidence"]
            assert rec["text"][ev["start"] : ev["end"]] == ev["text"]
    by_path = {r["path"]: r for r in records}
    task = by_path["Ⅱ > 1 > 가 > □1"]
    kinds = {(t["kind"], t["value"]) for t in task["tags"]}
    assert ("budget", "12000000000") in kinds
    assert ("year", "2026") in kinds
    assert ("use_case", "vision-inspection") in kinds
    assert ("industry", "31") in kinds


def test_extract_distribution_hwp_notes_decryption(tmp_path):
    out = tmp_path / "items.jsonl"
    src = DATA / "hwp_samples" / "hwplib__sample_hwp_distribution.hwp"
    result = CliRunner().invoke(
        _app(), ["policy", "extract", str(src), "-o", str(out), "--no-keywords"]
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records[1]["title"] == "입찰에 부치는 사항"
    assert any(r["path"] == "1 > ②" and "72,300,000원" in r["text"] for r in records)


def test_bad_input_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "fake.hwp"
    bad.write_bytes((DATA / "plan.pdf").read_bytes())
    result = CliRunner().invoke(
        _app(), ["policy", "extract", str(bad), "-o", str(tmp_path / "o.jsonl")]
    )
    assert result.exit_code == 2
    assert "fake.hwp" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "o.jsonl").exists()


def test_size_limit_option(tmp_path):
    result = CliRunner().invoke(
        _app(),
        [
            "policy",
            "extract",
            str(DATA / "plan.pdf"),
            "-o",
            str(tmp_path / "o.jsonl"),
            "--max-mb",
            "0.001",
        ],
    )
    assert result.exit_code == 2
    assert "MB" in result.output


def test_compare_two_documents(tmp_path):
    old = tmp_path / "2025.txt"
    new = tmp_path / "2026.txt"
    old.write_text(
        "1. AI 바우처 지원\n국비 100억원\n2. 데이터 댐 구축\n3. 스마트공장 보급\n", encoding="utf-8"
    )
    new.write_text(
        "1. AI 바우처 지원\n국비 300억원\n2. 피지컬 AI 실증\n3. 스마트공장 보급\n", encoding="utf-8"
    )
    out = tmp_path / "cmp.json"
    result = CliRunner().invoke(_app(), ["policy", "compare", str(old), str(new), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "+ 2  피지컬 AI 실증" in result.output
    assert "- 2  데이터 댐 구축" in result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [c["new"]["title"] for c in report["changed"]] == ["AI 바우처 지원"]
    assert report["unchanged"] == 1


REAL = DATA / "real"


def test_eval_policy_prints_recall_title_and_ministry():
    result = CliRunner().invoke(
        _app(),
        ["eval", "policy", str(REAL / "gukjeong123_goal1_tasks01-19.txt"),
         str(REAL / "expected_tasks.csv")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "19 expected tasks" in result.output
    assert "task recall        19/19  1.000" in result.output
    assert "ministry accuracy  19/19  1.000" in result.output


def test_eval_policy_reports_misses_and_bad_csv(tmp_path):
    expected = tmp_path / "exp.csv"
    expected.write_text(
        "task_no,title,ministry\n01,없는 제목,국방부\n99,없는 과제,국조실\n", "utf-8"
    )
    result = CliRunner().invoke(
        _app(),
        ["eval", "policy", str(REAL / "gukjeong123_goal1_tasks01-19.txt"), str(expected), "-v"],
    )
    assert result.exit_code == 0, result.output
    assert "task recall        1/2  0.500" in result.output
    assert "missing  99" in result.output
    assert "ministry 01  '국조실' ≠ '국방부'" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("task_no,title\n01,x\n", "utf-8")
    result = CliRunner().invoke(
        _app(), ["eval", "policy", str(REAL / "gukjeong123_front_toc.txt"), str(bad)]
    )
    assert result.exit_code != 0
    assert "ministry" in result.output
