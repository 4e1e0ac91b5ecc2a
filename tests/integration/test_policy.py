"""Policy wired in, on SQLite and PostgreSQL: upload (web and API), item tree with tags, search,
alignment with needs/partners/strengths, comparison, CLI import, demo, hostile uploads."""

from __future__ import annotations

import asyncio
import io
import itertools
import re
import threading
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from axpartners.db.session import make_session_factory, transaction
from axpartners.db.tables import AuditEntry, PolicyDocument, PolicyItem
from axpartners.errors import Conflict, InputError
from axpartners.services import policy as service
from axpartners.services.actors import Actor
from tests.integration.conftest import PASSWORD, csrf_of

pytestmark = pytest.mark.integration

DATA = Path(__file__).resolve().parents[1] / "data" / "policy"
STAFF = Actor(username="staff", role="secretariat")
PARTNER = Actor(username="partner_tu", role="partner", organisation_id="tu")


def _count(world, model=PolicyDocument) -> int:
    with make_session_factory(world.engine)() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _upload(client, name: str, data: bytes, *, path: str = "/policy/upload"):
    token = csrf_of(client, "/policy")
    return client.post(
        path,
        data={"csrf_token": token},
        files={"file": (name, data, "application/octet-stream")},
        follow_redirects=False,
    )


def _doc_id(response) -> int:
    assert response.status_code == 303, response.text[:500]
    match = re.fullmatch(r"/policy/documents/(\d+)", response.headers["location"])
    assert match, response.headers["location"]
    return int(match.group(1))


@pytest.fixture(scope="module")
def staff(world):
    return world.login("staff")


@pytest.fixture(scope="module")
def uploaded(world, staff):
    """The HWPX and the PDF of the same plan uploaded through the web form."""
    hwpx = _doc_id(_upload(staff, "plan.hwpx", (DATA / "plan.hwpx").read_bytes()))
    pdf = _doc_id(_upload(staff, "plan.pdf", (DATA / "plan.pdf").read_bytes()))
    return {"hwpx": hwpx, "pdf": pdf}


def test_anonymous_and_partner_permissions(world):
    anonymous = world.client()
    response = anonymous.get("/policy", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
    for path in ("/api/v1/policy/items?q=AI", "/api/v1/policy/documents"):
        assert anonymous.get(path).status_code == 401, path
    files = {"file": ("plan.txt", b"1. AI", "text/plain")}
    assert anonymous.post("/api/v1/policy/documents", files=files).status_code == 401
    partner = world.login("partner_tu")
    page = partner.get("/policy")
    assert page.status_code == 200
    assert 'action="/policy/upload"' not in page.text  # no upload form for members
    before = _count(world)
    assert _upload(partner, "plan.txt", (DATA / "plan_utf8.txt").read_bytes()).status_code == 403
    assert partner.post("/api/v1/policy/documents", files=files).status_code == 403
    assert _count(world) == before


def test_upload_hwpx_and_pdf_shows_item_tree_with_tags(world, staff, uploaded):
    page = staff.get(f"/policy/documents/{uploaded['hwpx']}")
    assert page.status_code == 200
    html = page.text
    assert "2026년 제조 AI 전환(AX) 추진계획" in html
    # the tree, indented by level, with chips grouped by kind and the evidence on hover
    assert 'class="node level-1 role-chapter"' in html
    assert 'class="node level-3 role-sub"' in html
    assert "AI 비전검사 보급" in html
    assert re.search(r'class="tag kind-use_case" title="근거: [^"]*비전검사[^"]*">비전 검사', html)
    assert re.search(r'class="tag kind-budget" title="근거: 120억원">120억원<', html)
    assert "해양수산부" in html
    with make_session_factory(world.engine)() as session:
        amounts = {
            int(t["value"])
            for i in session.get(PolicyDocument, uploaded["hwpx"]).items
            for t in i.tags
            if t["kind"] == "budget"
        }
    assert len(amounts) >= 3
    assert f"<dd>{sum(amounts) / 10**8:,.0f}억원 " in html  # total of the distinct amounts
    assert "OCR 필요" not in html
    pdf = staff.get(f"/policy/documents/{uploaded['pdf']}").text
    # the PDF has a page without a text layer, and page numbers on the items
    assert "OCR 필요" in pdf
    assert "텍스트 층이 없는 쪽: 3" in pdf
    assert re.search(r'class="page">2쪽<', pdf)
    with make_session_factory(world.engine)() as session:
        doc = session.get(PolicyDocument, uploaded["pdf"])
        assert doc.format == "pdf"
        assert doc.year == 2026
        assert doc.uploaded_by == "staff"
        assert service.ocr_pages(doc) == [3]
        positions = [i.position for i in doc.items]
        assert positions == sorted(positions)
        assert len(positions) >= 15
        vision = next(i for i in doc.items if i.title == "AI 비전검사 보급")
        assert vision.page == 2
        assert vision.level == 3
        assert vision.path == "Ⅱ > 1 > 가"
        assert any(
            t["kind"] == "use_case" and t["value"] == "vision-inspection" for t in vision.tags
        )
        audits = session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_type == "policy_document",
                AuditEntry.entity_id == str(uploaded["pdf"]),
            )
        ).all()
        assert [a.action for a in audits] == ["policy.ingest"]
        assert audits[0].actor == "staff"
    library = staff.get("/policy").text
    assert "plan.hwpx" in library
    assert "plan.pdf" in library


