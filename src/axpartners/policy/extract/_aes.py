"""AES-128 decryption in ECB mode, for HWP 배포용 (distribution) documents.

A small pure-Python implementation of the inverse cipher of FIPS-197 (Advanced Encryption
Standard, NIST 2001, §5.3), so that reading a distribution document needs no extra native
dependency. Only decryption with a 16-byte key is needed. The fast path uses the table form of
the equivalent inverse cipher (§5.3.5), about 0.8 MB/s here, ample for the body streams of
government documents; the plain §5.3 form is kept as a reference for tests.
"""

from __future__ import annotations


def _xtime(a: int) -> int:
    a <<= 1
    return (a ^ 0x1B) & 0xFF if a & 0x100 else a


def _gmul(a: int, b: int) -> int:
    out = 0
    while b:
        if b & 1:
            out ^= a
        a = _xtime(a)
        b >>= 1
    return out


def _build_sbox() -> tuple[list[int], list[int]]:
    """S-box from the multiplicative inverse in GF(2^8) plus the affine map (FIPS-197 §5.1.1)."""
    sbox = [0] * 256
    for x in range(256):
        inv = 0
        if x:
            inv = next(y for y in range(1, 256) if _gmul(x, y) == 1)
        s = inv
        for shift in range(1, 5):
            s ^= ((inv << shift) | (inv >> (8 - shift))) & 0xFF
        sbox[x] = s ^ 0x63
    inv_sbox = [0] * 256
    for x, s in enumerate(sbox):
        inv_sbox[s] = x
    return sbox, inv_sbox


_SBOX, _INV_SBOX = _build_sbox()
_MUL = {k: [_gmul(x, k) for x in range(256)] for k in (9, 11, 13, 14)}


def _expand_key(key: bytes) -> list[list[int]]:
    """Round keys w[0..43] grouped into 11 round keys of 16 bytes (FIPS-197 §5.2)."""
    words = [list(key[i : i + 4]) for i in range(0, 16, 4)]
    rcon = 1
    for i in range(4, 44):
        temp = list(words[i - 1])
        if i % 4 == 0:
            temp = temp[1:] + temp[:1]
            temp = [_SBOX[b] for b in temp]
            temp[0] ^= rcon
            rcon = _xtime(rcon)
        words.append([a ^ b for a, b in zip(words[i - 4], temp, strict=True)])
    return [[b for word in words[r * 4 : r * 4 + 4] for b in word] for r in range(11)]


def _decrypt_block(block: bytes, round_keys: list[list[int]]) -> bytes:
    # State as a flat column-major list, as in the standard's byte order.
    s = [b ^ k for b, k in zip(block, round_keys[10], strict=True)]
    m9, m11, m13, m14 = _MUL[9], _MUL[11], _MUL[13], _MUL[14]
    for rnd in range(9, -1, -1):
        # InvShiftRows: row r of column c comes from column (c - r) mod 4.
        s = [s[((c - r) % 4) * 4 + r] for c in range(4) for r in range(4)]
        s = [_INV_SBOX[b] for b in s]
        s = [b ^ k for b, k in zip(s, round_keys[rnd], strict=True)]
        if rnd:
            out = []
            for c in range(4):
                a0, a1, a2, a3 = s[c * 4 : c * 4 + 4]
                out += [
                    m14[a0] ^ m11[a1] ^ m13[a2] ^ m9[a3],
                    m9[a0] ^ m14[a1] ^ m11[a2] ^ m13[a3],
                    m13[a0] ^ m9[a1] ^ m14[a2] ^ m11[a3],
                    m11[a0] ^ m13[a1] ^ m9[a2] ^ m14[a3],
                ]
            s = out
    return bytes(s)


def _word(b0: int, b1: int, b2: int, b3: int) -> int:
    return (b0 << 24) | (b1 << 16) | (b2 << 8) | b3


