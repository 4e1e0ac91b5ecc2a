"""SPEC §7: uploads are hostile. Every case ends in an InputError with a stable code."""

from __future__ import annotations

import io
import os
import struct
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from axpartners.errors import InputError
from axpartners.policy.extract import ZipLimits, extract_document, extract_file
from axpartners.policy.extract._zip import SafeZip, is_unsafe_name

DATA = Path(__file__).resolve().parents[3] / "data" / "policy"
SAMPLES = DATA / "hwp_samples"


def _code(data: bytes, filename: str, **kwargs: Any) -> str:
    with pytest.raises(InputError) as err:
        extract_document(data, filename=filename, **kwargs)
    assert err.value.params.get("file") == filename
    return err.value.code


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _raw_zip(members: list[tuple[str, int, bytes, int, int]]) -> bytes:
    """A zip from (name, method, compressed data, crc32, uncompressed size), written by hand so a
    bomb can be assembled from a precomputed deflate stream (APPNOTE.TXT §4.3)."""
    body, central = bytearray(), bytearray()
    for name, method, data, crc, size in members:
        offset = len(body)
        fields = struct.pack("<HHHHHIII", 20, 0, method, 0, 0x21, crc, len(data), size)
        body += (
            struct.pack("<I", 0x04034B50)
            + fields
            + struct.pack("<HH", len(name), 0)
            + name.encode()
            + data
        )
        central += struct.pack("<IH", 0x02014B50, 20) + fields
        central += struct.pack("<HHHHHII", len(name), 0, 0, 0, 0, 0, offset) + name.encode()
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(body), 0
    )
    return bytes(body + central + end)


