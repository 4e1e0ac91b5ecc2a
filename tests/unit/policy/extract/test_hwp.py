from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import olefile
import pytest

from axpartners.errors import InputError
from axpartners.policy.document import ExtractedDocument
from axpartners.policy.extract import extract_document
from axpartners.policy.extract._aes import aes128_ecb_decrypt
from axpartners.policy.extract.hwp import decode_para_text, distribution_key, iter_records

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "policy" / "hwp_samples"


def _extract(name: str) -> ExtractedDocument:
    return extract_document((SAMPLES / name).read_bytes(), filename=name)


def test_aes_matches_fips197_vector():
    key = bytes.fromhex("000102030405060708090a0b0c0d0e0f")
    cipher = bytes.fromhex("69c4e0d86a7b0430d8cdb78070b4c55a")
    assert (
        aes128_ecb_decrypt(cipher * 2, key) == bytes.fromhex("00112233445566778899aabbccddeeff") * 2
    )


def test_fast_aes_matches_the_reference_form():
    import random

    from axpartners.policy.extract._aes import aes128_ecb_decrypt_reference

    rng = random.Random(7)
    for _ in range(10):
        key = rng.randbytes(16)
        data = rng.randbytes(16 * rng.randint(1, 20) + rng.randint(0, 15))
        assert aes128_ecb_decrypt(data, key) == aes128_ecb_decrypt_reference(data, key)


def test_para_text_skips_inline_and_extended_controls():
    # "가" + extended control (8 units: code 11 'tbl ' ... 11) + tab inline control + "나" + para end
    units = [0xAC00, 11, 0x6C20, 0x7462, 0, 0, 0, 0, 11, 9, 0, 0, 0, 0, 0, 0, 9, 0xB098, 13]
    payload = struct.pack(f"<{len(units)}H", *units)
    assert decode_para_text(payload) == "가\t나"


def test_para_text_keeps_surrogate_pairs():
    payload = "𝔸한".encode("utf-16-le") + struct.pack("<H", 13)
    assert decode_para_text(payload) == "𝔸한"


def test_record_header_with_extended_size():
    payload = b"x" * 5000
    header = struct.pack("<I", 67 | (1 << 10) | (0xFFF << 20)) + struct.pack("<I", len(payload))
    (rec,) = list(iter_records(header + payload))
    assert (rec.tag, rec.level, len(rec.payload)) == (67, 1, 5000)


def test_paragraph_text_sample():
    doc = _extract("hwplib__sample_hwp_changing-paragraph-text.hwp")
    assert doc.format == "hwp"
    assert [b.text for b in doc.blocks] == ["안녕하세요.", "이것은 샘플입니다."]


def test_table_cells_as_rows():
    doc = _extract("hwplib__sample_hwp_basic_table.hwp")
    (table,) = doc.tables()
    assert table.rows == (
        ("ABC\n123", "DEF", "GHI"),
        ("LMN", "OPQ", "STR"),
        ("UVM", "123", "456"),
    )
    assert any(b.kind == "caption" and b.text.startswith("표") for b in doc.blocks)


def test_endnote_body_is_extracted():
    doc = _extract("hwplib__sample_hwp_basic_footnote-endnote.hwp")
    notes = [b.text for b in doc.blocks if b.kind == "note"]
    assert notes == ["sssd"]


def test_compressed_text_box():
    doc = _extract("hwplib__sample_hwp_basic_textbox-compressed.hwp")
    boxes = [b.text for b in doc.blocks if b.kind == "textbox"]
    assert boxes == ["그림", "ABC", "123", "ABC"]


