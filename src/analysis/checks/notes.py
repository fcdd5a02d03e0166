"""What an outcome records besides its verdict: digit slips, the direction of a mislabelled unit, which notes
say what went wrong, and the messages that notes become.

Every fact here is structured (an enumeration, a dataclass, a message id),
so no later layer ever reads a note's wording: :func:`digit_slip` returns a
:class:`DigitSlip` (one digit, or a transposition), never a sentence to test
with ``startswith``; :data:`DIAGNOSES` names by message id the notes a reader
is shown beside a number that does not reproduce.

>>> s = digit_slip("24.64", "34.64")
>>> s.kind is Slip.ONE_DIGIT, render(s.note, "en")
(True, 'one digit differs (24.64 printed, 34.64 recomputed)')
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from analysis.core.rounding import Note
from analysis.core.vocab import Category
from analysis.text.catalogue import Msg, render  # noqa: F401 - render: the doctests show messages rendered

__all__ = ["Slip", "DigitSlip", "digit_slip", "slip_category", "Mislabel", "DIAGNOSES", "message"]


class Slip(Enum):
    """A typesetting slip between two numbers printed alike (the value is its note's message id)."""

    ONE_DIGIT = "note.one_digit"
    TRANSPOSITION = "note.transposition"


@dataclass(frozen=True)
class DigitSlip:
    """A digit slip found by :func:`digit_slip`: its kind, the two numbers and where the first difference is.

    Attributes
    ----------
    kind : Slip
    printed, recomputed : str
    last : bool
        The (only) differing digit is the last printed one: what an arithmetic
        or rounding slip gives, so :func:`slip_category` does not call it a typo.
    """

    kind: Slip
    printed: str
    recomputed: str
    last: bool

    @property
    def note(self) -> Msg:
        return Msg.of(self.kind.value, printed=self.printed, recomputed=self.recomputed)


class Mislabel(str, Enum):
    """Which way a number was printed under the wrong unit (a ``labelling_error``).

    ``points_as_percent``: a percentage-point difference presented as a
    percent (relative) change; ``percent_as_points``: a relative change
    presented as a percentage-point difference. The outcome's ``extra`` holds
    both readings (``points``, ``relative``).
    """

    POINTS_AS_PERCENT = "points_as_percent"
    PERCENT_AS_POINTS = "percent_as_points"


DIAGNOSES = frozenset({
    "note.one_digit", "note.transposition", "note.points_as_percent", "note.relative_as_points",
    "note.points_difference", "note.decision_differs", "note.sign_opposite", "note.parts_add_to",
    "rounding.other_rule", "note.grim_passes", "note.grim_fails", "note.grim_uninformative",
    "note.grimmer_mean_passes", "note.grimmer_mean_fails", "note.grimmer_passes", "note.grimmer_fails_grim",
    "note.grimmer_test1", "note.grimmer_test2", "note.grimmer_test3", "note.grimmer_assumes",
})
"""Notes that say what went wrong with a number (a slip, a mislabelled unit, a decision that flips, another
rounding rule, a granularity test): the narrative shows them beside a number that does not reproduce; the
other notes (the method, the specification's comments) stay in the ledger."""


def message(note: Note | Msg) -> Msg:
    """A :class:`~analysis.core.rounding.Note` (made below the catalogue) as a validated message.

    >>> from fractions import Fraction
    >>> from analysis.core.rounding import compare
    >>> render(message(compare("0.12", Fraction(125, 1000)).note), "en")
    'reproduced only with half-even rounding, not half-up'
    """
    if isinstance(note, Msg):
        return note
    return Msg.of(note.id, **{k: message(v) if isinstance(v, Note) else v for k, v in note.args})


def digit_slip(printed: str, recomputed: str) -> DigitSlip | None:
    """The typesetting slip between two numbers printed alike, if there is one.

    >>> s = digit_slip("24.64", "34.64"); (s.kind, s.last)
    (<Slip.ONE_DIGIT: 'note.one_digit'>, False)
    >>> render(digit_slip("437", "473").note, "en")
    'two adjacent digits transposed (437 printed, 473 recomputed)'
    >>> digit_slip("1.913", "4.545") is None
    True
    """
    a, b = printed.lstrip("-"), recomputed.lstrip("-")
    if len(a) != len(b) or a == b:
        return None
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(diff) == 1:
        return DigitSlip(Slip.ONE_DIGIT, printed, recomputed, diff[0] == len(a) - 1)
    if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
        return DigitSlip(Slip.TRANSPOSITION, printed, recomputed, False)
    return None


def slip_category(printed: str, recomputed: str) -> Category:
    """Typographical when one non-final digit differs or two are transposed; else a calculation error.

    A difference in the last printed digit only is what an arithmetic or
    rounding slip gives, so it is not called a typo.

    >>> slip_category("24.64", "34.64").value, slip_category("27.01", "27.03").value
    ('typographical_error', 'calculation_error')
    >>> slip_category("437", "473").value
    'typographical_error'
    """
    slip = digit_slip(printed, recomputed)
    if slip is None or slip.last:
        return Category.CALCULATION_ERROR
    return Category.TYPOGRAPHICAL_ERROR