def test_same_file_twice_is_a_conflict_and_stores_nothing(world, staff, uploaded):
    before = (_count(world), _count(world, PolicyItem))
    response = _upload(staff, "renamed.hwpx", (DATA / "plan.hwpx").read_bytes())
    assert response.status_code == 409
    assert "이미 등록된 문서입니다" in response.text
    assert f'href="/policy/documents/{uploaded["hwpx"]}"' in response.text
    assert (_count(world), _count(world, PolicyItem)) == before


def test_search_items_page_fragment_and_api(world, staff, uploaded):
    fragment = staff.get("/policy", params={"q": "예지보전을"}, headers={"hx-request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "설비 예지보전" in fragment.text
    assert "비전검사 보급" not in fragment.text
    items = staff.get("/api/v1/policy/items", params={"q": "크레인 예지보전"}).json()
    assert items, "no hits"
    assert "크레인" in items[0]["text"]
    assert {i["document_id"] for i in items} >= {uploaded["hwpx"], uploaded["pdf"]}
    assert all(a["score"] >= b["score"] for a, b in itertools.pairwise(items))
    only_pdf = staff.get(
        "/api/v1/policy/items", params={"q": "예지보전", "document_id": uploaded["pdf"]}
    ).json()
    assert only_pdf
    assert {i["document_id"] for i in only_pdf} == {uploaded["pdf"]}
    assert staff.get("/api/v1/policy/items", params={"q": "존재하지않는낱말"}).json() == []
    tagged = staff.get(
        "/api/v1/policy/items", params={"use_case": "predictive-maintenance", "limit": 500}
    ).json()
    assert tagged
    assert all(any(t["value"] == "predictive-maintenance" for t in i["tags"]) for i in tagged)
    # a partner (member) may search too
    assert world.login("partner_pnu").get("/api/v1/policy/items?q=비전검사").status_code == 200


def test_item_alignment_needs_partners_and_strengths(world, staff, uploaded):
    from axpartners.services import stats_demo

    with transaction(make_session_factory(world.engine)) as session:
        stats_demo.load_demo_stats(session)
    with make_session_factory(world.engine)() as session:
        doc = session.get(PolicyDocument, uploaded["hwpx"])
        vision = next(i for i in doc.items if i.title == "AI 비전검사 보급")
        vision_id = vision.id
    body = staff.get(f"/api/v1/policy/items/{vision_id}").json()
    align = body["alignment"]
    assert "vision-inspection" in align["use_cases"]
    assert "31" in align["industries"]  # from the sub-item (조선기자재)
    assert align["needs"], "no related needs"
    top_need = align["needs"][0]
    assert top_need["label"] == "vision-inspection"
    assert top_need["label_match"]
    assert all(n["region"] in (None, "", "26") for n in align["needs"])
    assert align["partners"]
    assert align["partners"][0]["reasons"]
    assert align["strengths_available"]
    # the demo statistics are KOSIS manufacturing divisions (older demo data: KSIC sections),
    # so 조선기자재 reaches division 31 (or section C)
    by_industry = {(s["industry"], s["via"]): s for s in align["strengths"]}
    key = ("31", "industry") if ("31", "industry") in by_industry else ("C", "industry")
    assert key in by_industry
    assert by_industry[key]["kind"] in ("specialisation", "opportunity")
    assert ("52", "industry") not in by_industry
    assert ("H", "industry") not in by_industry
    page = staff.get(f"/policy/items/{vision_id}")
    assert page.status_code == 200
    assert "이 과제에 맞는 부산의 수요와 파트너" in page.text
    assert 'id="aligned-needs"' in page.text
    assert 'id="aligned-partners"' in page.text
    assert align["partners"][0]["name"] in page.text
    # a chapter without its own tags is aligned through its tasks
    with make_session_factory(world.engine)() as session:
        doc = session.get(PolicyDocument, uploaded["hwpx"])
        chapter = next(i for i in doc.items if i.level == 1 and i.title == "추진 과제")
        chapter_id = chapter.id
    chapter_align = staff.get(f"/api/v1/policy/items/{chapter_id}").json()["alignment"]
    assert {"vision-inspection", "predictive-maintenance"} <= set(chapter_align["use_cases"])
    assert staff.get("/api/v1/policy/items/999999").status_code == 404


def test_api_upload_with_bearer_token_and_compare(world, uploaded):
    client = world.client()
    token = client.post(
        "/api/v1/auth/login", json={"username": "staff", "password": PASSWORD}
    ).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    changed = (DATA / "plan_utf8.txt").read_text(encoding="utf-8")
    changed = changed.replace("항만 크레인 예지보전 실증", "항만 크레인 예지보전 실증 확대")
    changed = changed.replace(
        "  2. 데이터 기반 구축",
        "  2. 산업안전 AI\n    가. 작업자 위험 감지 실증\n  3. 데이터 기반 구축",
    )
    response = client.post(
        "/api/v1/policy/documents",
        headers=auth,
        files={"file": ("plan_2027.txt", changed.encode("utf-8"), "text/plain")},
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["format"] == "txt"
    assert created["items"] > 10
    again = client.post(
        "/api/v1/policy/documents",
        headers=auth,
        files={"file": ("again.txt", changed.encode("utf-8"), "text/plain")},
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "policy_service.duplicate"
    listed = client.get("/api/v1/policy/documents", headers=auth).json()
    assert {d["id"] for d in listed} >= {created["id"], uploaded["hwpx"]}
    detail = client.get(f"/api/v1/policy/documents/{uploaded['pdf']}", headers=auth).json()
    assert detail["pages_without_text"] == [3]
    assert len(detail["item_list"]) == detail["items"]
    staff = world.login("staff")
    page = staff.get("/policy/compare", params={"a": uploaded["hwpx"], "b": created["id"]})
    assert page.status_code == 200
    html = page.text
    added = html.split('id="added"')[1].split("</section>")[0]
    assert "산업안전 AI" in added
    assert "작업자 위험 감지 실증" in added
    changed_part = html.split('id="changed"')[1].split("</section>")[0]
    assert "항만 크레인" in changed_part
    assert "설비 예지보전" not in changed_part  # its own text did not change


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _textless_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.rect(100, 100, 200, 200, fill=1)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


HWPX_MIME = {"mimetype": b"application/hwp+zip"}
BAD_UPLOADS = {
    "wrong_extension": ("plan.hwpx", (DATA / "plan.pdf").read_bytes() + b"\n%x\n", "확장자"),
    "zip_bomb": ("bomb.hwpx", _zip({**HWPX_MIME, "Contents/section0.xml": bytes(5_000_000)}), ""),
    "traversal": ("evil.hwpx", _zip({**HWPX_MIME, "../../etc/passwd": b"x"}), ""),
    "corrupt_hwp": ("broken.hwp", bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 600, ""),
    "no_text_pdf": ("scan.pdf", _textless_pdf(), "OCR"),
    "empty": ("empty.txt", b"   ", ""),
}


@pytest.mark.parametrize("case", sorted(BAD_UPLOADS))
def test_hostile_uploads_are_refused_with_a_korean_message(world, staff, case):
    name, data, expected = BAD_UPLOADS[case]
    before = (_count(world), _count(world, PolicyItem))
    response = _upload(staff, name, data)
    assert 400 <= response.status_code < 500, (case, response.status_code)
    message = re.search(r'<p class="error" role="alert">(.*?)</p>', response.text, re.S)
    assert message, response.text[:300]
    assert re.search(r"[가-힣]", message.group(1))
    assert expected in message.group(1)
    assert "Traceback" not in response.text
    assert (_count(world), _count(world, PolicyItem)) == before


def _raw_upload(world, cookies: str, *, declare: int | None, chunks: int) -> tuple[int, int]:
    """POST a multipart body of ``chunks`` MiB straight to the ASGI app, counting how many
    chunks the app pulled before answering."""
    from axpartners.web.app import create_app

    app = create_app(world.settings, engine=world.engine)
    pulled = 0
    boundary = b"xyz"
    head = (
        b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; '
        b'filename="big.pdf"\r\n\r\n%PDF-1.4\n'
    )
    chunk = b"0" * 2**20

    async def receive() -> dict[str, object]:
        nonlocal pulled
        pulled += 1
        if pulled == 1:
            return {"type": "http.request", "body": head, "more_body": True}
        return {"type": "http.request", "body": chunk, "more_body": pulled <= chunks}

    status: list[int] = []

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.start":
            status.append(int(message["status"]))  # type: ignore[call-overload]

    headers = [
        (b"host", b"testserver"),
        (b"content-type", b"multipart/form-data; boundary=" + boundary),
        (b"cookie", cookies.encode()),
    ]
    if declare is not None:
        headers.append((b"content-length", str(declare).encode()))
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/api/v1/policy/documents", "raw_path": b"/api/v1/policy/documents",
        "query_string": b"", "headers": headers, "client": ("127.0.0.1", 1), "server": ("testserver", 80),
    }  # fmt: skip
    # A fresh event loop in its own thread: the browser tests (Playwright's sync API) may share
    # this worker process and keep a loop running in the main thread.
    worker = threading.Thread(target=lambda: asyncio.run(app(scope, receive, send)))
    worker.start()
    worker.join()
    return status[0], pulled


def test_200_mb_upload_is_refused_without_reading_it(world, staff):
    cookies = "; ".join(f"{k}={v}" for k, v in staff.cookies.items())
    before = _count(world)
    limit_mb = world.settings.max_upload_mb
    status, pulled = _raw_upload(world, cookies, declare=200 * 2**20, chunks=200)
    assert status == 413
    assert pulled == 0
    status, pulled = _raw_upload(world, cookies, declare=None, chunks=200)
    assert status == 413
    assert pulled <= limit_mb + 2
    assert _count(world) == before
    # and through the page form with a declared size: Korean message, nothing stored
    response = staff.post(
        "/policy/upload",
        content=b"x" * 1024,
        headers={
            "content-type": "multipart/form-data; boundary=xyz",
            "content-length": str(200 * 2**20),
        },
    )
    assert response.status_code == 413
    assert "너무 큽니다" in response.text  # the app-wide guard or this route's own cap
    # a file just over the limit (inside the multipart slack): this route's own message
    just_over = b"%PDF-1.4\n" + b"0" * (limit_mb * 2**20)
    response = _upload(staff, "big.pdf", just_over)
    assert response.status_code == 413
    assert "문서가 너무 큽니다" in response.text
    assert _count(world) == before


def test_cli_import_demo_and_service_rules(world, tmp_path):
    factory = make_session_factory(world.engine)
    with transaction(factory) as session:
        line = service.import_policy_file(session, actor=STAFF, path=DATA / "plan.docx")
    assert line.startswith("plan.docx: policy document ")
    assert "items" in line
    with transaction(factory) as session:
        again = service.import_policy_file(session, actor=STAFF, path=DATA / "plan.docx")
    assert "already imported" in again
    with transaction(factory) as session:
        with pytest.raises(InputError) as err:
            service.import_policy_file(session, actor=STAFF, path=tmp_path / "missing.pdf")
        assert err.value.code == "policy.no_file"
        with pytest.raises(Conflict):
            service.ingest_document(
                session, actor=STAFF, data=(DATA / "plan.docx").read_bytes(), filename="x.docx"
            )
        from axpartners.errors import PermissionDenied

        with pytest.raises(PermissionDenied):
            service.ingest_document(session, actor=PARTNER, data=b"1. AI", filename="a.txt")
    with transaction(factory) as session:
        service.load_demo_policy(session)  # `axp demo` may have loaded it already
        demo_id = session.scalar(
            select(PolicyDocument.id).where(PolicyDocument.title.contains("예시"))
        )
        service.delete_document(session, actor=STAFF, document_id=demo_id)
    with transaction(factory) as session:
        assert service.load_demo_policy(session) == 1
    with transaction(factory) as session:
        assert service.load_demo_policy(session) == 0
        demo = session.scalar(select(PolicyDocument).where(PolicyDocument.title.contains("예시")))
        assert demo is not None
        assert demo.year == 2026
        tags = {(t["kind"], t["value"]) for i in demo.items for t in i.tags or ()}
        assert {("use_case", "vision-inspection"), ("use_case", "predictive-maintenance"),
                ("use_case", "digital-twin-simulation"), ("industry", "31"),
                ("ministry", "산업통상부")} <= tags  # fmt: skip
    assert service.clean_filename("../../etc/passwd") == "passwd"
    assert service.clean_filename("C:\\Users\\x\\계획.hwp") == "계획.hwp"


def test_every_policy_page_is_translated_in_both_languages(world, uploaded):
    client = world.login("staff")
    with make_session_factory(world.engine)() as session:
        item_id = session.scalar(
            select(PolicyItem.id).where(PolicyItem.document_id == uploaded["pdf"]).limit(1)
        )
    paths = [
        "/policy?q=비전검사",
        f"/policy/documents/{uploaded['pdf']}",
        f"/policy/items/{item_id}",
        f"/policy/compare?a={uploaded['hwpx']}&b={uploaded['pdf']}",
    ]
    for locale, marker in (("ko", "과제"), ("en", "item")):
        client.get(f"/lang/{locale}", follow_redirects=False)
        for path in paths:
            page = client.get(path)
            assert page.status_code == 200, path
            assert "ui.policy." not in page.text, (locale, path)
            assert "policy.tag_kind." not in page.text, (locale, path)
            assert marker in page.text.lower(), (locale, path)


def test_export_rows_one_per_item_with_tag_columns(world, uploaded):
    from axpartners.io.tables import read_table, write_csv

    with make_session_factory(world.engine)() as session:
        header, rows = service.export_rows(session)
        stored = session.scalar(select(func.count()).select_from(PolicyItem))
    assert len(rows) == stored
    table = read_table(write_csv(header, rows), name="policy.csv")
    records = [r for _, r in table.records() if r["document_id"] == str(uploaded["pdf"])]
    vision = next(r for r in records if r["title"] == "AI 비전검사 보급")
    assert vision["doc"] == "plan.pdf"
    assert vision["page"] == "2"
    assert vision["use_cases"] == "vision-inspection"
    crane = next(r for r in records if "크레인" in r["title"])
    assert set(crane["use_cases"].split(";")) >= {"predictive-maintenance"}
    assert crane["ministries"] == "해양수산부"
    assert crane["years"].split(";") == ["2026", "2027"]


def test_staff_delete_removes_items_from_search_and_is_audited(world, staff):
    text = "1. 해상풍력 블레이드 균열 드론 점검\n  가. 드론 영상으로 블레이드 균열 검출 실증\n"
    with transaction(make_session_factory(world.engine)) as session:
        doc_id = service.ingest_document(
            session, actor=STAFF, data=text.encode("utf-8"), filename="wind.txt"
        ).id
    hits = staff.get("/api/v1/policy/items", params={"q": "블레이드 균열"}).json()
    assert {h["document_id"] for h in hits} == {doc_id}
    partner = world.login("partner_tu")
    token = csrf_of(partner, "/policy")
    refused = partner.post(
        f"/policy/documents/{doc_id}/delete", data={"csrf_token": token}, follow_redirects=False
    )
    assert refused.status_code == 403
    token = csrf_of(staff, "/policy")
    response = staff.post(
        f"/policy/documents/{doc_id}/delete", data={"csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303
    assert staff.get("/api/v1/policy/items", params={"q": "블레이드 균열"}).json() == []
    assert staff.get(f"/policy/documents/{doc_id}").status_code == 404
    with make_session_factory(world.engine)() as session:
        left = session.scalar(
            select(func.count()).select_from(PolicyItem).where(PolicyItem.document_id == doc_id)
        )
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity_id == str(doc_id),
                                            AuditEntry.entity_type == "policy_document")
        ).all()  # fmt: skip
    assert left == 0
    assert sorted(actions) == ["policy.delete", "policy.ingest"]
