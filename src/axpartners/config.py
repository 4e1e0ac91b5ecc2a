"""Settings from the environment (``AXP_*``) or a ``.env`` file, built once per app/CLI run."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_PLACEHOLDERS = {"", "changeme", "change-me", "secret"}


class Settings(BaseSettings):
    """Typed configuration. Construct it in ``create_app()`` / the CLI callback, never at import."""

    model_config = SettingsConfigDict(env_prefix="AXP_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = Field(default="", description="SQLAlchemy URL; default sqlite under var/")
    data_dir: Path = Path("var")
    region_code: str = "26"
    strengths_scope: str = Field(
        default="10-34",
        description="KSIC divisions opportunities and the lead map are drawn from (AXP_STRENGTHS_SCOPE,"
        " e.g. '10-34' manufacturing, '10-34,58,62-63', 'C', '*' for all)",
    )
    council_name_ko: str = "부산테크노파크 AI전략 파트너스 협의회"
    council_name_en: str = "Busan Technopark AI Strategy Partners Council"
    secret_key: str = ""
    session_max_age_s: int = 8 * 3600
    cookie_secure: bool = False
    public_rate_limit_per_minute: int = 10
    login_attempts_per_minute: int = 5
    max_upload_mb: int = 20
    taxonomy_extra: Path | None = None
    classifier_model: Path | None = Field(
        default=None,
        description="Trained classifier (.npz) that axp classify uses when --model is not given",
    )
    llm_base_url: str | None = None
    llm_model: str | None = None
    redis_url: str | None = None

    @model_validator(mode="after")
    def _defaults_and_guards(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'axpartners.db'}"
        if self.secret_key in _PLACEHOLDERS:
            if self.environment == "production":
                raise ValueError("AXP_SECRET_KEY must be set to a random value in production")
            self.secret_key = _development_secret(self.data_dir)
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _development_secret(data_dir: Path) -> str:
    """A random key persisted under ``data_dir`` so sessions survive restarts, never in the repo."""
    path = data_dir / "secret_key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.write_text(key, encoding="ascii")
        path.chmod(0o600)
        return key
