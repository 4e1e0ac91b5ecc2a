"""Background jobs in the browser pages, the JSON API and the CLI, on SQLite and PostgreSQL.

Jobs are executed in-process with ``JobQueue.drain`` / ``JobQueue.run`` (the real Huey task
path, minus the consumer loop); ``test_jobs_worker.py`` covers real worker processes.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from axpartners.db.session import make_session_factory, transaction
from axpartners.db.tables.jobs import Job
from axpartners.jobs.runner import dispose_engines
from axpartners.services import jobs as service
from axpartners.services.actors import SYSTEM
from tests.integration._jobs_helpers import audit_count, count_needs, survey_csv
from tests.integration.conftest import csrf_of

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module", autouse=True)
def _close_worker_engines():
    yield
    dispose_engines()


def _queue(world):
    return service.queue_for(world.settings)


def _factory(world):
    return make_session_factory(world.engine)


def _job(world, job_id: str) -> Job:
    with _factory(world)() as session:
        job = session.get(Job, job_id)
        assert job is not None
        session.expunge(job)
        return job


def _submit(world, kind: str, **kwargs) -> str:
    with transaction(_factory(world)) as session:
        view = service.submit_job(session, actor=SYSTEM, queue=_queue(world), kind=kind, **kwargs)
    return view.id


def test_large_import_page_runs_job_with_progress(world):
    client = world.login("staff")
    page = client.get("/needs/import/large")
    assert page.status_code == 200
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', page.text).group(1)
    token = csrf_of(client, "/needs/import/large")
    data = survey_csv(300, tag="web")
    form = {"csrf_token": token, "idempotency_key": key}
    files = {"file": ("survey.csv", data, "text/csv")}
    posted = client.post("/needs/import/large", data=form, files=files, follow_redirects=False)
    assert posted.status_code == 303
    job_id = posted.headers["location"].rsplit("/", 1)[1]
    # A double submit of the same form (same key) is the same job, not a second import.
    again = client.post("/needs/import/large", data=form, files=files, follow_redirects=False)
    assert again.headers["location"] == posted.headers["location"]

    queued = client.get(f"/jobs/{job_id}/progress")
    assert 'hx-trigger="every 1s"' in queued.text  # still polling
    assert "<progress" in client.get(f"/jobs/{job_id}").text

    assert _queue(world).drain() >= 1
    done = client.get(f"/jobs/{job_id}/progress")
    assert "hx-trigger" not in done.text  # polling stops once final
    assert 'value="300" max="300"' in done.text
    with _factory(world)() as session:
        assert count_needs(session, tag="web") == 300
        assert audit_count(session, action="job_done", entity_id=job_id) == 1
    job = _job(world, job_id)
    assert job.status == "done"
    assert job.attempts == 1
    assert job.result == {"rows": 300, "created": 300, "duplicates": 0}
    assert job.input_blob is None  # the upload is dropped once imported
    assert job_id in client.get("/jobs").text


def test_access_rules(world):
    job_id = _submit(world, "noop")
    assert world.login("partner_tu").get(f"/jobs/{job_id}").status_code == 403
    assert world.login("partner_tu").get("/api/v1/jobs").status_code == 403
    assert world.login("staff").get("/admin/jobs").status_code == 403
    anonymous = world.client().get("/admin/jobs", follow_redirects=False)
    assert anonymous.status_code in (302, 303)
    assert "/login" in anonymous.headers["location"]
    assert world.client().get(f"/api/v1/jobs/{job_id}").status_code == 401
    assert world.login("staff").get("/jobs/no-such-job").status_code == 404


def test_api_submit_is_idempotent_and_reports_progress(world):
    token = (
        world.client()
        .post("/api/v1/auth/login", json={"username": "staff", "password": "test-Password-1"})
        .json()["token"]
    )
    api = world.client()
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "reindex-1"}
    first = api.post("/api/v1/jobs", json={"kind": "search_reindex", "full": True}, headers=headers)
    second = api.post(
        "/api/v1/jobs", json={"kind": "search_reindex", "full": True}, headers=headers
    )
    assert first.status_code == second.status_code == 202
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["status"] == "queued"
    _queue(world).drain()
    got = api.get(f"/api/v1/jobs/{first.json()['id']}", headers=headers).json()
    assert got["status"] == "done"
    assert got["percent"] == 100
    with _factory(world)() as session:
        from axpartners.services.needs import count_needs as all_needs

        assert got["result"]["documents"] == all_needs(session)
    bad = api.post("/api/v1/jobs", json={"kind": "drop-tables"}, headers=headers)
    assert bad.status_code == 422


def test_briefing_job_stores_the_pdf(world):
    client = world.login("admin")
    token = csrf_of(client, "/jobs")
    posted = client.post(
        "/jobs/start", data={"csrf_token": token, "kind": "briefing"}, follow_redirects=False
    )
    assert posted.status_code == 303
    job_id = posted.headers["location"].rsplit("/", 1)[1]
    _queue(world).drain()
    result = client.get(f"/jobs/{job_id}/result")
    assert result.status_code == 200, _job(world, job_id).error
    assert result.content.startswith(b"%PDF")
    assert world.login("partner_tu").get(f"/jobs/{job_id}/result").status_code == 403


def test_cli_run_import_shows_progress_and_lists_jobs(world, tmp_path, monkeypatch):
    import typer

    from axpartners.cli.jobs import register

    monkeypatch.setenv("AXP_DATABASE_URL", world.settings.database_url)
    monkeypatch.setenv("AXP_DATA_DIR", str(world.settings.data_dir))
    monkeypatch.setenv("AXP_SECRET_KEY", world.settings.secret_key)
    app, eval_app = typer.Typer(), typer.Typer()
    app.add_typer(eval_app, name="eval")
    register(app, eval_app)
    survey = tmp_path / "cli.csv"
    survey.write_bytes(survey_csv(120, tag="cli"))
    runner = CliRunner()
    result = runner.invoke(app, ["jobs", "run-import", "needs", str(survey)])
    assert result.exit_code == 0, result.output
    assert "120 needs imported" in result.output
    assert "120/120" in result.output  # the rich progress bar's final state
    listed = runner.invoke(app, ["jobs", "list", "--status", "done"])
    assert listed.exit_code == 0
    assert "needs_import" in listed.output
    bad = tmp_path / "bad.csv"
    bad.write_bytes(survey_csv(10, tag="clibad", bad_row=3))
    failed = runner.invoke(app, ["jobs", "run-import", "needs", str(bad)])
    assert failed.exit_code == 2
    assert "bad.csv:4:consent" in failed.output
    with _factory(world)() as session:
        assert count_needs(session, tag="cli") == 120
        assert count_needs(session, tag="clibad") == 0


def test_versioned_partner_edit_refuses_stale_versions(world):
    client = world.login("partner_tu")
    version = client.get("/api/v1/partners/tu/version")
    assert version.status_code == 200
    etag = version.headers["etag"]
    body = {"id": "tu", "name": "동명대학교", "kind": "university", "description": "v2"}
    assert client.put("/api/v1/partners/tu/versioned", json=body).status_code == 422
    updated = client.put("/api/v1/partners/tu/versioned", json=body, headers={"If-Match": etag})
    assert updated.status_code == 200
    assert updated.headers["etag"] != etag
    assert updated.headers["etag"] == client.get("/api/v1/partners/tu/version").headers["etag"]
    stale = client.put(
        "/api/v1/partners/tu/versioned",
        json=body | {"description": "v3"},
        headers={"If-Match": etag},
    )
    assert stale.status_code == 409
    assert client.get("/api/v1/partners/tu").json()["description"] == "v2"
    other = client.get("/api/v1/partners/pnu/version").headers["etag"]
    denied = client.put(
        "/api/v1/partners/pnu/versioned",
        json=body | {"id": "pnu", "name": "부산대학교"},
        headers={"If-Match": other},
    )
    assert denied.status_code == 403
