"""Strengths on SQLite and PostgreSQL: demo statistics, page, charts, exports, API, imports."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from axpartners.analytics import compute_strengths, rank_opportunities, rank_regions
from axpartners.codes import industries as ksic, normalize_region
from axpartners.db.session import make_session_factory, transaction
from axpartners.db.tables import AuditEntry, RegionalStat
from axpartners.i18n.catalog import translate
from axpartners.io.stats import read_stats_file
from axpartners.services import imports, stats_demo, stats_import, strengths as service
from axpartners.services.actors import Actor
from tests.integration.conftest import csrf_of

pytestmark = pytest.mark.integration

KOSIS = Path(service.__file__).resolve().parents[1] / "data" / "kosis"
SYNTHETIC = "synthetic-sido-mfg-division"
SECTIONS = "kosis-sido-section-estab"
DIVISIONS = "kosis-mfg-division-2024"
SERIES = "kosis-mfg-division-employees-2020-2023"


def session_of(world):
    return make_session_factory(world.engine)()


STAFF = Actor(username="staff", role="secretariat")


@pytest.fixture(scope="module")
def stats(world):
    # services/demo.py may already load them with the rest of the demo; either way, once.
    with transaction(make_session_factory(world.engine)) as session:
        assert stats_demo.load_demo_stats(session) in (0, 5)
        assert len(service.list_datasets(session)) == 5
    return world


@pytest.fixture(scope="module")
def staff(stats):
    return stats.login("staff")


@pytest.fixture(scope="module")
def partner(stats):
    return stats.login("partner_tu")


def _count(world, dataset: str | None = None) -> int:
    with make_session_factory(world.engine)() as session:
        query = select(func.count()).select_from(RegionalStat)
        if dataset is not None:
            query = query.where(RegionalStat.dataset == dataset)
        return int(session.scalar(query) or 0)


def _csv(text: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


def test_demo_statistics_are_idempotent_cited_and_labelled(stats):
    before = _count(stats)
    with transaction(make_session_factory(stats.engine)) as session:
        assert stats_demo.load_demo_stats(session) == 0
        datasets = {d.name: d for d in service.list_datasets(session)}
    assert _count(stats) == before
    assert set(datasets) == {
        DIVISIONS,
        SERIES,
        SECTIONS,
        "kosis-sido-mining-mfg-total",
        SYNTHETIC,
    }
    assert service.get_dataset(session_of(stats)).name == DIVISIONS  # real divisions by default
    real = datasets[SECTIONS]
    assert not real.is_synthetic
    assert "KOSIS" in real.source
    assert (real.regions, real.industries, real.years) == (17, 19, (2021, 2022, 2023, 2024))
    assert real.level == "section"
    assert len(real.measures) == 3
    synthetic = datasets[SYNTHETIC]
    assert synthetic.is_synthetic
    assert translate("ui.strengths.synthetic", "ko") in synthetic.source
    assert (synthetic.regions, synthetic.industries, synthetic.level) == (17, 25, "division")


def test_synthetic_set_scales_real_manufacturing_totals(stats):
    # Each region's synthetic divisions add up to its real KOSIS manufacturing employment.
    real = read_stats_file(KOSIS / "kr_sido_mining_mfg_total_2021_2024.csv", on_flag="zero")
    with make_session_factory(stats.engine)() as session:
        totals = dict(
            session.execute(
                select(RegionalStat.region, func.sum(RegionalStat.value))
                .where(RegionalStat.dataset == SYNTHETIC, RegionalStat.year == 2024)
                .group_by(RegionalStat.region)
            ).all()
        )
    for record in real.records:
        if record.industry == "10~34" and record.year == 2024 and record.measure == "종사자수":
            code = normalize_region(record.region)
            assert abs(totals[code] - record.value) <= 13, code  # rounding of 25 divisions


def test_busan_page_shows_opportunities_with_explanations(staff):
    client = staff
    page = client.get("/strengths")
    assert page.status_code == 200
    text = page.text
    assert "부산" in text.split("</h1>")[0]
    assert text.count('class="opportunity ') >= 3
    assert "관련 역량 밀도 백분위" in text  # the explanation of each row
    assert "가까운 현재 특화 산업" in text
    assert "KOSIS 광업·제조업조사 DT_1FS1101" in text  # the real division data by default
    assert 'id="synthetic-label"' not in text
    for name in ("network", "scatter", "eci", "heatmap"):
        assert f"/strengths/chart/{name}.svg?" in text
    synthetic = client.get("/strengths", params={"dataset": SYNTHETIC}).text
    assert 'id="synthetic-label"' in synthetic
    assert synthetic.count("합성 데이터(예시)") >= 5  # banner, selector, every chart caption
    leftover = client.get("/strengths", params={"dataset": SYNTHETIC, "measure": "사업체수"})
    assert leftover.status_code == 200  # the previous dataset's measure falls back to the default
    section = synthetic.split('id="specialisations"')[1].split("</table>")[0]
    assert "기타 운송장비" in section  # Busan's shipbuilding specialisation (31)
    assert 'class="tag usecase"' in synthetic


def test_api_numbers_equal_a_direct_computation(stats, partner):
    client = partner
    body = client.get(
        "/api/v1/strengths", params={"region": "부산", "dataset": SYNTHETIC, "year": 2023}
    ).json()
    assert body["region"] == "26"
    assert body["year"] == 2023
    assert body["is_synthetic"] is True
    with make_session_factory(stats.engine)() as session:
        rows = session.execute(
            select(RegionalStat.region, RegionalStat.industry, RegionalStat.value).where(
                RegionalStat.dataset == SYNTHETIC, RegionalStat.year == 2023
            )
        ).all()
    regions = sorted({r for r, _, _ in rows})
    industries = sorted({i for _, i, _ in rows})
    matrix = np.zeros((len(regions), len(industries)))
    for r, i, v in rows:
        matrix[regions.index(r), industries.index(i)] = v
    direct = compute_strengths(matrix, regions, industries)
    expected = rank_opportunities(direct, region="26", top=None)
    assert [o["industry"] for o in body["opportunities"]] == [o.industry for o in expected]
    for got, want in zip(body["opportunities"], expected, strict=True):
        for key in ("score", "density", "pci", "cog", "rca", "density_percentile"):
            assert got[key] == pytest.approx(getattr(want, key), abs=1e-12), key
    eci = {r["region"]: r["eci"] for r in body["regions"]}
    assert eci == pytest.approx(dict(zip(regions, direct.eci, strict=True)), abs=1e-12)
    assert [r["region"] for r in body["regions"]] == [r.region for r in rank_regions(direct)]
    assert any(o["usecases"] for o in body["opportunities"])
    held = {s["industry"] for s in body["specialisations"]}
    phi = direct.proximity.toarray()
    for option in body["opportunities"]:
        near = option["related"]
        assert {n["industry"] for n in near} <= held
        for n in near:
            a, b = direct.industry_index(option["industry"]), direct.industry_index(n["industry"])
            assert n["phi"] == pytest.approx(phi[a, b])
        assert [n["phi"] for n in near] == sorted((n["phi"] for n in near), reverse=True)


def test_api_on_real_kosis_file_matches_the_original_csv(partner):
    client = partner
    body = client.get(
        "/api/v1/strengths",
        params={"dataset": SECTIONS, "measure": "사업체수", "year": 2022, "convention": "stata"},
    ).json()
    raw = read_stats_file(KOSIS / "kr_sido_section_estab_2021_2024.csv")
    cells = [r for r in raw.records if r.year == 2022 and r.measure == "사업체수"]
    regions = sorted({normalize_region(r.region) for r in cells})
    sections = sorted({ksic()[r.industry[:2]].section for r in cells})
    matrix = np.zeros((len(regions), len(sections)))
    for r in cells:
        matrix[
            regions.index(normalize_region(r.region)),
            sections.index(ksic()[r.industry[:2]].section),
        ] = r.value
    direct = compute_strengths(matrix, regions, sections, convention="stata")
    eci = {r["region"]: r["eci"] for r in body["regions"]}
    assert eci == pytest.approx(dict(zip(regions, direct.eci, strict=True)), abs=1e-12)
    busan = direct.region_index("26")
    held = {s["industry"]: s["rca"] for s in body["specialisations"]}
    rca = direct.rca.toarray()[busan]
    assert held == pytest.approx({sections[k]: rca[k] for k in np.flatnonzero(rca >= 1)})


def test_csv_exports_carry_the_same_numbers(staff):
    client = staff
    params = {"dataset": SYNTHETIC}
    api = client.get("/api/v1/strengths", params=params).json()
    response = client.get("/strengths/export/opportunities.csv", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = _csv(response.content)
    assert [r["industry"] for r in rows] == [o["industry"] for o in api["opportunities"]]
    assert float(rows[0]["pci"]) == pytest.approx(api["opportunities"][0]["pci"])
    assert {(r["dataset"], r["is_synthetic"]) for r in rows} == {(SYNTHETIC, "True")}
    assert api["label"] == "합성 데이터(예시)"
    regions = _csv(client.get("/strengths/export/regions.csv", params=params).content)
    assert [r["region"] for r in regions] == [r["region"] for r in api["regions"]]
    grid = _csv(client.get("/strengths/export/industries.csv", params=params).content)
    assert len(grid) == 17 * 25
    assert client.get("/strengths/export/secrets.csv").status_code == 404


def test_charts_render_offline_as_svg_and_png(staff):
    client = staff
    svg = client.get("/strengths/chart/network.svg", params={"dataset": SYNTHETIC})
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in svg.content[:400]
    assert b'href="http' not in svg.content  # nothing fetched from elsewhere
    png = client.get("/strengths/chart/eci.png")
    assert png.status_code == 200
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert "attachment" in png.headers["content-disposition"]
    assert client.get("/strengths/chart/pie.svg").status_code == 404


def test_anonymous_and_roles(stats, partner):
    anonymous = stats.client()
    assert anonymous.get("/api/v1/strengths", params={"region": "26"}).status_code == 401
    assert anonymous.get("/api/v1/strengths/datasets").status_code == 401
    for path in ("/strengths", "/strengths/chart/eci.svg", "/strengths/export/regions.csv"):
        response = anonymous.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login")
    assert partner.get("/strengths").status_code == 200
    assert partner.get("/strengths/import").status_code == 403
    listed = partner.get("/api/v1/strengths/datasets").json()
    assert {d["name"] for d in listed} >= {SECTIONS, SYNTHETIC}
    assert partner.get("/api/v1/strengths", params={"dataset": "nope"}).status_code == 404
    assert partner.get("/api/v1/strengths", params={"convention": "r"}).status_code == 400


BAD_FILES = {
    "negative": ("region,industry,value\n부산,25,10\n울산,25,-3\n", "bad.csv:3:value"),
    "not_a_number": ("region,industry,value\n부산,25,10\n울산,25,many\n", "bad.csv:3:value"),
    "duplicate": ("region,industry,value\n부산,25,10\n부산광역시,C25,4\n", "bad.csv:3:value"),
    "unknown_region": ("region,industry,value\n부산,25,10\n아틀란티스,25,4\n", "bad.csv:3:region"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_import_errors_name_row_and_column_and_write_nothing(stats, staff, case):
    content, where = BAD_FILES[case]
    client = staff
    before = _count(stats)
    response = client.post(
        "/strengths/import",
        data={"csrf_token": csrf_of(client, "/strengths/import"), "action": "import"},
        files={"file": ("bad.csv", content.encode("utf-8"), "text/csv")},
    )
    assert response.status_code == 400
    assert where in response.text
    assert _count(stats) == before
    assert _count(stats, "bad") == 0


def test_preview_then_import_then_reimport_replaces(stats, staff):
    client = staff
    first = (
        "지역,산업,연도,값\n부산,25,2024,10\n울산,25,2024,3\n부산,30,2024,1\n울산,30,2024,9\n"
        "대구,25,2024,4\n대구,30,2024,2\n부산,24,2024,6\n울산,24,2024,1\n대구,24,2024,3\n"
    )
    token = csrf_of(client, "/strengths/import")
    preview = client.post(
        "/strengths/import",
        data={"csrf_token": token, "action": "preview", "dataset": "mine"},
        files={"file": ("mine.csv", first.encode("cp949"), "text/csv")},
    )
    assert preview.status_code == 200
    assert 'id="preview"' in preview.text
    assert _count(stats, "mine") == 0
    done = client.post(
        "/strengths/import",
        data={"csrf_token": token, "action": "import", "dataset": "mine", "source": "test"},
        files={"file": ("mine.csv", first.encode("utf-8"), "text/csv")},
    )
    assert done.status_code == 200
    assert 'id="import-done"' in done.text
    assert _count(stats, "mine") == 9
    korean = client.post(
        "/strengths/import",
        data={"csrf_token": token, "action": "import"},
        files={"file": ("부산 통계.csv", first.encode("utf-8"), "text/csv")},
    )
    assert korean.status_code == 200
    export = client.get("/strengths/export/regions.csv", params={"dataset": "부산-통계"})
    assert export.status_code == 200
    assert "filename*=UTF-8''" in export.headers["content-disposition"]
    second = (
        b"region,industry,value,year\n26,C25,7,2024\n31,C25,2,2024\n11,C25,5,2024\n"
        b"26,C24,1,2024\n31,C24,4,2024\n11,C24,2,2024\n26,C10,3,2024\n31,C10,1,2024\n"
    )
    with transaction(make_session_factory(stats.engine)) as session:
        result = stats_import.import_stats(
            session, actor=STAFF, data=second, name="x.csv", dataset="mine"
        )
    assert result.replaced == 9
    with make_session_factory(stats.engine)() as session:
        stored = session.execute(
            select(RegionalStat.region, RegionalStat.industry, RegionalStat.value)
            .where(RegionalStat.dataset == "mine")
            .where(RegionalStat.industry == "25")
            .order_by(RegionalStat.region)
        ).all()
        audited = session.scalars(
            select(AuditEntry.entity_id).where(AuditEntry.entity_type == "regional_stats")
        ).all()
    assert [tuple(r) for r in stored] == [("11", "25", 5.0), ("26", "25", 7.0), ("31", "25", 2.0)]
    assert audited.count("mine") == 2


def test_kosis_wide_export_and_cli_import(stats, tmp_path):
    wide = (
        "시도별,산업별,2023,2024\n"
        "전국,식료품 제조업,100,110\n"
        "부산광역시,식료품 제조업,10,12\n"
        "부산광역시,1차 금속 제조업,5,4\n"
        "울산광역시,식료품 제조업,3,3\n"
        "울산광역시,1차 금속 제조업,20,21\n"
        "대구광역시,식료품 제조업,6,6\n"
        "대구광역시,1차 금속 제조업,6,7\n"
    )
    path = tmp_path / "DT_1FS1101_wide.csv"
    path.write_bytes(wide.encode("cp949"))
    with transaction(make_session_factory(stats.engine)) as session:
        line = imports.import_files(session, actor=STAFF, kind="stats", files=[path])
    assert "dt_1fs1101_wide" in line
    assert "12 cells" in line
    with make_session_factory(stats.engine)() as session:
        busan = dict(
            session.execute(
                select(RegionalStat.industry, RegionalStat.value).where(
                    RegionalStat.dataset == "dt_1fs1101_wide",
                    RegionalStat.region == "26",
                    RegionalStat.year == 2024,
                )
            ).all()
        )
    assert busan == {"10": 12.0, "24": 4.0}


def test_export_rows_reimport_to_the_same_cells(stats):
    from axpartners.io.tables import write_csv

    factory = make_session_factory(stats.engine)
    with factory() as session:
        header, rows = stats_import.export_rows(session, dataset=SYNTHETIC)
    assert len(rows) == _count(stats, SYNTHETIC)
    assert {row[header.index("is_synthetic")] for row in rows} == {True}
    with transaction(factory) as session:
        stats_import.import_stats(
            session, actor=STAFF, data=write_csv(header, rows), name="back.csv", dataset="back"
        )
    with factory() as session:
        _, again = stats_import.export_rows(session, dataset="back")
    value = header.index("value")
    assert [r[1 : value + 1] for r in again] == [r[1 : value + 1] for r in rows]


def _grid(strong: dict[str, str]) -> bytes:
    lines = ["region,industry,value"]
    for region in ("11", "26", "31", "27"):
        for industry in ("25", "30", "31"):
            lines.append(f"{region},{industry},{9 if strong.get(region) == industry else 2}")
    return "\n".join(lines).encode()


def test_reimport_invalidates_the_cached_analysis(stats):
    factory = make_session_factory(stats.engine)
    with transaction(factory) as session:
        stats_import.import_stats(
            session,
            actor=STAFF,
            data=_grid({"26": "31", "31": "30"}),
            name="c.csv",
            dataset="cache",
        )
        first = service.region_strengths(session, region="26", dataset="cache")
        again = service.region_strengths(session, region="26", dataset="cache")
    assert again.result is first.result  # served from the cache
    assert [s.industry for s in first.specialisations] == ["31"]
    with transaction(factory) as session:
        stats_import.import_stats(
            session,
            actor=STAFF,
            data=_grid({"26": "25", "31": "30"}),
            name="c.csv",
            dataset="cache",
        )
        second = service.region_strengths(session, region="26", dataset="cache")
    assert second.content_hash != first.content_hash
    assert [s.industry for s in second.specialisations] == ["25"]


def test_too_small_datasets_are_refused_in_the_import_and_the_views(stats, staff):
    client = staff
    tiny = "지역,산업,연도,값\n부산,25,2024,10\n울산,25,2024,3\n부산,30,2024,1\n울산,30,2024,9\n"
    token = csrf_of(client, "/strengths/import")
    before = _count(stats)
    for action in ("preview", "import"):
        response = client.post(
            "/strengths/import",
            data={"csrf_token": token, "action": action, "dataset": "tiny"},
            files={"file": ("tiny.csv", tiny.encode("utf-8"), "text/csv")},
        )
        assert response.status_code == 400
        assert "지역 3개 이상, 산업 3개 이상" in response.text
    assert _count(stats) == before
    # the demo's 광업·제조업 totals hold two industries (광업, 제조업): no opportunities from it
    view = client.get("/api/v1/strengths", params={"dataset": "kosis-sido-mining-mfg-total"})
    assert view.status_code == 400
    assert "산업 2개" in view.text
    page = client.get("/strengths", params={"dataset": "kosis-sido-mining-mfg-total"})
    assert "산업 3개 이상" in page.text
