"""Normalise free-text need statements before morphological analysis.

Steps, in order: Unicode NFKC (full-width latin and digits become ASCII, compatibility jamo
stay), control characters become spaces, latin letters are lowercased, runs of one repeated
character are capped at three (``ㅠㅠㅠㅠㅠ`` → ``ㅠㅠㅠ``), spellings from the domain lexicon are
rewritten to one canonical word (English terms such as ``predictive maintenance``, common
typos such as ``비젼``/``메뉴얼``/``스케쥴``, and spaced compounds such as ``디지털 트윈``), and
whitespace is collapsed. The text is never stripped of markup: HTML stays text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from axpartners.text._lexicon import load_user_dict

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_REPEAT = re.compile(r"(.)\1{3,}", re.DOTALL)
_SPACE = re.compile(r"\s+")
_LATIN = re.compile(r"[a-z0-9]")
_COMPAT_JAMO = re.compile(r"([\u3131-\u318e]+)")


@cache
def _rewrites() -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation of every known spelling, longest first, with its canonical word."""
    target: dict[str, str] = {}
    for entry in load_user_dict():
        # Canonical words map to themselves so that a shorter alias (``시뮬``) never rewrites
        # the inside of the full word (``시뮬레이션``).
        target.setdefault(entry.word, entry.word)
        for alias in entry.aliases:
            target.setdefault(alias, entry.word)
        if len(entry.parts) >= 2:
            target.setdefault(" ".join(entry.parts), entry.word)
    pieces = []
    for spelling in sorted(target, key=len, reverse=True):
        body = r"\s+".join(re.escape(part) for part in spelling.split())
        # Latin spellings must not match inside a longer latin word (``rul`` in ``rules``).
        head = r"(?<![a-z0-9])" if _LATIN.match(spelling[0]) else ""
        tail = r"(?![a-z0-9])" if _LATIN.match(spelling[-1]) else ""
        pieces.append(f"{head}{body}{tail}")
    lookup = {_SPACE.sub(" ", k): v for k, v in target.items()}
    # A leading class of possible first characters lets the engine reject most positions with
    # one test instead of trying every alternative (about 5x faster on need statements).
    first = "".join(sorted({re.escape(k[0]) for k in target}))
    return re.compile(f"(?=[{first}])(?:{'|'.join(pieces)})"), lookup


def normalize_text(s: str) -> str:
    """The normalised form of ``s`` (see the module docstring); ``""`` stays ``""``."""
    # NFKC would turn compatibility jamo (ㅠ, ㅋ) into conjoining jamo that then glue onto the
    # previous syllable, so jamo runs are left as they are.
    pieces = _COMPAT_JAMO.split(s)
    text = "".join(p if i % 2 else unicodedata.normalize("NFKC", p) for i, p in enumerate(pieces))
    text = _CONTROL.sub(" ", text).lower()
    text = _REPEAT.sub(lambda m: m.group(1) * 3, text)
    pattern, lookup = _rewrites()
    text = pattern.sub(lambda m: lookup[_SPACE.sub(" ", m.group(0))], text)
    return _SPACE.sub(" ", text).strip()
