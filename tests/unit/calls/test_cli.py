"""``axp calls extract FILE -o CALL.json`` through the real root app (registration included)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from axpartners.calls import CALL_KEYS
from axpartners.cli.main import app
from axpartners.policy.extract import extract_file

DATA = Path(__file__).resolve().parents[2] / "data" / "calls"


def test_extract_hwp_writes_one_json_object(tmp_path: Path) -> None:
    out = tmp_path / "call.json"
    result = CliRunner().invoke(
        app,
        [
            "calls",
            "extract",
            str(DATA / "hwp/mss_manufacturing_ai_smart_factory_2026_call.hwp"),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    call = json.loads(out.read_text(encoding="utf-8"))
    assert list(call) == list(CALL_KEYS)
    assert call["apply_deadline"] == "2026-04-20"
    assert call["per_project_max_krw"] == 200_000_000
    assert call["support_ratio"] == 0.5
    assert call["duration_months"] == 9
    assert call["ministry"] == "중소벤처기업부"
    assert call["consortium"]["roles"] == ["도입기업", "공급기업"]
    assert [e["points"] for e in call["evaluation"]] == [20, 25, 30, 25]


def test_extract_text_2025(tmp_path: Path) -> None:
    out = tmp_path / "call.json"
    src = DATA / "mss_manufacturing_ai_smart_factory_2025.txt"
    result = CliRunner().invoke(app, ["calls", "extract", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    call = json.loads(out.read_text(encoding="utf-8"))
    assert call["notice_no"] == "중소벤처기업부 공고 제2025-415호"
    assert call["apply_deadline"] == "2025-08-14"


def test_unreadable_input_exits_2_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.hwp"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    out = tmp_path / "call.json"
    result = CliRunner().invoke(app, ["calls", "extract", str(bad), "-o", str(out)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith("error:")
    assert " / " in lines[0]
    assert not out.exists()


def test_missing_file_and_no_facts_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "call.json"
    result = CliRunner().invoke(
        app, ["calls", "extract", str(tmp_path / "none.txt"), "-o", str(out)]
    )
    assert result.exit_code == 2
    memo = tmp_path / "memo.txt"
    memo.write_text("오늘 점심은 국수\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["calls", "extract", str(memo), "-o", str(out)])
    assert result.exit_code == 2
    assert "공고" in result.output
    assert "call facts" in result.output
    assert not out.exists()


def test_draft_from_call_json(tmp_path: Path) -> None:
    call = tmp_path / "call.json"
    src = DATA / "hwp/mss_manufacturing_ai_smart_factory_2026_call.hwp"
    assert CliRunner().invoke(app, ["calls", "extract", str(src), "-o", str(call)]).exit_code == 0
    out = tmp_path / "draft.hwpx"
    args = [
        "calls",
        "draft",
        str(call),
        "-o",
        str(out),
        "--company",
        "㈜해운대정밀",
        "--need",
        "검사",
    ]
    result = CliRunner().invoke(
        app, [*args, "--partner", "㈜센텀AI=공급기업", "--kpi", "완제품 불량률"]
    )
    assert result.exit_code == 0, result.output
    texts = [b.text for b in extract_file(out).blocks]
    assert "5. 추진조직 및 업무분장" in texts
    assert "공급기업: ㈜센텀AI" in texts
    bad = CliRunner().invoke(app, [*args[:3], "-o", str(tmp_path / "d.pdf"), *args[5:]])
    assert bad.exit_code == 2
    assert ".hwpx" in bad.output
