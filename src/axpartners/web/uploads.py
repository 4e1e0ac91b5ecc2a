"""Reading an uploaded file once, with the configured size limit, for every import page.

Import pages take a FastAPI ``UploadFile`` (:func:`read_upload`); the policy upload, whose
documents may be large and hostile (SPEC §7), reads the raw body with a cap first
(:func:`read_capped_body`, then :func:`uploaded_file`): the declared ``Content-Length`` is
checked before reading, then the stream is counted, so an oversized file is refused unread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import Request, UploadFile
from starlette.datastructures import UploadFile as FormFile

from axpartners.config import Settings
from axpartners.errors import InputError, UploadTooLarge
from axpartners.io.tables import Table, read_table

MULTIPART_SLACK = 64 * 1024
"""Room for the multipart envelope (boundaries, headers, the CSRF field) above the file limit."""


@dataclass(frozen=True, slots=True)
class Upload:
    """The bytes of an upload (at most ``limit + 1`` read), its file name without folders."""

    name: str
    data: bytes
    limit: int
    limit_mb: int

    def check_size(self) -> None:
        """``import.too_large`` when the upload went past the limit."""
        if len(self.data) > self.limit:
            raise InputError(
                "import.too_large",
                file=self.name,
                size_mb=round(len(self.data) / 2**20, 1),
                limit_mb=self.limit_mb,
            )

    def table(self) -> Table:
        """The upload as a CSV/XLSX table (size, encoding and format checked)."""
        return read_table(self.data, name=self.name, max_bytes=self.limit)


async def read_upload(
    file: UploadFile, settings: Settings, *, default_name: str = "upload"
) -> Upload:
    """Read one byte past the limit: enough to say "too large" without reading the rest."""
    limit = settings.max_upload_mb * 2**20
    data = await file.read(limit + 1)
    return Upload(
        name=Path(file.filename or default_name).name,
        data=data,
        limit=limit,
        limit_mb=settings.max_upload_mb,
    )


def upload_limit(settings: Settings) -> int:
    return settings.max_upload_mb * 2**20


def too_large(size: int, limit: int) -> UploadTooLarge:
    return UploadTooLarge(
        "policy.too_large",
        file="",
        size_mb=round(size / 2**20, 1),
        limit_mb=round(limit / 2**20, 1),
    )


async def read_capped_body(request: Request, *, limit: int) -> None:
    """Read the request body, refusing it as soon as it exceeds ``limit`` + envelope.

    A declared ``Content-Length`` over the cap is refused before reading anything; a chunked
    body is counted as it arrives. The body is then cached on the request so that
    ``request.form()`` (and the CSRF check) parse it from memory.
    """
    cap = limit + MULTIPART_SLACK
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise too_large(int(declared), limit)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > cap:
            raise too_large(len(body), limit)
    # starlette replays a cached body to form() and the CSRF check
    request._body = bytes(body)


async def uploaded_file(request: Request, *, limit: int) -> tuple[str, bytes]:
    """The ``file`` field of a multipart form already read by :func:`read_capped_body`."""
    try:
        form = await request.form(max_files=1, max_fields=10)
    except (ValueError, KeyError, AssertionError) as exc:
        raise InputError("policy_service.bad_upload", detail=str(exc)[:100]) from None
    upload = form.get("file")
    if not isinstance(upload, FormFile) or not upload.filename:
        raise InputError("policy_service.no_file_chosen")
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise too_large(len(data), limit)
    return upload.filename, data
