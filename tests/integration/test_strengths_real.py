"""Issue 15: the default Strengths view runs on the real KOSIS manufacturing divisions.

The LQ check is independent of the product: a few lines of NumPy over the CSV copies shipped
in ``src/axpartners/data/kosis`` and the documented suppression treatment (region total minus
its published cells, split by establishments; division 12 left out).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest

from axpartners.db.session import make_session_factory, transaction
from axpartners.services import stats_demo, stats_import

pytestmark = pytest.mark.integration

KOSIS = Path(stats_import.__file__).resolve().parents[1] / "data" / "kosis"


@pytest.fixture(scope="module")
def client(world):
    with transaction(make_session_factory(world.engine)) as session:
        stats_demo.load_demo_stats(session)
    return world.login("staff")


def _table(name: str) -> tuple[list[str], list[str], np.ndarray]:
    rows = list(csv.DictReader(io.StringIO((KOSIS / name).read_text(encoding="utf-8-sig"))))
    regions = sorted({r["region"] for r in rows})
    divisions = sorted({r["industry"] for r in rows})
    x = np.zeros((len(regions), len(divisions)))
    for r in rows:
        value = float(r["value"]) if r["value"] else np.nan
        x[regions.index(r["region"]), divisions.index(r["industry"])] = value
    return regions, divisions, x


def _busan_lq() -> dict[str, float]:
    regions, divisions, x = _table("kr_sido_mfg_division_employees10plus_2024.csv")
    _, _, estab = _table("kr_sido_mfg_division_establishments10plus_2024.csv")
    totals: dict[str, float] = {}
    totals_file = (KOSIS / "kr_sido_mining_mfg_total_2021_2024.csv").read_text(encoding="utf-8-sig")
    for r in csv.DictReader(io.StringIO(totals_file)):
        if r["산업코드"] == "10~34" and r["연도"] == "2024" and r["지표"] == "종사자수":
            totals[r["시도별"]] = float(r["값"])
    by_code = {
        "11": "서울특별시", "26": "부산광역시", "27": "대구광역시", "28": "인천광역시",
        "29": "광주광역시", "30": "대전광역시", "31": "울산광역시", "36": "세종특별자치시",
        "41": "경기도", "43": "충청북도", "44": "충청남도", "46": "전라남도", "47": "경상북도",
        "48": "경상남도", "50": "제주특별자치도", "51": "강원특별자치도", "52": "전라북도",
    }  # fmt: skip
    for k, code in enumerate(regions):
        hidden = np.isnan(x[k])
        if hidden.any():
            residual = totals[by_code[code]] - np.nansum(x[k])
            x[k, hidden] = residual * estab[k, hidden] / estab[k, hidden].sum()
    keep = [j for j, d in enumerate(divisions) if d != "12"]
    x, divisions = x[:, keep], [divisions[j] for j in keep]
    lq = (x / x.sum(axis=1, keepdims=True)) / (x.sum(axis=0) / x.sum())
    return dict(zip(divisions, lq[regions.index("26")], strict=True))


def test_busan_lq_from_the_csv_matches_the_api(client):
    expected = _busan_lq()
    body = client.get("/api/v1/strengths", params={"region": "26"}).json()
    assert body["dataset"]["name"] == "kosis-mfg-division-2024"
    assert "DT_1FS1101" in body["source"]
    assert body["is_synthetic"] is False
    assert body["measure"] == "종사자수"
    assert body["year"] == 2024
    got = {s["industry"]: s["rca"] for s in body["specialisations"]}
    got |= {o["industry"]: o["rca"] for o in body["opportunities"]}
    assert set(got) == set(expected)
    for code, lq in expected.items():
        assert got[code] == pytest.approx(lq, rel=1e-6), code
    held = {s["industry"] for s in body["specialisations"]}
    assert {"13", "14", "15", "24"} <= held  # textiles, apparel, footwear, primary metals
    assert held == {code for code, lq in expected.items() if lq >= 1}


def test_opportunities_are_manufacturing_only_and_carry_stability(client):
    body = client.get("/api/v1/strengths", params={"region": "26"}).json()
    assert body["scope"] == "10-34"
    assert body["opportunities"]
    for o in body["opportunities"]:
        assert 10 <= int(o["industry"]) <= 34
        st = o["stability"]
        assert st["verdict"] in ("robust", "depends", "outside")
        assert set(st["by_measure"]) == {"사업체수", "출하액"}
        assert set(st["by_year"]) == {"2020", "2021", "2022", "2023"}
        loo = st["leave_one_region_out"]
        assert loo["runs"] == 16
        assert loo["low"] <= o["rank"] <= loo["high"]
    notes = body["dataset"]["notes"]
    assert notes["suppressed"] == 76
    assert notes["estimated"] == 76
    assert notes["dropped_industries"] == ["12"]
    sections = client.get(
        "/api/v1/strengths", params={"region": "26", "dataset": "kosis-sido-section-estab"}
    ).json()
    assert {o["industry"] for o in sections["opportunities"]} <= {"C"}
    assert sections["out_of_scope"] > 0


def test_page_cites_the_source_treatment_and_stability(client):
    text = client.get("/strengths").text
    assert "DT_1FS1101" in text
    assert 'id="treatment-note"' in text
    assert 'id="dropped-industries"' in text
    assert 'id="scope-note"' in text
    assert text.count('class="tag stability') >= 5
    assert "지역 1곳 제외 시" in text


def test_briefing_and_lead_map_use_the_same_real_analysis(client, world):
    from axpartners.services import briefing, planning_region
    from axpartners.services.actors import SYSTEM

    with make_session_factory(world.engine)() as session:
        pack = briefing.build_pack(session, region="26")
        lead = planning_region.lead_map(session, actor=SYSTEM, region="26")
        view = planning_region.strength_analysis(session, region="26")
    assert view is not None
    assert view.dataset.name == "kosis-mfg-division-2024"
    assert "DT_1FS1101" in pack.opportunities_source
    assert pack.opportunities_source == lead.sources["strength"]
    assert "같은 분석" in pack.opportunities_source
    assert not pack.opportunities_synthetic
    assert not lead.is_synthetic
    assert [o.industry for o in pack.opportunities] == [
        o.industry for o in view.opportunities[: len(pack.opportunities)]
    ]
    assert {f.industry for f in lead.fields} <= {f"{d}" for d in range(10, 35)}


def test_change_over_time_and_plain_explanations(client):
    body = client.get("/api/v1/strengths", params={"region": "26"}).json()
    change = body["change_over_time"]
    assert change["dataset"] == "kosis-mfg-division-employees-2020-2023"
    assert change["years"] == [2020, 2021, 2022, 2023]
    kinds = {row["industry"]: row for row in change["industries"]}
    for row in kinds.values():
        before, after = row["rca_by_year"]["2020"] >= 1, row["rca_by_year"]["2023"] >= 1
        expected = {(False, True): "entered", (True, False): "left", (True, True): "held"}
        assert row["kind"] == expected.get((before, after), "absent")
        start, end = row["value_by_year"]["2020"], row["value_by_year"]["2023"]
        assert row["growth"] == pytest.approx((end - start) / start)
    assert kinds["15"]["kind"] == "held"  # footwear stays Busan's strongest specialisation
    text = client.get("/strengths").text
    assert 'id="change-over-time"' in text
    assert "/strengths/chart/trend.svg?" in text
    for term in ("rca", "density", "eci", "pci", "coi", "cog"):
        assert f'id="term-{term}"' in text
    assert "Hidalgo &amp; Hausmann (2009)" in text
    assert "Balland, Boschma, Crespo &amp; Rigby (2019)" in text
    svg = client.get("/strengths/chart/trend.svg")
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")


def test_opportunities_export_carries_stability(client):
    exported = client.get("/strengths/export/opportunities.csv", params={"region": "26"})
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows
    assert all(r["stability"] in ("robust", "depends", "outside") for r in rows)
    assert all(int(r["loo_rank_low"]) <= int(r["rank"]) <= int(r["loo_rank_high"]) for r in rows)
    assert {r["dataset"] for r in rows} == {"kosis-mfg-division-2024"}
