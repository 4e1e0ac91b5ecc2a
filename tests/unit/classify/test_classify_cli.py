from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from axpartners.cli.classify import CLASSIFY_HEADER, register
from axpartners.taxonomy import taxonomy_ids

DATA = Path(__file__).parents[2] / "data" / "classify"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    eval_app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test root."""

    app.add_typer(eval_app, name="eval")
    register(app, eval_app)
    return app


runner = CliRunner()


def _read(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_classify_without_id_uses_row_numbers(app: typer.Typer, tmp_path: Path) -> None:
    needs = tmp_path / "needs.csv"
    needs.write_text("text,company\n재고가 늘 남아요,가\n전기요금 폭탄,나\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["classify", str(needs), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8-sig").splitlines()[0] == ",".join(CLASSIFY_HEADER)
    rows = _read(out)
    assert [r["id"] for r in rows] == ["1", "2"]
    assert [r["label"] for r in rows] == ["demand-inventory", "energy-carbon"]
    for r in rows:
        assert r["label_2"] in {*taxonomy_ids(), ""}
        assert r["label_2"] != r["label"]
        if r["label_2"]:
            assert 0 < float(r["score_2"]) <= float(r["score"]) <= 1
        else:
            assert r["score_2"] == ""
        assert r["review"] in {"true", "false"}
        assert r["labels"].split(";")[0] == r["label"]


def test_classify_abstains_and_lists_both_fields(app: typer.Typer, tmp_path: Path) -> None:
    needs = tmp_path / "needs.csv"
    needs.write_text(
        "id,text\nhi,안녕하세요\nai,AI\nboth,AI 비전검사·AI 설비 예지보전\n"
        "one,설비 진동이 심해지고 베어링이 자주 깨져서 고장을 미리 알고 싶어요\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["classify", str(needs), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 unclassified" in result.output
    rows = {r["id"]: r for r in _read(out)}
    for key in ("hi", "ai"):
        assert rows[key]["label"] == "unknown"
        assert rows[key]["review"] == "true"
        assert rows[key]["labels"] == "unknown"
        assert rows[key]["label_2"] == rows[key]["score_2"] == ""
    both = rows["both"]
    assert set(both["labels"].split(";")) == {"vision-inspection", "predictive-maintenance"}
    assert both["review"] == "true"  # a tie is a question for staff, not a decision
    assert rows["one"]["labels"] == "predictive-maintenance"
    assert rows["one"]["review"] == "false"


def test_classify_cp949_with_ids_and_details(app: typer.Typer, tmp_path: Path) -> None:
    needs = tmp_path / "needs.csv"
    needs.write_bytes('id,text\nA7,"지게차랑 작업자, 충돌 위험"\n'.encode("cp949"))
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["classify", str(needs), "-o", str(out), "--details"])
    assert result.exit_code == 0, result.output
    (row,) = _read(out)
    assert row["id"] == "A7"
    assert row["label"] == "industrial-safety"
    assert row["needs_review"] in {"true", "false"}
    assert "지게차" in row["explanation"]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("id,text\n1,재고\n2,\n", "needs.csv:3:text"),
        ("id,body\n1,재고\n", "text"),
        ('id,text\n1,"재고\n', "needs.csv"),
        ("", "needs.csv"),
    ],
)
def test_classify_bad_input_exits_2(
    app: typer.Typer, tmp_path: Path, content: str, fragment: str
) -> None:
    needs = tmp_path / "needs.csv"
    needs.write_text(content, encoding="utf-8")
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["classify", str(needs), "-o", str(out)])
    assert result.exit_code == 2
    assert fragment in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_train_save_and_reuse_model(
    app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    train = tmp_path / "train.csv"
    train.write_text(
        "text,label\n쿼트라 말썽,predictive-maintenance\n쿼트라 교체,predictive-maintenance\n"
        "블링크 양식,document-automation\n블링크 입력,document-automation\n",
        encoding="utf-8",
    )
    needs = tmp_path / "needs.csv"
    needs.write_text("id,text\nx,쿼트라 점검\ny,블링크 건\n", encoding="utf-8")
    model = tmp_path / "model.npz"
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    result = runner.invoke(
        app,
        [
            "classify",
            str(needs),
            "-o",
            str(first),
            "--train",
            str(train),
            "--save-model",
            str(model),
        ],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["classify", str(needs), "-o", str(second), "--model", str(model)])
    assert result.exit_code == 0, result.output
    assert _read(first) == _read(second)
    assert [r["label"] for r in _read(first)] == ["predictive-maintenance", "document-automation"]
    # An institution can set its model once (AXP_CLASSIFIER_MODEL) instead of passing --model.
    monkeypatch.setenv("AXP_CLASSIFIER_MODEL", str(model))
    third = tmp_path / "c.csv"
    result = runner.invoke(app, ["classify", str(needs), "-o", str(third)])
    assert result.exit_code == 0, result.output
    assert "(trained)" in result.output
    assert _read(third) == _read(first)
    monkeypatch.delenv("AXP_CLASSIFIER_MODEL")
    model.write_bytes(b"junk")
    result = runner.invoke(app, ["classify", str(needs), "-o", str(second), "--model", str(model)])
    assert result.exit_code == 2


def test_eval_zero_shot_prints_the_report(app: typer.Typer) -> None:
    result = runner.invoke(
        app, ["eval", "classify", str(DATA / "needs_holdout.csv"), "--mode", "zero-shot"]
    )
    assert result.exit_code == 0, result.output
    assert "accuracy:" in result.output
    assert "macro-F1:" in result.output
    assert "top confusions" in result.output
    for label in taxonomy_ids():
        assert label in result.output
    assert "trained" not in result.output


def test_eval_trained_mode(app: typer.Typer, tmp_path: Path) -> None:
    labeled = tmp_path / "labeled.csv"
    rows = [f"쿼트{n} 라인,predictive-maintenance" for n in range(6)]
    rows += [f"블링{n} 양식,document-automation" for n in range(6)]
    labeled.write_text("text,label\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(
        app, ["eval", "classify", str(labeled), "--mode", "trained", "--folds", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "trained (3-fold CV)" in result.output


def test_eval_rejects_unknown_labels(app: typer.Typer, tmp_path: Path) -> None:
    labeled = tmp_path / "labeled.csv"
    labeled.write_text("text,label\n재고,demand-inventory\n전력,power\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "classify", str(labeled)])
    assert result.exit_code == 2
    assert "labeled.csv:3:label" in result.output
    result = runner.invoke(app, ["eval", "classify", str(tmp_path / "missing.csv")])
    assert result.exit_code == 2
