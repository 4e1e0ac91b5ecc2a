"""Hostile-upload guard for zip containers (HWPX, DOCX): SPEC §7.

Checks happen before inflating anything: member count, unsafe names (absolute paths, ``..``,
drive letters), declared uncompressed sizes against a total budget and a per-member
compression-ratio cap. Members are then inflated in chunks and reading stops as soon as the
real size passes the declared one or the budget, so a forged header cannot get past it either.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

from axpartners.errors import InputError

MAX_MEMBERS = 5000
MAX_RATIO = 200
"""Deflate reaches ~1000:1 at best; real office XML stays well under 100:1."""
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class ZipLimits:
    max_total: int = 200 * 1024 * 1024
    max_member: int = 64 * 1024 * 1024


def is_unsafe_name(name: str) -> bool:
    """Absolute paths, drive letters, backslashes and ``..`` segments are refused."""
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return True
    parts = name.replace("\\", "/").split("/")
    return any(part == ".." for part in parts)


class SafeZip:
    """Read members of an untrusted zip under a memory budget."""

    def __init__(self, data: bytes, *, filename: str, limits: ZipLimits | None = None) -> None:
        self.filename = filename
        self.limits = limits or ZipLimits()
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, EOFError) as exc:
            raise InputError("policy.corrupt", file=filename, detail=str(exc)[:200]) from None
        if len(infos) > MAX_MEMBERS:
            raise InputError("policy.zip_bomb", file=filename, limit_mb=self._limit_mb())
        declared = 0
        for info in infos:
            if is_unsafe_name(info.filename):
                raise InputError("policy.zip_unsafe_path", file=filename, member=info.filename)
            declared += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 1_000_000 and ratio > MAX_RATIO:
                raise InputError("policy.zip_bomb", file=filename, limit_mb=self._limit_mb())
        if declared > self.limits.max_total:
            raise InputError("policy.zip_bomb", file=filename, limit_mb=self._limit_mb())
        self._infos = {info.filename: info for info in infos}
        self._spent = 0

    def _limit_mb(self) -> int:
        return self.limits.max_total // 2**20

    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        """Inflate one member in chunks, stopping at its declared size or the budget."""
        info = self._infos[name]
        cap = min(info.file_size, self.limits.max_member, self.limits.max_total - self._spent)
        out = bytearray()
        try:
            with self._zip.open(info) as member:
                while True:
                    chunk = member.read(_CHUNK)
                    if not chunk:
                        break
                    out += chunk
                    if len(out) > cap:
                        raise InputError(
                            "policy.zip_bomb", file=self.filename, limit_mb=self._limit_mb()
                        )
        except (
            zipfile.BadZipFile,
            EOFError,
            OSError,
            ValueError,
            NotImplementedError,
            zlib.error,
        ) as exc:
            raise InputError("policy.corrupt", file=self.filename, detail=str(exc)[:200]) from None
        except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted members
            raise InputError("policy.encrypted", file=self.filename) from exc
        self._spent += len(out)
        return bytes(out)
