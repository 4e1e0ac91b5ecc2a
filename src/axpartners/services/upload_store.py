"""Uploads kept between a preview and its confirmation, under ``<data_dir>/uploads``.

A previewed file is stored under a random token (``<token>.bin`` with its bytes and
``<token>.name`` with its original name); the confirm step reads it back by token and
discards it once imported. A token is URL-safe base64 and never a path.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from axpartners.errors import InputError, NotFound

SUFFIXES = (".bin", ".name")


def _folder(data_dir: Path) -> Path:
    folder = data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stash(data_dir: Path, *, data: bytes, name: str) -> str:
    """Keep ``data`` (uploaded as ``name``) and return the token that reads it back."""
    token = secrets.token_urlsafe(16)
    folder = _folder(data_dir)
    (folder / f"{token}.bin").write_bytes(data)
    (folder / f"{token}.name").write_text(name, encoding="utf-8")
    return token


def load(data_dir: Path, token: str) -> tuple[bytes, str]:
    """The bytes and original name kept under ``token``.

    Raises:
        InputError ``import.bad_value``: the token is not a token (preview again).
        NotFound: nothing is kept under it (already imported, or never previewed).
    """
    if not token.replace("-", "").replace("_", "").isalnum():
        raise InputError("import.bad_value", column="token", value=token[:20], hint="preview again")
    folder = _folder(data_dir)
    try:
        data = (folder / f"{token}.bin").read_bytes()
        name = (folder / f"{token}.name").read_text(encoding="utf-8")
    except OSError:
        raise NotFound("not_found", what="upload", key=token) from None
    return data, name


def discard(data_dir: Path, token: str) -> None:
    folder = _folder(data_dir)
    for suffix in SUFFIXES:
        (folder / f"{token}{suffix}").unlink(missing_ok=True)
