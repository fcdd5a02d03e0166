"""An extracted row: one printed result in the audit's input format, with where and how it was read.

The columns are those of README "Auditing your own table" (``kind`` and the
kind's own columns: ``statistic value df1 df2 p tails``, ``m1 s1 n1 m2 s2 n2``,
``a b c d``/``table``, ``before after target``, ``part whole``, ``parts``,
``numerator denominator``, ``alpha``, ``exact``), then:

================  ============================================================================
``id``            the row's id in this extraction (``L85.1``: line 85, first result read there)
``source_line``   the 1-based line of the source where the result is printed
``location``      the table or section, as the source names it (``Table 1``, ``3.4``, ``Abstract``)
``label``         what the number is, in the source's own words (a column or row header)
``raw``           the text it was read from (the cells or the words of the result, as printed)
``role``          ``result`` (a printed result), ``claim`` (a significance statement checked against
                  the test it refers to), ``restated`` (a number printed twice)
``refers_to``     for a claim or a restated number, the id of the row it refers to
``status``        ``checkable``, or ``unchecked`` when the extractor cannot complete the row
``reason``        why a row is unchecked (English; :attr:`Row.reason` is a catalogue message)
``inferred``      what the source does not print and the extractor inferred (a df from the group
                  sizes, which test a mixed statistic row holds...), English of catalogue messages
================  ============================================================================

Nothing is guessed silently: every inference is named in ``inferred``, and
a result that cannot be completed is a row with ``status`` ``unchecked`` and
its ``reason`` (it still goes to the audit, which marks it ``invalid``).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from typing import Iterable

from analysis.text.catalogue import Msg, render

__all__ = ["Row", "AUDIT_INPUTS", "COLUMNS", "ROLES", "STATUSES", "to_record", "rows_csv"]

AUDIT_INPUTS = ("kind", "statistic", "value", "df1", "df2", "p", "tails", "m1", "s1", "n1", "m2", "s2", "n2",
                "a", "b", "c", "d", "table", "before", "after", "target", "part", "whole", "numerator",
                "denominator", "parts", "alpha", "exact")
"""The audit's input columns an extracted row may fill (``python -m analysis audit --kinds``)."""
COLUMNS = AUDIT_INPUTS + ("id", "source_line", "location", "label", "raw", "role", "refers_to", "status",
                          "reason", "inferred")
"""Every column of ``extract``'s output, in order."""
ROLES = ("result", "claim", "restated")
STATUSES = ("checkable", "unchecked")


@dataclass(frozen=True)
class Row:
    """One extracted result.

    Attributes
    ----------
    kind : str
        The audit kind (``t_from_summaries``, ``p_from_statistic``, ``growth``...).
    values : dict
        The kind's columns, as printed (text).
    line : int
        1-based line of the source.
    location, label, raw : str
        See the module docstring.
    role : str
        One of :data:`ROLES`.
    reason : Msg or None
        Why the row is unchecked; None for a checkable row.
    inferred : tuple of Msg
        What was inferred, each a catalogue message.
    refers_to : str
        The id of the row a claim or a restated number refers to.
    id : str
        Set by :func:`analysis.extract.paper.extract` (``L<line>.<k>``).
    """

    kind: str
    values: dict = field(default_factory=dict)
    line: int = 0
    location: str = ""
    label: str = ""
    raw: str = ""
    role: str = "result"
    reason: Msg | None = None
    inferred: tuple = ()
    refers_to: str = ""
    id: str = ""

    @property
    def status(self) -> str:
        return "checkable" if self.reason is None else "unchecked"

    def unchecked(self, reason: Msg) -> "Row":
        """The same row, unchecked for ``reason``."""
        return replace(self, reason=reason)


def to_record(row: Row, lang: str = "en") -> dict[str, str]:
    """The row as CSV cells (messages rendered in ``lang``)."""
    rec = {c: "" for c in COLUMNS}
    rec.update({k: str(v) for k, v in row.values.items() if k in AUDIT_INPUTS})
    rec.update(kind=row.kind, id=row.id, source_line=str(row.line), location=row.location, label=row.label,
               raw=row.raw, role=row.role, refers_to=row.refers_to, status=row.status,
               reason=render(row.reason, lang) if row.reason else "",
               inferred="; ".join(render(m, lang) for m in row.inferred))
    return rec


def rows_csv(rows: Iterable[Row]) -> str:
    """The rows as one CSV text (header :data:`COLUMNS`, ``\\n`` line ends)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow(to_record(r))
    return buf.getvalue()