def test_automatic_paragraph_heads_are_rendered():
    # Outline (개요) paragraphs numbered by the section's numbering, whose level 1 is lower
    # roman in this file; the text box uses a decimal list numbering.
    doc = _extract("hwplib__sample_hwp_extracting_ParaHead.hwp")
    body = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert len(body) == 100
    assert body[:4] == ["i. 1", "ii. 2", "iii. 3", "iv. 4"]
    assert body[-1] == "c. 100"
    boxes = [b.text for b in doc.blocks if b.kind == "textbox"]
    assert boxes[:3] == ["1. 1", "2. 2", "3. 3"]
    assert "15. 16" in boxes


def test_blank_document_has_no_blocks():
    assert _extract("hwplib__sample_hwp_basic_blank.hwp").blocks == ()


def test_distribution_document_is_decrypted():
    doc = _extract("hwplib__sample_hwp_distribution.hwp")
    assert "policy.hwp_distribution_decrypted" in doc.warnings
    texts = [b.text for b in doc.blocks]
    assert texts[0] == "강남세움복지관 공고 제 2024-08호"
    assert "2025년 강남세움센터 시설관리원 용역업체 선정 입찰공고" in texts
    assert "②기초금액 : 금72,300,000원(금칠천이백삼십만원)(※부가가치세 포함)" in texts
    (table,) = doc.tables()
    assert table.rows[0][1] == "계약업체의 안전 및 보건 확보 의무사항(제4조, 제9조)"
    assert "② 재해 발생 시 재발방지 대책의 수립 및 그 이행" in table.rows[1][0]
    assert texts[-1] == "강남세움복지관장"


def test_distribution_key_is_deterministic_and_16_bytes():
    blob = bytes(range(256))
    key = distribution_key(blob)
    assert len(key) == 16
    assert key == distribution_key(blob)
    assert key != distribution_key(bytes([1]) + blob[1:])


