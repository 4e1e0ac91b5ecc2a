"""App-level fixtures: a migrated database with the demo data and users of every role."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from axpartners.config import Settings
from axpartners.db.session import make_session_factory, transaction
from axpartners.services import demo, users
from axpartners.services.actors import SYSTEM
from axpartners.web.app import create_app

PASSWORD = "test-Password-1"
ROLE_USERS = {
    "admin": None,
    "staff": "secretariat",
    "partner_tu": "partner",
    "partner_pnu": "partner",
}


@dataclass
class World:
    engine: Engine
    settings: Settings

    def client(self) -> TestClient:
        return TestClient(
            create_app(self.settings, engine=self.engine), base_url="http://testserver"
        )

    def login(self, username: str) -> TestClient:
        client = self.client()
        login(client, username, PASSWORD)
        return client


def csrf_of(client: TestClient, path: str = "/login") -> str:
    page = client.get(path)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client: TestClient, username: str, password: str) -> None:
    token = csrf_of(client)
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


@pytest.fixture(scope="module")
def world(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    data_dir: Path = tmp_path_factory.mktemp("var")
    settings = Settings(
        environment="test",
        data_dir=data_dir,
        database_url=engine.url.render_as_string(hide_password=False),
        secret_key="test-secret-key-not-for-production",
        public_rate_limit_per_minute=1000,
    )
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        demo.load_demo(session)
        users.create_user(session, actor=SYSTEM, username="admin", password=PASSWORD, role="admin")
        users.create_user(
            session, actor=SYSTEM, username="staff", password=PASSWORD, role="secretariat"
        )
        users.create_user(
            session,
            actor=SYSTEM,
            username="partner_tu",
            password=PASSWORD,
            role="partner",
            organisation_id="tu",
        )
        users.create_user(
            session,
            actor=SYSTEM,
            username="partner_pnu",
            password=PASSWORD,
            role="partner",
            organisation_id="pnu",
        )
    return World(engine=engine, settings=settings)
