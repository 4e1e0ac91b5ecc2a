"""Project candidates, quick wins, one-pager, promotion and the briefing pack on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import openpyxl
import pytest
import typer
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from axpartners.cli.report import register
from axpartners.db.session import make_session_factory, transaction
from axpartners.db.tables import AuditEntry, Need, Project, ProjectCandidate
from axpartners.services import planning, planning_read, planning_region
from axpartners.services.actors import SYSTEM
from axpartners.web.app import create_app
from tests.integration.conftest import PASSWORD, csrf_of, login

pytestmark = pytest.mark.integration

GROUPS = ("demand", "policy", "advantage", "partners", "feasibility")
SECTION_TITLES = ("배경", "문제", "목표", "추진체계", "일정", "예산(안)", "기대효과", "KPI")


@pytest.fixture(scope="module")
def planned(world):
    with transaction(make_session_factory(world.engine)) as session:
        planning.ensure_demo_candidates(session)  # `axp demo` may have made them already
        assert session.scalar(select(ProjectCandidate.id).limit(1)) is not None
    return world


def _session(world):
    return make_session_factory(world.engine)()


def _open_candidate_ids(world) -> list[int]:
    with _session(world) as session:
        return list(
            session.scalars(
                select(ProjectCandidate.id)
                .where(ProjectCandidate.status == "open")
                .order_by(ProjectCandidate.id)
            )
        )


def test_protected_pages_and_api(planned):
    client = planned.client()
    for path in ("/planning/candidates", "/planning/quick-wins", "/planning/leadmap", "/council"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login")
    assert client.get("/api/v1/candidates").status_code == 401
    assert client.get("/api/v1/projects").status_code == 401
    assert client.get("/council/briefing.pdf", follow_redirects=False).status_code == 303
    member = planned.login("partner_tu")
    projects = member.get("/api/v1/projects")
    assert projects.status_code == 200
    assert {p["stage"] for p in projects.json()} >= {"pilot", "diffusion"}


def test_demo_candidates_cover_every_labelled_need_once(planned):
    with _session(planned) as session:
        assert planning.ensure_demo_candidates(session) == 0  # idempotent
        labelled = set(session.scalars(select(Need.id).where(Need.label.is_not(None))))
        rows = session.scalars(select(ProjectCandidate)).all()
        seen: list[int] = [i for r in rows for i in r.need_ids or []]
        assert sorted(seen) == sorted(labelled)
        for row in rows:
            labels = {session.get(Need, i).label for i in row.need_ids}
            assert labels == {row.use_case}
            assert row.is_example
    page = planned.login("staff").get("/planning/candidates")
    assert page.status_code == 200
    assert page.text.count('class="candidate-row"') == len(rows)
    for label in ("수요", "정책 부합", "지역 강점", "파트너 구성"):
        assert label in page.text


def test_components_add_up_and_sliders_rerank(planned):
    client = planned.login("staff")
    default = client.get("/api/v1/candidates").json()
    assert len(default) >= 5
    for item in default:
        assert {c["key"] for c in item["components"]} == set(GROUPS)
        assert sum(c["points"] for c in item["components"]) == pytest.approx(
            item["score"], abs=1e-3
        )
    scores = [c["score"] for c in default]
    assert scores == sorted(scores, reverse=True)

    only = dict.fromkeys(GROUPS, "0")
    demand = client.get("/api/v1/candidates", params={**only, "demand": "100"}).json()
    feas = client.get("/api/v1/candidates", params={**only, "feasibility": "100"}).json()
    for ranked, group in ((demand, "demand"), (feas, "feasibility")):
        for item in ranked:
            points = {c["key"]: c["points"] for c in item["components"]}
            assert points[group] == pytest.approx(item["score"], abs=1e-3)
            assert all(points[g] == pytest.approx(0.0) for g in GROUPS if g != group)
    assert [c["id"] for c in demand] != [c["id"] for c in feas]

    fragment = client.get(
        "/planning/candidates",
        params={**only, "feasibility": "100"},
        headers={"hx-request": "true"},
    )
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    first = re.search(r'class="candidate-row" data-id="(\d+)"', fragment.text)
    assert first
    assert int(first.group(1)) == feas[0]["id"]

    bad = client.get("/planning/candidates", params={"demand": "많이"})
    assert bad.status_code == 422
    assert "가중치" in bad.text


def test_quick_wins_view(planned):
    client = planned.login("staff")
    quick = client.get("/api/v1/candidates", params={"view": "quick"}).json()
    assert quick
    months = [c["months_to_first_result"] for c in quick]
    assert months == sorted(months)
    assert all(m <= 6 for m in months)
    assert all(c["is_quick_win"] for c in quick)
    everything = client.get("/api/v1/candidates").json()
    slow = [c for c in everything if c["months_to_first_result"] > 6]
    assert slow
    assert not {c["id"] for c in slow} & {c["id"] for c in quick}
    page = client.get("/planning/quick-wins")
    assert page.status_code == 200
    assert page.text.count('class="candidate-row"') == len(quick)


def test_candidate_page_marks_data_and_template(planned):
    cid = _open_candidate_ids(planned)[0]
    client = planned.login("partner_pnu")
    page = client.get(f"/planning/candidates/{cid}")
    assert page.status_code == 200
    for title in SECTION_TITLES:
        assert f"<h3>{title}</h3>" in page.text
    assert "src-data" in page.text
    assert "src-template" in page.text
    assert "[데이터]" in page.text
    assert "[템플릿]" in page.text
    assert "사업 파이프라인에 올리기" not in page.text  # partners cannot promote
    md = client.get(f"/planning/candidates/{cid}/onepager.md")
    assert md.status_code == 200
    assert "배경" in md.text


def test_edit_candidate_validates_and_survives_regeneration(planned):
    cid = _open_candidate_ids(planned)[-1]
    client = planned.login("staff")
    path = f"/planning/candidates/{cid}"
    token = csrf_of(client, path)
    before = next(c for c in client.get("/api/v1/candidates").json() if c["id"] == cid)
    bad = client.post(
        f"{path}/edit",
        data={"csrf_token": token, "title": "새 제목", "months_to_first_result": "두 달"},
    )
    assert bad.status_code == 422
    assert "months_to_first_result" in bad.text
    assert 'value="두 달"' in bad.text  # what was typed is kept
    with _session(planned) as session:
        assert session.get(ProjectCandidate, cid).title != "새 제목"
    ok = client.post(
        f"{path}/edit",
        data={
            "csrf_token": token,
            "title": "직접 다듬은 후보",
            "months_to_first_result": "1",
            "cost_mkrw": "50",
            "data_readiness": "0.9",
            "scope": "small",
        },
        follow_redirects=False,
    )
    assert ok.status_code == 303
    after = next(c for c in client.get("/api/v1/candidates").json() if c["id"] == cid)
    assert after["title"] == "직접 다듬은 후보"
    assert after["months_to_first_result"] == 1
    assert after["score"] > before["score"]
    regen = client.post(
        "/planning/candidates/regenerate", data={"csrf_token": token}, follow_redirects=False
    )
    assert regen.status_code == 303
    kept = next(c for c in client.get("/api/v1/candidates").json() if c["id"] == cid)
    assert kept["title"] == "직접 다듬은 후보"
    with _session(planned) as session:
        entries = session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_type == "candidate", AuditEntry.entity_id == str(cid)
            )
        ).all()
        assert "update" in {e.action for e in entries}
    partner = planned.login("partner_tu")
    denied = partner.post(
        f"{path}/edit",
        data={"csrf_token": csrf_of(partner, path), "title": "x"},
    )
    assert denied.status_code == 403


def test_promote_candidate_to_pipeline(planned):
    cid = _open_candidate_ids(planned)[0]
    client = planned.login("staff")
    path = f"/planning/candidates/{cid}"
    token = csrf_of(client, path)
    response = client.post(
        f"{path}/promote",
        data={"csrf_token": token, "owner": "부산테크노파크"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    project_id = int(response.headers["location"].rsplit("/", 1)[1])
    with _session(planned) as session:
        project = session.get(Project, project_id)
        candidate = session.get(ProjectCandidate, cid)
        assert project.stage == "idea"
        assert project.candidate_id == cid
        assert project.owner == "부산테크노파크"
        assert [h.to_stage for h in project.history] == ["idea"]
        assert [p.organisation_id for p in project.partners] == list(candidate.consortium)
        assert candidate.status == "promoted"
        actions = {
            (e.entity_type, e.action)
            for e in session.scalars(select(AuditEntry).where(AuditEntry.actor == "staff"))
        }
        assert {("candidate", "promote"), ("project", "create")} <= actions
    page = client.get(f"/projects/{project_id}")
    assert page.status_code == 200
    assert "아이디어" in page.text
    again = client.post(f"{path}/promote", data={"csrf_token": token})
    assert again.status_code == 409
    assert "이미 사업 파이프라인" in again.text
    with _session(planned) as session:
        assert len(session.scalars(select(Project).where(Project.candidate_id == cid)).all()) == 1


def test_exports(planned):
    client = planned.login("staff")
    api = client.get("/api/v1/candidates").json()
    text = client.get("/planning/candidates/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:6] == ["id", "rank", "title", "use_case", "industry", "score"]
    assert [int(r[0]) for r in rows[1:]] == [c["id"] for c in api]
    book = openpyxl.load_workbook(
        io.BytesIO(client.get("/planning/candidates/export.xlsx?view=quick").content)
    )
    assert book.active.max_row - 1 == len(client.get("/api/v1/candidates?view=quick").json())
    for path in ("/projects/export.csv", "/planning/leadmap/export.csv"):
        assert client.get(path).status_code == 200
    assert client.get("/projects/export.pdf").status_code == 422


def test_briefing_html(planned):
    client = planned.login("partner_tu")
    response = client.get("/council/briefing.html")
    assert response.status_code == 200
    for title in ("정책 동향", "우선 추진 후보 과제", "사업 파이프라인 현황", "미결 조치 사항"):
        assert title in response.text
    assert "data:image/" in response.text  # charts embedded
    stored = [c for c in client.get("/api/v1/candidates").json() if c["status"] == "open"]
    for candidate in stored[:8]:  # the stored ranking, hand edits included
        assert html.escape(candidate["title"]) in response.text
    promoted = [c for c in client.get("/api/v1/candidates").json() if c["status"] == "promoted"]
    assert all(html.escape(c["title"]) not in response.text for c in promoted)
    assert client.get("/council/briefing.docx").status_code == 400


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_briefing_pdf_and_cli(planned, tmp_path, monkeypatch):
    if planned.engine.dialect.name != "sqlite":
        pytest.skip("the PDF is checked once, on SQLite")
    response = planned.login("staff").get("/council/briefing.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "web.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    decoded = text.decode("utf-8")
    for title in ("정책 동향", "신규 수요와 수요 지도", "우선 추진 후보 과제", "미결 조치 사항"):
        assert title in decoded
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True)
    lines = fonts.stdout.splitlines()[2:]
    assert lines
    assert all(line.split()[-5] == "yes" for line in lines)
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    assert len(images.stdout.splitlines()) - 2 >= 2  # charts are embedded as images

    monkeypatch.setenv("AXP_DATABASE_URL", planned.settings.database_url)
    monkeypatch.setenv("AXP_DATA_DIR", str(tmp_path))
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        pass

    eval_app = typer.Typer()
    app.add_typer(eval_app, name="eval")
    register(app, eval_app)
    runner = CliRunner()
    html = tmp_path / "cli.html"
    result = runner.invoke(app, ["report", "briefing", "-o", str(html)])
    assert result.exit_code == 0, result.output
    assert "우선 추진 후보 과제" in html.read_text(encoding="utf-8")
    bad = runner.invoke(app, ["report", "briefing", "-o", str(tmp_path / "x.docx")])
    assert bad.exit_code == 2
    assert "x.docx" in bad.output
    assert not (tmp_path / "x.docx").exists()


def test_service_regenerate_is_staff_only(planned):
    from axpartners.errors import PermissionDenied
    from axpartners.services.actors import Actor

    with _session(planned) as session:
        with pytest.raises(PermissionDenied):
            planning.regenerate_candidates(
                session, actor=Actor(username="p", role="partner", organisation_id="tu")
            )
        # Independent of test order (xdist may run this module's tests in another worker):
        # dismiss one candidate in this transaction, then regenerate.
        row = session.scalars(select(ProjectCandidate).order_by(ProjectCandidate.id)).first()
        row.status = "dismissed"
        session.flush()
        result = planning.regenerate_candidates(session, actor=SYSTEM)
        assert result.created == 0
        assert result.kept >= 1  # dismissed (and any promoted or edited) candidates stay
        session.rollback()


def test_strengths_feed_candidates_and_the_lead_map(planned):
    from axpartners.services import stats_demo

    with transaction(make_session_factory(planned.engine)) as session:
        stats_demo.load_demo_stats(session)  # no-op when the demo loaded them already
        rows = planning_region.region_strengths(session, region="26")
        assert rows
        assert all(r.n_regions and 1 <= r.rca_rank <= r.n_regions for r in rows)
        known = {r.industry for r in rows}
        planning.regenerate_candidates(session, actor=SYSTEM)
    client = planned.login("staff")
    with _session(planned) as session:
        for row in session.scalars(
            select(ProjectCandidate).where(ProjectCandidate.status == "open")
        ):
            features = planning_read.features_of(row)
            if planning_read.is_edited(row):
                continue
            assert (features.density is not None) == (row.industry in known), row.industry
    page = client.get("/planning/leadmap")
    assert page.status_code == 200
    assert page.text.count("<tr><td>") >= 10
    assert "17개 지역 중" in page.text  # the region's standing among the other regions
    assert 'href="/planning/candidates/' in page.text  # fields with a candidate link to it
    # the real KOSIS division data, cited, and said to be the Strengths page's analysis
    assert "DT_1FS1101" in page.text
    assert "브리핑의 지역 기회 분야와 같은 분석" in page.text
    exported = client.get("/planning/leadmap/export.csv").content.decode("utf-8-sig")
    assert len(exported.splitlines()) > 10


class _FakeLlm(BaseHTTPRequestHandler):
    """An OpenAI-compatible endpoint that keeps every figure; it breaks the 'budget' section."""

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        brief = json.loads(body["messages"][-1]["content"])
        sections = []
        for section in brief["sections"]:
            sentences = [f"{s} (다듬음)" for s in section["sentences"]]
            if section["key"] == "budget":
                sentences = [s + " 999" for s in sentences]  # a changed figure: rejected
            sections.append({"key": section["key"], "sentences": sentences})
        reply = {"choices": [{"message": {"content": json.dumps({"sections": sections})}}]}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def test_optional_llm_refine_marks_rewritten_sentences(planned):
    cid = _open_candidate_ids(planned)[0]
    plain = planned.login("staff")
    assert "언어모델로 문장 다듬기" not in plain.get(f"/planning/candidates/{cid}").text
    server = HTTPServer(("127.0.0.1", 0), _FakeLlm)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings = planned.settings.model_copy(
            update={"llm_base_url": f"http://127.0.0.1:{server.server_port}/v1", "llm_model": "m"}
        )
        client = TestClient(
            create_app(settings, engine=planned.engine), base_url="http://testserver"
        )
        login(client, "staff", PASSWORD)
        path = f"/planning/candidates/{cid}"
        page = client.get(path)
        assert "언어모델로 문장 다듬기" in page.text
        refined = client.post(f"{path}/refine", data={"csrf_token": csrf_of(client, path)})
        assert refined.status_code == 200
        assert "(다듬음)" in refined.text
        assert "src-llm" in refined.text
        assert "[LLM]" in refined.text
        assert "999" not in refined.text  # the section whose figures changed kept its text
        assert "7개 섹션을 다듬었습니다(1개 섹션은" in refined.text
    finally:
        server.shutdown()
        server.server_close()
    # nothing is stored: the plain page has the template text again
    assert "(다듬음)" not in plain.get(f"/planning/candidates/{cid}").text


def test_dismiss_candidate_hides_it_from_the_ranking(planned):
    cid = _open_candidate_ids(planned)[-1]
    client = planned.login("staff")
    path = f"/planning/candidates/{cid}"
    response = client.post(
        f"{path}/edit",
        data={"csrf_token": csrf_of(client, path), "status": "dismissed"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert cid not in {c["id"] for c in client.get("/api/v1/candidates").json()}
    assert client.get(path).status_code == 200  # still there, nothing lost


def test_parallel_briefing_downloads(planned):
    if planned.engine.dialect.name != "sqlite":
        pytest.skip("once is enough")
    app = create_app(planned.settings, engine=planned.engine)  # one app, as in a server
    clients = [TestClient(app, base_url="http://testserver") for _ in range(3)]
    for client in clients:
        login(client, "staff", PASSWORD)
    results: list[int] = []

    def fetch(client: TestClient) -> None:
        results.append(client.get("/council/briefing.html").status_code)

    threads = [threading.Thread(target=fetch, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert results == [200, 200, 200]
