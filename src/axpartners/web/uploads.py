"""Reading an uploaded file once, with the configured size limit, for every import page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import UploadFile

from axpartners.config import Settings
from axpartners.errors import InputError
from axpartners.io.tables import Table, read_table


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
