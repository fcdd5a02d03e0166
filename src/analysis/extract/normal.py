"""The printed forms of numbers, signs and statistics, normalised so that one pattern reads them all.

Chinese typesetting prints full-width signs (``P<0.001``, ``t=2.1`` and parentheses in their full-width
forms), a typographic minus (U+2212) and several spellings of chi-square
(``χ²``, ``χ2``, ``x2``, ``X2``, ``χ^2``). :func:`normalise` maps them to one
form of the same length (one character for one character, so positions in the
normalised text are positions in the printed one); the printed text itself is
kept for the ``raw`` column.

>>> normalise("t\\uff1d4.498, P\\uff1c0.001")
't=4.498, P<0.001'
>>> normalise("χ²=6.02") == "χ2=6.02" and normalise("x2=3.1") == "χ2=3.1"
True
>>> normalise("\\u22125.536")
'-5.536'
>>> cue("sample_size").match("n") is not None
True
>>> NUMBER.findall("94,203 and .21 and -5.536")
['94,203', '.21', '-5.536']
"""
from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

__all__ = ["normalise", "NUMBER", "NUM", "CHI2", "cjk_share", "is_cjk", "cue", "CUES"]

_TABLE = str.maketrans({
    "\uff1c": "<", "\uff1e": ">", "\uff1d": "=", "\uff08": "(", "\uff09": ")", "\uff1a": ":", "\uff0e": ".",
    "\u2212": "-", "\u2013": "-", "\u2014": "-", "\u00a0": " ", "\u3000": " ", "\u2266": "\u2264", "\u2267": "\u2265",
    "\ufe64": "<", "\ufe65": ">", "\u00b2": "2", "\uff05": "%", "\uff30": "P", "\uff50": "p", "\uff54": "t",
    "\uff26": "F", "\uff52": "r", "\uff5a": "z", "\uff3a": "Z", "\uff2e": "N", "\uff4e": "n",
    **{chr(0xFF10 + i): str(i) for i in range(10)},
})
_CHI = re.compile(r"(?<![A-Za-z0-9])(?:[χxX]\^?2|chi2)(?![0-9])")
NUMBER = re.compile(r"(?<![A-Za-z0-9_.])-?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?<=\d)(?![A-Za-z0-9_])")
"""A printed number: thousands separators, decimals, APA's leading dot, a minus."""
NUM = r"(?:-?\d[\d,]*(?:\.\d+)?|-?\.\d+)"
"""A printed number inside a cue (``NUM`` in :data:`CUES`)."""
CUES = Path(__file__).resolve().parent / "cues.toml"
"""The words the extractor recognises, Chinese and English (regular expressions; data, not code)."""
CHI2 = "χ2"
"""The one spelling of chi-square in normalised text."""


def normalise(text: str) -> str:
    """The text with full-width signs, minus signs and chi-square spellings in one form (same length)."""
    out = text.translate(_TABLE)
    return _CHI.sub(lambda m: CHI2.ljust(len(m.group(0)), " ") if len(m.group(0)) >= 2 else m.group(0), out)


def is_cjk(ch: str) -> bool:
    """A Chinese character (CJK unified ideographs)."""
    return "\u4e00" <= ch <= "\u9fff"


def cjk_share(text: str) -> float:
    """Share of Chinese characters among the letters of ``text`` (0 for no letters)."""
    letters = [c for c in text if c.isalpha()]
    return sum(map(is_cjk, letters)) / len(letters) if letters else 0.0


@cache
def cue(name: str) -> re.Pattern:
    """The compiled cue ``name`` of :data:`CUES` (``NUM`` replaced by a number); a KeyError for an unknown one."""
    with open(CUES, "rb") as fh:
        table = tomllib.load(fh)
    return re.compile(table[name]["re"].replace("NUM", NUM))
