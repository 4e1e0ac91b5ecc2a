"""Paragraph heads of HWP 5 documents: automatic outline numbers, list numbers and bullets.

Hangul does not store the "1.", "가.", "①" of an automatically numbered paragraph in its text;
it computes them from ``DocInfo`` (한글 문서 파일 형식 5.0, §4.2.9 문단 번호, §4.2.10 글머리표,
§4.2.11 문단 모양):

* ``HWPTAG_PARA_SHAPE`` attribute bits 23-24 give the head type (0 none, 1 outline 개요,
  2 numbering, 3 bullet) and bits 25-27 the level (0-6); the UINT16 at offset 30 is the
  1-based numbering or bullet id. Outline paragraphs use the numbering id of the section
  definition (``secd``, UINT16 at offset 18 of its control header).
* ``HWPTAG_NUMBERING`` has, per level, a 12-byte head info (attribute bits 5-8: number shape,
  표 41) and a format string with ``^1`` … ``^7`` standing for the level counters; after the
  seven levels a UINT16 start number and (5.0.2.5+) seven UINT32 per-level start numbers.
* ``HWPTAG_BULLET`` has a 12-byte head info and the bullet character.

Counters run per numbering id through the document; numbering a level resets deeper levels.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

_GANADA = "가나다라마바사아자차카타파하"
_JAMO = "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ"
_IDEOGRAPH = "一二三四五六七八九十"
_HANGUL_DIGITS = "일이삼사오육칠팔구십"
_ROMAN_UPPER = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"


def _roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                       (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):  # fmt: skip
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _hangul_syllable(n: int) -> str:
    """가, 나 … 하, then 거 … 허, 고 … 호 … (the 14 initials cycled over vowels ㅏㅓㅗㅜㅡㅣ)."""
    vowel, initial = divmod(n - 1, 14)
    vowels = (0, 4, 8, 13, 18, 20)  # ㅏ ㅓ ㅗ ㅜ ㅡ ㅣ as medial indices
    base = ord(_GANADA[initial]) - 0xAC00
    lead = base // (21 * 28)
    return chr(0xAC00 + (lead * 21 + vowels[vowel % len(vowels)]) * 28)


def format_number(n: int, shape: int) -> str:
    """Render counter ``n`` in a number shape of the HWP 5 spec (표 41)."""
    if n < 1:
        return str(n)
    if shape == 1 and n <= 20:
        return chr(0x2460 + n - 1)  # ①
    if shape == 2:
        return _ROMAN_UPPER[n - 1] if n <= 12 else _roman(n).upper()
    if shape == 3:
        return _roman(n)
    if shape in (4, 5) and n <= 26:
        letter = chr(ord("A") + n - 1)
        return letter if shape == 4 else letter.lower()
    if shape == 6 and n <= 26:
        return chr(0x24B6 + n - 1)  # Ⓐ
    if shape == 7 and n <= 26:
        return chr(0x24D0 + n - 1)  # ⓐ
    if shape == 8:
        return _hangul_syllable(n)
    if shape == 9 and n <= 14:
        return chr(0x326E + n - 1)  # ㉮
    if shape == 10 and n <= 14:
        return _JAMO[n - 1]
    if shape == 11 and n <= 14:
        return chr(0x3260 + n - 1)  # ㉠
    if shape == 12 and n <= 10:
        return _HANGUL_DIGITS[n - 1]
    if shape in (13, 14) and n <= 10:
        return _IDEOGRAPH[n - 1]
    return str(n)


@dataclass(frozen=True, slots=True)
class Numbering:
    shapes: tuple[int, ...]
    formats: tuple[str, ...]
    starts: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ParaShape:
    head: int
    level: int
    ref: int


def parse_numbering(payload: bytes) -> Numbering:
    shapes, formats = [], []
    pos = 0
    for _ in range(7):
        (attr,) = struct.unpack_from("<I", payload, pos)
        pos += 12
        (length,) = struct.unpack_from("<H", payload, pos)
        pos += 2
        formats.append(payload[pos : pos + 2 * length].decode("utf-16-le", "replace"))
        pos += 2 * length
        shapes.append((attr >> 5) & 0xF)
    starts = [1] * 7
    if len(payload) >= pos + 2:
        (start,) = struct.unpack_from("<H", payload, pos)
        starts = [start or 1] * 7
    if len(payload) >= pos + 2 + 28:
        starts = [s or 1 for s in struct.unpack_from("<7I", payload, pos + 2)]
    return Numbering(tuple(shapes), tuple(formats), tuple(starts))


def parse_bullet(payload: bytes) -> str:
    if len(payload) < 14:
        return ""
    char = payload[12:14].decode("utf-16-le", "replace")
    # Symbol-font bullets live in the private use area; show a plain bullet instead.
    return "•" if not char.strip() or 0xE000 <= ord(char) <= 0xF8FF else char


def parse_para_shape(payload: bytes) -> ParaShape:
    (attr,) = struct.unpack_from("<I", payload, 0)
    ref = struct.unpack_from("<H", payload, 30)[0] if len(payload) >= 32 else 0
    return ParaShape(head=(attr >> 23) & 0x3, level=(attr >> 25) & 0x7, ref=ref)


@dataclass(slots=True)
class HeadRenderer:
    """Stateful renderer: call :meth:`head` for each paragraph in document order."""

    numberings: list[Numbering] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    para_shapes: list[ParaShape] = field(default_factory=list)
    outline_id: int = 0
    _counters: dict[int, list[int]] = field(default_factory=dict)

    def head(self, para_shape_id: int) -> str:
        if not 0 <= para_shape_id < len(self.para_shapes):
            return ""
        shape = self.para_shapes[para_shape_id]
        if shape.head == 3:
            return self.bullets[shape.ref - 1] if 1 <= shape.ref <= len(self.bullets) else ""
        if shape.head not in (1, 2):
            return ""
        ref = self.outline_id if shape.head == 1 else shape.ref
        if not 1 <= ref <= len(self.numberings):
            return ""
        numbering = self.numberings[ref - 1]
        level = min(shape.level, 6)
        counters = self._counters.setdefault(ref, [0] * 7)
        counters[level] += 1
        for deeper in range(level + 1, 7):
            counters[deeper] = 0
        text = numbering.formats[level]
        for lv in range(7, 0, -1):
            token = f"^{lv}"
            if token in text:
                count = max(counters[lv - 1], 1) + numbering.starts[lv - 1] - 1
                text = text.replace(token, format_number(count, numbering.shapes[lv - 1]))
        return text