@pytest.fixture(scope="module")
def hwpx_bomb() -> bytes:
    """A ~300 KB HWPX whose section inflates to 300 MB of zeros (a real, valid deflate stream:
    one full-flushed 1 MB block repeated, so nothing is compressed at test time)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1 << 20)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    stream = block * 300 + packer.flush()
    crc = 0
    for _ in range(300):
        crc = zlib.crc32(chunk, crc)
    mimetype = b"application/hwp+zip"
    return _raw_zip(
        [
            ("mimetype", 0, mimetype, zlib.crc32(mimetype), len(mimetype)),
            ("Contents/section0.xml", 8, stream, crc, 300 << 20),
        ]
    )


def test_hand_built_bomb_is_a_valid_zip(hwpx_bomb):
    with zipfile.ZipFile(io.BytesIO(hwpx_bomb)) as zf:
        info = zf.getinfo("Contents/section0.xml")
        assert info.file_size == 300 << 20
        with zf.open(info) as member:
            assert member.read(1 << 16) == bytes(1 << 16)


def test_zip_bomb_refused_before_inflating_with_bounded_memory(hwpx_bomb, monkeypatch):
    # Refusal must come from the central directory alone: opening a member is a failure.
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("member inflated"))
    tracemalloc.start()
    code = _code(hwpx_bomb, "bomb.hwpx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert code == "policy.zip_bomb"
    assert peak < 20 * 2**20


def test_docx_bomb_by_ratio():
    data = _zip({"word/document.xml": bytes(5 * 2**20)})
    assert _code(data, "bomb.docx") == "policy.zip_bomb"


def test_declared_total_over_budget():
    data = _zip({"word/document.xml": os.urandom(2 * 2**20)})
    assert _code(data, "big.docx", zip_limits=ZipLimits(max_total=2**20)) == "policy.zip_bomb"


def test_member_is_inflated_with_a_cap():
    archive = SafeZip(
        _zip({"a.xml": os.urandom(300_000)}), filename="x.zip", limits=ZipLimits(max_member=100_000)
    )
    with pytest.raises(InputError) as err:
        archive.read("a.xml")
    assert err.value.code == "policy.zip_bomb"


@pytest.mark.parametrize(
    "name", ["../evil.xml", "/etc/passwd", "Contents/../../x", "C:/win.ini", "..\\x"]
)
def test_path_traversal_names_refused(name):
    assert is_unsafe_name(name)
    data = _zip({"mimetype": b"application/hwp+zip", "Contents/section0.xml": b"<a/>", name: b"x"})
    assert _code(data, "trav.hwpx") == "policy.zip_unsafe_path"


def test_xml_entity_bomb_in_hwpx_refused():
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        b"<hs:sec>&lol2;</hs:sec>"
    )
    data = _zip({"mimetype": b"application/hwp+zip", "Contents/section0.xml": lol})
    assert _code(data, "lol.hwpx") == "policy.corrupt"


def test_broken_xml_in_docx():
    data = _zip({"word/document.xml": b"<w:document><w:body>"})
    assert _code(data, "broken.docx") == "policy.corrupt"


def test_zip_that_is_neither_hwpx_nor_docx():
    assert _code(_zip({"readme.txt": b"hi"}), "x.zip") == "policy.unsupported_format"


def test_truncated_zip():
    data = (DATA / "plan.hwpx").read_bytes()
    assert _code(data[: len(data) // 2], "cut.hwpx") == "policy.corrupt"


def test_huge_pdf_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.pdf"
    with path.open("wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(200 * 2**20)  # sparse: no 200 MB written to disk
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("file was read"))
    with pytest.raises(InputError) as err:
        extract_file(path)
    assert err.value.code == "policy.too_large"
    assert err.value.params["size_mb"] == 200.0


def test_size_limit_parameter_on_bytes():
    data = (DATA / "plan.pdf").read_bytes()
    assert _code(data, "plan.pdf", max_bytes=1000) == "policy.too_large"


def _pdf(draw: Callable[[Any], object]) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_pdf_without_text_layer_needs_ocr():
    data = _pdf(lambda c: c.rect(50, 50, 200, 200, fill=1))
    with pytest.raises(InputError) as err:
        extract_document(data, filename="scan.pdf")
    assert err.value.code == "policy.pdf_needs_ocr"
    assert err.value.params["pages"] == 1


def test_password_protected_pdf():
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    enc = pdfencrypt.StandardEncryption("secret", ownerPassword="owner", strength=40)
    c = canvas.Canvas(buf, encrypt=enc)
    c.drawString(100, 100, "secret text")
    c.showPage()
    c.save()
    assert _code(buf.getvalue(), "locked.pdf") == "policy.encrypted"


def test_garbage_pdf():
    assert _code(b"%PDF-1.4\n" + os.urandom(2000), "junk.pdf") == "policy.corrupt"


@pytest.mark.parametrize(
    ("source", "filename", "claimed", "detected"),
    [
        ("plan.pdf", "report.hwp", "hwp", "pdf"),
        ("plan.hwpx", "report.docx", "docx", "hwpx"),
        ("plan.docx", "report.hwpx", "hwpx", "docx"),
        ("hwp_samples/hwplib__sample_hwp_basic_table.hwp", "table.pdf", "pdf", "hwp"),
        ("plan_utf8.txt", "plan.hwp", "hwp", "txt"),
    ],
)
def test_wrong_extension_is_reported(source, filename, claimed, detected):
    with pytest.raises(InputError) as err:
        extract_document((DATA / source).read_bytes(), filename=filename)
    assert err.value.code == "policy.extension_mismatch"
    assert (err.value.params["claimed"], err.value.params["detected"]) == (claimed, detected)


def test_unknown_extension_uses_content():
    doc = extract_document((DATA / "plan.hwpx").read_bytes(), filename="download.bin")
    assert doc.format == "hwpx"


def test_binary_garbage_is_unsupported():
    assert _code(b"\x00\x01\x02" * 100, "x.bin") == "policy.unsupported_format"


def test_ole_file_that_is_not_hwp():
    import olefile  # noqa: F401  (the OLE magic alone is not enough)

    data = (SAMPLES / "hwplib__sample_hwp_basic_blank.hwp").read_bytes()
    data = data.replace(
        b"F\x00i\x00l\x00e\x00H\x00e\x00a\x00d\x00e\x00r",
        b"F\x00i\x00l\x00e\x00X\x00e\x00a\x00d\x00e\x00r",
    )
    assert _code(data, "word.hwp") == "policy.unsupported_format"


def test_empty_and_bad_encoding():
    assert _code(b"  \n", "empty.txt") == "policy.empty"
    assert _code(b"\xff\xfe\xfa" * 10 + b"abc", "bad.txt") == "policy.bad_encoding"


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as err:
        extract_file(tmp_path / "nope.hwp")
    assert err.value.code == "policy.no_file"


FUZZ_SOURCES = [
    *sorted(SAMPLES.glob("*.hwp")),
    SAMPLES / "hwpxlib__testFile_tool_textextractor_Table.hwpx",
    DATA / "plan.docx",
    DATA / "plan.pdf",
    DATA / "plan.hwpx",
]


@pytest.mark.parametrize("source", FUZZ_SOURCES, ids=lambda p: p.name)
def test_damaged_files_never_crash(source):
    """Seeded byte flips and truncations: each result is a document or an InputError."""
    import random

    rng = random.Random(source.name)
    original = source.read_bytes()
    outcomes = set()
    for _ in range(40):
        data = bytearray(original)
        for _ in range(rng.randint(1, 16)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.25:
            data = data[: rng.randrange(1, len(data))]
        try:
            extract_document(bytes(data), filename=source.name)
            outcomes.add("ok")
        except InputError as err:
            outcomes.add(err.code)
    assert outcomes
    assert all(o == "ok" or o.startswith("policy.") for o in outcomes)