def _copy(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    shutil.copy(SAMPLES / name, path)
    path.chmod(0o644)
    return path


@pytest.mark.parametrize(
    ("bit", "code"),
    [(0x2, "policy.encrypted"), (0x10, "policy.hwp_drm"), (0x400, "policy.hwp_drm")],
)
def test_protected_hwp_flags(tmp_path, bit, code):
    path = _copy(tmp_path, "hwplib__sample_hwp_changing-paragraph-text.hwp")
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        header = bytearray(ole.openstream("FileHeader").read())
        flags = int.from_bytes(header[36:40], "little") | bit
        header[36:40] = flags.to_bytes(4, "little")
        ole.write_stream("FileHeader", bytes(header))
    with pytest.raises(InputError) as err:
        extract_document(path.read_bytes(), filename="locked.hwp")
    assert err.value.code == code


def test_password_encrypted_hwp_is_refused(tmp_path):
    path = _copy(tmp_path, "hwplib__sample_hwp_changing-paragraph-text.hwp")
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        header = bytearray(ole.openstream("FileHeader").read())
        header[36] |= 0x2
        ole.write_stream("FileHeader", bytes(header))
    with pytest.raises(InputError) as err:
        extract_document(path.read_bytes(), filename="secret.hwp")
    assert err.value.code == "policy.encrypted"


def test_corrupted_body_stream_is_reported(tmp_path):
    path = _copy(tmp_path, "hwplib__sample_hwp_basic_textbox-compressed.hwp")
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        size = len(ole.openstream("BodyText/Section0").read())
        ole.write_stream("BodyText/Section0", b"\xff" * size)
    with pytest.raises(InputError) as err:
        extract_document(path.read_bytes(), filename="broken.hwp")
    assert err.value.code == "policy.corrupt"
    assert err.value.params["file"] == "broken.hwp"


def test_tampered_distribution_stream_is_reported(tmp_path):
    path = _copy(tmp_path, "hwplib__sample_hwp_distribution.hwp")
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        view = bytearray(ole.openstream("ViewText/Section0").read())
        view[300:400] = bytes(100)
        ole.write_stream("ViewText/Section0", bytes(view))
    with pytest.raises(InputError) as err:
        extract_document(path.read_bytes(), filename="dist.hwp")
    assert err.value.code == "policy.hwp_distribution"


def test_truncated_ole_file_is_reported():
    data = (SAMPLES / "hwplib__sample_hwp_basic_table.hwp").read_bytes()[:3000]
    with pytest.raises(InputError) as err:
        extract_document(data, filename="cut.hwp")
    assert err.value.code == "policy.corrupt"


def test_hwp3_is_refused_with_version():
    with pytest.raises(InputError) as err:
        extract_document(
            b"HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05" + bytes(100), filename="old.hwp"
        )
    assert err.value.code == "policy.hwp_old_version"


def test_zlib_bomb_inside_section_is_capped(monkeypatch):
    from axpartners.policy.extract import hwp

    monkeypatch.setattr(hwp, "_MAX_STREAM", 1000)
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    bomb = raw.compress(bytes(100_000)) + raw.flush()
    with pytest.raises(ValueError, match="size limit"):
        hwp._inflate(bomb)


def test_pages_from_stored_line_layout():
    doc = _extract("hwplib__sample_hwp_extracting_ParaHead.hwp")
    assert doc.page_count == 3
    pages = {b.text: b.page for b in doc.blocks if b.kind == "paragraph"}
    assert pages["i. 1"] == 1
    assert pages["c. 100"] == 3
    ordered = [b.page for b in doc.blocks]
    assert ordered == sorted(ordered)


def test_distribution_document_has_two_pages():
    doc = _extract("hwplib__sample_hwp_distribution.hwp")
    assert doc.page_count == 2
    assert doc.blocks[0].page == 1
    assert doc.blocks[-1].page == 2


def test_numbering_record_of_the_default_ladder():
    import olefile as _ole

    from axpartners.policy.extract._hwp_heads import parse_numbering
    from axpartners.policy.extract.hwp import TAG_NUMBERING

    with _ole.OleFileIO(str(SAMPLES / "hwplib__sample_hwp_basic_table.hwp")) as ole:
        stream = ole.openstream("DocInfo").read()
    (numbering,) = [
        parse_numbering(r.payload) for r in iter_records(stream) if r.tag == TAG_NUMBERING
    ]
    assert numbering.formats == ("^1.", "^2.", "^3)", "^4)", "(^5)", "(^6)", "^7")
    assert numbering.shapes == (0, 8, 0, 8, 0, 8, 1)


@pytest.mark.parametrize(
    ("n", "shape", "expected"),
    [(3, 0, "3"), (2, 1, "②"), (4, 2, "Ⅳ"), (9, 3, "ix"), (2, 4, "B"), (3, 8, "다"), (14, 8, "하"),
     (15, 8, "거"), (1, 9, "㉮"), (2, 10, "ㄴ"), (3, 12, "삼"), (2, 13, "二")],
)  # fmt: skip
def test_head_number_shapes(n, shape, expected):
    from axpartners.policy.extract._hwp_heads import format_number

    assert format_number(n, shape) == expected


def test_head_renderer_levels_reset_deeper_counters():
    from axpartners.policy.extract._hwp_heads import HeadRenderer, Numbering, ParaShape

    ladder = Numbering(
        shapes=(0, 8, 0, 8, 0, 8, 1),
        formats=("^1.", "^2.", "^3)", "^4)", "(^5)", "(^6)", "^7"),
        starts=(1,) * 7,
    )
    renderer = HeadRenderer(
        numberings=[ladder],
        bullets=["□"],
        para_shapes=[
            ParaShape(0, 0, 0),
            ParaShape(1, 0, 0),
            ParaShape(1, 1, 0),
            ParaShape(2, 2, 1),
            ParaShape(3, 0, 1),
        ],
        outline_id=1,
    )
    heads = [renderer.head(i) for i in (1, 2, 2, 3, 1, 2, 0, 4, 99)]
    assert heads == ["1.", "가.", "나.", "1)", "2.", "가.", "", "□", ""]
