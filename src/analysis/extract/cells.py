"""The lines of a table as a text extraction prints them: a label, then cells.

A text extraction flattens a table into lines of white-space separated
tokens; a cell may hold several tokens (``69.66 ± 5.98``, ``25 (62.5)``,
``< 0.001``), which :func:`split_line` joins first. A line is a *data row*
when everything after its label is a cell. The kinds of cell:

========  ==========================================  ===================
kind      printed                                     read as
========  ==========================================  ===================
``msd``   ``69.66 ± 5.98``                            mean ± SD
``par``   ``25 (62.5)``, ``12.4 (3.1)``               n (%) or M (SD): the header decides
``int``   ``312``, ``94,203``                         a count
``dec``   ``1.332``, ``-5.536``, ``29.63``            a rounded number
``rel``   ``<0.001``, ``>0.05``                       a bound (a p-value)
``nil``   ``-``, ``/``                                an empty cell
========  ==========================================  ===================

>>> split_line("2020 \\u5e74 312 69.66 \\u00b1 5.98 186 126")
('2020 \\u5e74', ['312', '69.66±5.98', '186', '126'], ['int', 'msd', 'int', 'int'])
>>> split_line("P  0.001 0.015 <0.001")
('P', ['0.001', '0.015', '<0.001'], ['dec', 'dec', 'rel'])
>>> split_line("Anxiety 12.4 (3.1) 14.2 (3.5) -2.71 .008")[2]
['par', 'par', 'dec', 'dec']
"""
from __future__ import annotations

import re

from analysis.extract.normal import cue, normalise

__all__ = ["split_line", "cell_kind", "msd", "par", "is_count", "is_p_like", "CELL_KINDS"]

CELL_KINDS = ("msd", "par", "int", "dec", "rel", "nil")
_MSD = re.compile(r"^(?P<m>-?(?:\d[\d,]*(?:\.\d+)?|\.\d+))±(?P<s>\d[\d,]*(?:\.\d+)?|\.\d+)$")
_PAR = re.compile(r"^(?P<k>-?(?:\d[\d,]*(?:\.\d+)?|\.\d+))\((?P<x>-?(?:\d+(?:\.\d+)?|\.\d+))%?\)$")
_INT = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)$")
_DEC = re.compile(r"^-?(?:\d[\d,]*\.\d+|\.\d+|\d+)%?$")
_REL = re.compile(r"^[<>≤≥]=?(?:\d*\.\d+|\d+)$")
_NIL = {"-", "/", "--", "—", "–", "…"}


def _collapse(text: str) -> str:
    s = re.sub(r"\s*±\s*", "±", text)
    s = re.sub(r"(\d)\s+\(\s*(?=[-.\d])", r"\1(", s)
    s = re.sub(r"\(\s+", "(", s)
    s = re.sub(r"\s+\)", ")", s)
    return re.sub(r"([<>≤≥]=?)\s+(?=[.\d])", r"\1", s)


def cell_kind(token: str) -> str | None:
    """The kind of a cell (:data:`CELL_KINDS`), or None for a token that is not a cell."""
    if _MSD.match(token):
        return "msd"
    if _PAR.match(token):
        return "par"
    if _INT.match(token):
        return "int"
    if _DEC.match(token) and token not in ("-",):
        return "dec"
    if _REL.match(token):
        return "rel"
    if token in _NIL:
        return "nil"
    return None


def msd(cell: str) -> tuple[str, str]:
    """The mean and SD of an ``msd`` cell, as printed."""
    m = _MSD.match(cell)
    return m.group("m"), m.group("s")


def par(cell: str) -> tuple[str, str]:
    """The number and the number in parentheses of a ``par`` cell, as printed."""
    m = _PAR.match(cell)
    return m.group("k"), m.group("x")


def is_count(kind: str, cell: str) -> bool:
    """A count: an ``int`` cell, or a ``par`` cell whose first number is whole."""
    return kind == "int" or (kind == "par" and _INT.match(par(cell)[0]) is not None)


def is_p_like(kind: str, cell: str) -> bool:
    """A cell that can be a printed p (a bound, or a number in [0, 1])."""
    if kind == "rel":
        return True
    if kind in ("dec", "int"):
        try:
            return 0 <= float(cell.replace(",", "").rstrip("%")) <= 1
        except ValueError:
            return False
    return False


def split_line(text: str) -> tuple[str, list[str], list[str]]:
    """(label, cells, kinds) of a printed line; ``cells`` is empty when the line is not a data row."""
    tokens = _collapse(normalise(text)).split()
    if not tokens:
        return "", [], []
    start = 0
    if re.fullmatch(r"(?:19|20)\d\d", tokens[0]) and len(tokens) > 1 and cue("year_label").match(
            f"{tokens[0]} {tokens[1]}"):
        start = 2
    elif cue("year_label").match(tokens[0]):
        start = 1
    else:
        while start < len(tokens) and cell_kind(tokens[start]) is None:
            start += 1
    label = " ".join(tokens[:start])
    cells = tokens[start:]
    kinds = [cell_kind(c) for c in cells]
    if not cells or any(k is None for k in kinds):
        return label, [], []
    return label, cells, kinds