def _build_td() -> tuple[list[int], list[int], list[int], list[int]]:
    """Lookup tables of the equivalent inverse cipher (FIPS-197 §5.3.5): one table lookup per
    byte does InvSubBytes and InvMixColumns together; Td1-3 are byte rotations of Td0."""
    m9, m11, m13, m14 = _MUL[9], _MUL[11], _MUL[13], _MUL[14]
    td0 = [_word(m14[v], m9[v], m13[v], m11[v]) for v in _INV_SBOX]
    td1 = [((w >> 8) | (w << 24)) & 0xFFFFFFFF for w in td0]
    td2 = [((w >> 16) | (w << 16)) & 0xFFFFFFFF for w in td0]
    td3 = [((w >> 24) | (w << 8)) & 0xFFFFFFFF for w in td0]
    return td0, td1, td2, td3


_TD = _build_td()


def _decryption_schedule(key: bytes) -> list[tuple[int, int, int, int]]:
    """Round keys in decryption order, with InvMixColumns applied to the middle rounds."""
    td0, td1, td2, td3 = _TD
    rounds = []
    for r, rk in enumerate(reversed(_expand_key(key))):
        words = [_word(*rk[i : i + 4]) for i in range(0, 16, 4)]
        if 0 < r < 10:
            # InvMixColumns(w) = Td(SBox(byte)) since Td applies InvSubBytes first.
            words = [
                td0[_SBOX[w >> 24]] ^ td1[_SBOX[(w >> 16) & 0xFF]]
                ^ td2[_SBOX[(w >> 8) & 0xFF]] ^ td3[_SBOX[w & 0xFF]]
                for w in words
            ]  # fmt: skip
        rounds.append((words[0], words[1], words[2], words[3]))
    return rounds


def aes128_ecb_decrypt(data: bytes, key: bytes) -> bytes:
    """Decrypt whole 16-byte blocks of ``data``; a trailing partial block is dropped."""
    if len(key) != 16:
        raise ValueError("AES-128 needs a 16-byte key")
    td0, td1, td2, td3 = _TD
    inv = _INV_SBOX
    schedule = _decryption_schedule(key)
    first, middle, last = schedule[0], schedule[1:10], schedule[10]
    out = bytearray()
    usable = len(data) - len(data) % 16
    for i in range(0, usable, 16):
        s0 = int.from_bytes(data[i : i + 4], "big") ^ first[0]
        s1 = int.from_bytes(data[i + 4 : i + 8], "big") ^ first[1]
        s2 = int.from_bytes(data[i + 8 : i + 12], "big") ^ first[2]
        s3 = int.from_bytes(data[i + 12 : i + 16], "big") ^ first[3]
        for k0, k1, k2, k3 in middle:
            s0, s1, s2, s3 = (
                td0[s0 >> 24]
                ^ td1[(s3 >> 16) & 0xFF]
                ^ td2[(s2 >> 8) & 0xFF]
                ^ td3[s1 & 0xFF]
                ^ k0,
                td0[s1 >> 24]
                ^ td1[(s0 >> 16) & 0xFF]
                ^ td2[(s3 >> 8) & 0xFF]
                ^ td3[s2 & 0xFF]
                ^ k1,
                td0[s2 >> 24]
                ^ td1[(s1 >> 16) & 0xFF]
                ^ td2[(s0 >> 8) & 0xFF]
                ^ td3[s3 & 0xFF]
                ^ k2,
                td0[s3 >> 24]
                ^ td1[(s2 >> 16) & 0xFF]
                ^ td2[(s1 >> 8) & 0xFF]
                ^ td3[s0 & 0xFF]
                ^ k3,
            )
        k0, k1, k2, k3 = last
        for a, b, c, d, k in (
            (s0, s3, s2, s1, k0),
            (s1, s0, s3, s2, k1),
            (s2, s1, s0, s3, k2),
            (s3, s2, s1, s0, k3),
        ):
            w = _word(inv[a >> 24], inv[(b >> 16) & 0xFF], inv[(c >> 8) & 0xFF], inv[d & 0xFF]) ^ k
            out += w.to_bytes(4, "big")
    return bytes(out)


def aes128_ecb_decrypt_reference(data: bytes, key: bytes) -> bytes:
    """The straightforward inverse cipher of FIPS-197 §5.3, kept to cross-check the fast one."""
    round_keys = _expand_key(key)
    usable = len(data) - len(data) % 16
    return b"".join(_decrypt_block(data[i : i + 16], round_keys) for i in range(0, usable, 16))
