"""Loading and validating the data package (``data/datapackage.json``).

Validation runs before any notebook, in three layers, each stopping at the
first problem with a message that names file, row and column:

1. the checksum manifest of ``data/raw/`` (nothing changed it unnoticed);
2. the Frictionless Table Schemas (types, required fields, minimum, pattern,
   primary keys, missing or extra columns);
3. rules a schema cannot express: an SD must be > 0, a count a whole number.

The check specifications are validated on top of this, by
:func:`analysis.data.specs.validate_specs` (references that exist, the inputs each
kind needs, a part no larger than its total), so this module does not depend
on the check engine.

Printed values are kept as the text that was printed, so that their decimals
survive (``51.70`` keeps its trailing zero).

>>> "zigong_hf_alliance" in study_ids()
True
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import pandas as pd

from analysis.core.cache import ContentCache
from analysis.core.config import current
from analysis.core.errors import InputError
from analysis.core.rounding import parse_printed

__all__ = ["EXACT_ROLES", "Cell", "Resource", "Study", "descriptor", "study_ids", "study_meta", "load_study",
           "read_csv"]

EXACT_ROLES = ("count",)


@dataclass(frozen=True)
class Cell:
    """One printed value and where it was printed.

    Attributes
    ----------
    ref : str
        ``resource:key:field`` within the study.
    text : str
        The value exactly as printed (empty if the table prints nothing).
    exact : bool
        True for counts (no rounding interval), False for rounded measures.
    table, row, column : str
        Pointer into the source: printed table, row and column labels (the
        row of a passage of the text is ``section <name>``, as the ledger
        writes it).
    file : str
        The CSV (relative path) and ``line``, its line number there.
    label : str
        What the number is, in our words.
    section : str
        The section of the source where the number is printed, for a passage
        of the text (empty for a cell of a printed table): the fact a report
        renders, never parsed back from ``row``.
    table_zh, column_zh, label_zh : str
        The table, the column and the label in Chinese, from the data package
        (``table_zh`` of the resource; the printed column label, or the
        field's ``title_zh``, or the row's ``subject_zh``; the row's
        ``indicator_zh`` or the field's ``label_zh``); empty where it gives none.
    """

    ref: str
    text: str
    exact: bool
    table: str
    row: str
    column: str
    file: str
    line: int
    field: str
    label: str = ""
    section: str = ""
    table_zh: str = ""
    column_zh: str = ""
    label_zh: str = ""

    @property
    def value(self) -> Fraction:
        """The printed value as an exact fraction."""
        try:
            return Fraction(parse_printed(self.text).value)
        except ValueError as exc:
            raise InputError(str(exc), file=self.file, row=self.line - 1, column=self.field) from None

    def interval(self) -> tuple[Fraction, Fraction]:
        """Values that print as this cell: exact for counts, else +/- half a unit."""
        p = parse_printed(self.text)
        v = Fraction(p.value)
        if self.exact:
            return v, v
        h = Fraction(1, 2 * 10 ** p.decimals)
        return v - h, v + h


@dataclass
class Resource:
    """A transcribed table (one CSV) with its schema and metadata."""

    name: str
    short: str
    descriptor: dict
    frame: pd.DataFrame = field(repr=False)

    @property
    def table(self) -> str:
        return self.descriptor.get("table", "")

    @property
    def table_zh(self) -> str:
        """The printed table's name in Chinese (``table_zh`` of the descriptor; empty if none)."""
        return self.descriptor.get("table_zh", "")

    @property
    def kind(self) -> str:
        return self.descriptor.get("kind", "")

    @property
    def path(self) -> str:
        return "data/" + self.descriptor["path"]

    @property
    def key(self) -> str:
        return self.descriptor["schema"]["primaryKey"][0]

    @property
    def fields(self) -> list[dict]:
        return self.descriptor["schema"]["fields"]

    def field(self, name: str) -> dict:
        for f in self.fields:
            if f["name"] == name:
                return f
        raise KeyError(name)

    def cell(self, key: str, name: str) -> Cell:
        """The printed value in row ``key``, column ``name``."""
        keys = list(self.frame[self.key])
        if key not in keys:
            raise KeyError(f"{self.short}: no row with {self.key} = {key!r}")
        if name not in self.frame.columns:
            raise KeyError(f"{self.short}: no column {name!r}")
        i = keys.index(key)
        rec = self.frame.iloc[i]
        f = self.field(name)
        printed_row = rec.get("printed_row") or f.get("printed_row")
        section = "" if printed_row or "section" not in rec else str(rec["section"])
        row = printed_row or (f"section {section}" if "section" in rec else key)
        if f.get("printed_column") or rec.get("printed_column"):  # the source's own label, in its language
            column = column_zh = f.get("printed_column") or rec.get("printed_column")
        elif rec.get("subject"):
            column, column_zh = rec["subject"], rec.get("subject_zh", "")
        else:
            column, column_zh = f["title"], f.get("title_zh", "")
        label = rec.get("indicator") or rec.get("subject") or (
            str(rec["variable"]).replace("_", " ") if "variable" in rec else f["title"].replace(", mean", ""))
        if rec.get("indicator") and rec.get("site"):
            label = f"{rec['site']}: {rec['indicator']}"
        elif rec.get("indicator") and rec.get("unit"):
            label = f"{rec['indicator']}, {rec['unit']}"
        label_zh = rec.get("indicator_zh") or f.get("label_zh", "")
        exact = f.get("role") in EXACT_ROLES or rec.get("value_type") == "count"
        return Cell(ref=f"{self.short}:{key}:{name}", text=str(rec[name]).strip(),
                    exact=exact, table=self.table, row=str(row),
                    column=str(column), file=self.path, line=i + 2, field=name, label=str(label),
                    section=section, table_zh=self.table_zh, column_zh=str(column_zh), label_zh=str(label_zh))


@dataclass
class Study:
    """A study: its metadata, its resources and its check specification."""

    id: str
    meta: dict
    resources: dict[str, Resource]
    checks: pd.DataFrame | None

    def cell(self, ref: str) -> Cell:
        """Resolve ``resource:key:field``."""
        parts = ref.strip().split(":")
        if len(parts) != 3:
            raise KeyError(f"a reference is resource:key:field, got {ref!r}")
        res, key, name = parts
        if res not in self.resources:
            raise KeyError(f"no resource {res!r} in study {self.id}")
        return self.resources[res].cell(key, name)

    @property
    def tables(self) -> list[str]:
        """Printed tables in the order the study lists them."""
        return self.meta.get("tables") or sorted({r.table for r in self.resources.values()})

    def table_zh(self, table: str) -> str:
        """A printed table's name in Chinese (``table_zh`` of its resources; empty if none gives one)."""
        return next((r.table_zh for r in self.resources.values() if r.table == table and r.table_zh), "")


def _parse_descriptor(data: bytes, file: str) -> dict:
    try:
        parsed = json.loads(data.decode("utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", file=file) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", file=file) from None
    if not isinstance(parsed, dict) or not isinstance(parsed.get("resources"), list) \
            or not isinstance(parsed.get("studies"), list):
        raise InputError("a data package is an object with lists 'resources' and 'studies'", file=file)
    return parsed


_PARSED = ContentCache()  # descriptors and CSV files of this process, by content


def descriptor() -> dict:
    """The data package descriptor (``data/datapackage.json``) as a dict (read-only: it is shared)."""
    path = current().datapackage
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("the data package descriptor is missing", file=current().relative(path)) from None
    return _PARSED.get(b"descriptor\0" + data, lambda: _parse_descriptor(data, current().relative(path)))


def study_ids() -> list[str]:
    """Ids of the studies declared in the data package."""
    return [s["id"] for s in descriptor()["studies"]]


def study_meta(study: str) -> dict:
    """Metadata of one study; an unknown id is an :class:`InputError`."""
    for s in descriptor()["studies"]:
        if s["id"] == study:
            return s
    raise InputError(f"unknown study id {study!r}; known: {', '.join(study_ids())}",
                     file=current().relative(current().datapackage))


def read_csv(path: Path) -> pd.DataFrame:
    """A transcription or specification as text; lines starting with ``#`` are comments (the examples the
    new-study scaffold writes; the resource's dialect declares ``commentChar``)."""
    data = Path(path).read_bytes()

    def parse() -> pd.DataFrame:
        text = data.decode("utf-8")
        if "\n#" in text:
            text = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    return _PARSED.get(b"csv\0" + data, parse).copy()


def load_study(study: str) -> Study:
    """Load one study's resources as text frames (values exactly as printed)."""
    meta = study_meta(study)
    resources, checks = {}, None
    for r in descriptor()["resources"]:
        if r.get("study") != study:
            continue
        frame = read_csv(current().data / r["path"])
        if r.get("kind") == "checks":
            checks = frame
            continue
        short = r["name"].split("/", 1)[1]
        resources[short] = Resource(r["name"], short, r, frame)
    return Study(study, meta, resources, checks)
