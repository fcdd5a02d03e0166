"""Loading and validating the data package (``data/datapackage.json``).

Validation runs before any notebook, in three layers, each stopping at the
first problem with a message that names file, row and column:

1. the checksum manifest of ``data/raw/`` (nothing changed it unnoticed);
2. the Frictionless Table Schemas (types, required fields, minimum, pattern,
   primary keys, missing or extra columns);
3. rules a schema cannot express: an SD must be > 0, a count a whole number.

The check specifications are validated on top of this, by
:func:`analysis.specs.validate_specs` (references that exist, the inputs each
kind needs, a part no larger than its total), so this module does not depend
on the check engine.

Printed values are kept as the text that was printed, so that their decimals
survive (``51.70`` keeps its trailing zero).

>>> "zigong_hf_alliance" in study_ids()
True
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import paths
from .errors import InputError
from .rounding import parse_printed

__all__ = [
    "Cell", "Resource", "Study", "descriptor", "study_ids", "study_meta", "load_study",
    "validate", "validate_manifest", "validate_coding", "write_manifest", "frictionless_errors",
    "validate_declared_files",
]

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
        Pointer into the source: printed table, row and column labels.
    file : str
        The CSV (relative path) and ``line``, its line number there.
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
        row = rec.get("printed_row") or f.get("printed_row") or (
            f"section {rec['section']}" if "section" in rec else key)
        column = f.get("printed_column") or rec.get("printed_column") or rec.get("subject") or f["title"]
        label = rec.get("indicator") or rec.get("subject") or (
            str(rec["variable"]).replace("_", " ") if "variable" in rec else f["title"].replace(", mean", ""))
        if rec.get("indicator") and rec.get("site"):
            label = f"{rec['site']}: {rec['indicator']}"
        elif rec.get("indicator") and rec.get("unit"):
            label = f"{rec['indicator']}, {rec['unit']}"
        exact = f.get("role") in EXACT_ROLES or rec.get("value_type") == "count"
        return Cell(ref=f"{self.short}:{key}:{name}", text=str(rec[name]).strip(),
                    exact=exact, table=self.table, row=str(row),
                    column=str(column), file=self.path, line=i + 2, field=name, label=str(label))


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


@lru_cache(maxsize=1)
def _descriptor_cached(path: str, mtime: float, size: int) -> dict:
    del mtime, size
    file = paths.relative(path)
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", file=file) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", file=file) from None
    if not isinstance(data, dict) or not isinstance(data.get("resources"), list) \
            or not isinstance(data.get("studies"), list):
        raise InputError("a data package is an object with lists 'resources' and 'studies'", file=file)
    return data


def descriptor() -> dict:
    """The data package descriptor (``data/datapackage.json``) as a dict."""
    try:
        st = paths.DATAPACKAGE.stat()
    except FileNotFoundError:
        raise InputError("the data package descriptor is missing", file=paths.relative(paths.DATAPACKAGE)) from None
    return _descriptor_cached(str(paths.DATAPACKAGE), st.st_mtime_ns, st.st_size)


def study_ids() -> list[str]:
    """Ids of the studies declared in the data package."""
    return [s["id"] for s in descriptor()["studies"]]


def study_meta(study: str) -> dict:
    """Metadata of one study; an unknown id is an :class:`InputError`."""
    for s in descriptor()["studies"]:
        if s["id"] == study:
            return s
    raise InputError(f"unknown study id {study!r}; known: {', '.join(study_ids())}",
                     file=paths.relative(paths.DATAPACKAGE))


def _read_csv(path: Path) -> pd.DataFrame:
    """A transcription or specification as text; lines starting with ``#`` are comments (the examples the
    new-study scaffold writes; the resource's dialect declares ``commentChar``)."""
    import io
    data = path.read_bytes()
    key = hashlib.sha256(data).digest()  # by content: an edit is never served stale
    frame = _FRAMES.get(key)
    if frame is None:
        text = data.decode("utf-8")
        if "\n#" in text:
            text = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        if len(_FRAMES) > 4096:
            _FRAMES.clear()
        _FRAMES[key] = frame
    return frame.copy()


#: Parsed CSV files of this process, by content (a build reads each file many times).
_FRAMES: dict[bytes, pd.DataFrame] = {}


def load_study(study: str) -> Study:
    """Load one study's resources as text frames (values exactly as printed)."""
    meta = study_meta(study)
    resources, checks = {}, None
    for r in descriptor()["resources"]:
        if r.get("study") != study:
            continue
        frame = _read_csv(paths.DATA / r["path"])
        if r.get("kind") == "checks":
            checks = frame
            continue
        short = r["name"].split("/", 1)[1]
        resources[short] = Resource(r["name"], short, r, frame)
    return Study(study, meta, resources, checks)


# ---------------------------------------------------------------- validation

def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _raw_files() -> list[Path]:
    return sorted(p for p in paths.RAW.rglob("*") if p.is_file() and p != paths.MANIFEST)


def write_manifest() -> None:
    """Rewrite ``data/raw/SHA256SUMS`` (run by hand after a deliberate edit)."""
    lines = [f"{_sha256(p)}  {p.relative_to(paths.RAW).as_posix()}\n" for p in _raw_files()]
    paths.MANIFEST.write_text("".join(lines), encoding="utf-8")


def validate_manifest() -> None:
    """Fail if any file under ``data/raw/`` differs from the checksum manifest."""
    manifest = paths.relative(paths.MANIFEST)
    if not paths.MANIFEST.exists():
        raise InputError("checksum manifest missing; run `make manifest` after checking the data", file=manifest)
    expected = {}
    for n, line in enumerate(paths.MANIFEST.read_text(encoding="utf-8").splitlines(), 1):
        digest, _, name = line.partition("  ")
        expected[name] = (digest, n)
    actual = {p.relative_to(paths.RAW).as_posix(): p for p in _raw_files()}
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            raise InputError(f"listed in the manifest but missing: {name}", file=manifest, row=expected[name][1])
        if name not in expected:
            raise InputError("not in the checksum manifest (data/raw is read-only to the build; "
                             "run `make manifest` after a deliberate change)", file=f"data/raw/{name}")
        if _sha256(actual[name]) != expected[name][0]:
            raise InputError("content differs from the checksum manifest (data/raw is read-only to the build; "
                             "run `make manifest` after a deliberate change)", file=f"data/raw/{name}")


def _header(path: str) -> list[str]:
    import csv
    try:
        with open(paths.ROOT / path, encoding="utf-8", newline="") as fh:
            return next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError):
        return []


def _report_errors(report, path_of: dict[str, str]) -> list[InputError]:
    import re
    out = []
    for task in report.tasks:
        path = path_of.get(task.name, task.name)
        for e in task.errors:
            row = getattr(e, "row_number", None)
            col = getattr(e, "field_name", None) or getattr(e, "label", None)
            note = getattr(e, "note", "") or e.message
            if e.type == "extra-label":  # frictionless names no column: take it from the header
                pos = getattr(e, "field_number", None) or getattr(e, "row_number", None)
                header = _header(path)
                col = header[pos - 1] if pos and pos <= len(header) else f"#{pos}"
                note = f"column {pos} is not in the schema of this resource in data/datapackage.json"
            if e.type == "scheme-error" and "No such file" in note:
                note = "file not found (declared in data/datapackage.json)"
            # frictionless counts the header as row 1; we count data rows from 1 (line = row + 1)
            note = re.sub(r"(the )?row at position (\d+)", lambda m: f"row {int(m.group(2)) - 1} (line {m.group(2)})", note)
            note = note.replace(str(paths.ROOT) + "/", "")
            cell = getattr(e, "cell", None)
            what = f"{e.type}: {note}" + (f" (cell {cell!r})" if cell not in (None, "") else "")
            out.append(InputError(what, file=path, row=row - 1 if row else None, column=col))
    for e in report.errors:
        out.append(InputError(f"{e.type}: {e.message}", file=paths.relative(paths.DATAPACKAGE)))
    return out


_VALIDATED: dict[str, list[InputError]] = {}
_DESCRIPTORS_VALID: set[str] = set()  # digests of descriptors Frictionless accepted


def _content_key(descriptors: list[dict]) -> str | None:
    """SHA-256 of the descriptors and the bytes of their files (None if a file is unreadable)."""
    h = hashlib.sha256()  # messages name files relative to the root: the same content gives the same errors
    for d in descriptors:
        h.update(json.dumps(d, sort_keys=True).encode())
        try:
            h.update((paths.DATA / d["path"]).read_bytes())
        except (OSError, KeyError, TypeError):
            return None
    return h.hexdigest()


def frictionless_errors(resource_descriptor: dict) -> list[InputError]:
    """Validate one resource with Frictionless; return its errors as InputErrors.

    Results are remembered in this process by the content of the descriptor and
    the file, so validating many variants of the data (the tests) is fast.
    """
    from frictionless import Resource as FResource

    key = _content_key([resource_descriptor])
    if key is not None and key in _VALIDATED:
        return _VALIDATED[key]
    res = FResource(resource_descriptor, basepath=str(paths.DATA))
    out = _report_errors(res.validate(), {resource_descriptor["name"]: "data/" + resource_descriptor["path"]})
    if key is not None:
        _VALIDATED[key] = out
    return out


def validate_coding() -> None:
    """The cross-city coding: schemas, foreign keys, and outcome references that resolve."""
    from frictionless import Package

    coding = [r for r in descriptor()["resources"] if r.get("kind") == "coding"]
    if not coding:
        return
    key = _content_key(coding)
    errors = _VALIDATED.get(key) if key else None
    if errors is None:
        report = Package({"resources": coding}, basepath=str(paths.DATA)).validate()
        errors = _report_errors(report, {r["name"]: "data/" + r["path"] for r in coding})
        if key:
            _VALIDATED[key] = errors
    if errors:
        raise errors[0]
    omap = next((r for r in coding if r["name"] == "coding/outcome_map"), None)
    if omap is None:
        return
    frame = _read_csv(paths.DATA / omap["path"])
    loaded: dict[str, Study] = {}
    for i, rec in enumerate(frame.to_dict("records"), 1):
        refs = {c: rec[c] for c in ("before_ref", "after_ref", "change_ref") if rec[c]}
        if not refs:
            raise InputError("no value referenced", file="data/" + omap["path"], row=i, column="after_ref")
        for column, ref in refs.items():
            study, res, key, name = ref.split(":")
            try:
                study_meta(study)
                st = loaded.get(study) or loaded.setdefault(study, load_study(study))
                cell = st.resources[res].cell(key, name)
            except (InputError, KeyError) as exc:
                raise InputError(f"reference {ref!r} does not resolve: {exc}", file="data/" + omap["path"],
                                 row=i, column=column) from None
            if not cell.text:
                raise InputError(f"reference {ref!r} points at an empty cell", file="data/" + omap["path"],
                                 row=i, column=column)


def _validate_magnitudes(res: Resource) -> None:
    """Every number must fit a double: a 309-digit number would pass the schema, then overflow."""
    import math
    for f in res.fields:
        if f["name"] not in res.frame.columns or not (f.get("type") in ("number", "integer") or f.get("role") == "value"):
            continue
        for i, text in enumerate(res.frame[f["name"]], 1):
            try:
                v = parse_printed(text).value
            except ValueError:
                continue  # not a number: the schema (or the check that reads it) says so
            if not math.isfinite(float(v)) or abs(v) >= 10 ** 15:
                raise InputError(f"number too large to be a printed value ({len(text.strip())} characters)",
                                 file=res.path, row=i, column=f["name"])


def _validate_schema_extras(study: Study) -> None:
    """Rules a Table Schema cannot state: SD > 0, counts whole, numbers of a printable size, and a
    subgroup no larger than its total (a field's ``"part_of": "<field>"``: in every row, this count is at
    most that field's count; a sum of subgroups above the total is a finding of the source, not bad input)."""
    for res in study.resources.values():
        _validate_magnitudes(res)
        _validate_parts(res)
        for f in res.fields:
            role = f.get("role")
            if role not in ("sd", "count") or f["name"] not in res.frame.columns:
                continue
            for i, text in enumerate(res.frame[f["name"]], 1):
                if text.strip() == "":
                    continue
                v = parse_printed(text).value
                if role == "sd" and v <= 0:
                    raise InputError(f"an SD must be > 0, got {text!r}", file=res.path, row=i, column=f["name"])
                if role == "count" and v != v.to_integral_value():
                    raise InputError(f"a count must be a whole number, got {text!r}", file=res.path, row=i, column=f["name"])


def _validate_parts(res: Resource) -> None:
    names = [f["name"] for f in res.fields]
    for f in res.fields:
        whole = f.get("part_of")
        if whole is None:
            continue
        if whole not in names:
            raise InputError(f"resource {res.name!r}, field {f['name']!r}: part_of names {whole!r}, which is not "
                             "a field of the resource", file=paths.relative(paths.DATAPACKAGE))
        if f["name"] not in res.frame.columns or whole not in res.frame.columns:
            continue  # a missing column is reported by the schema check
        for i, (part, total) in enumerate(zip(res.frame[f["name"]], res.frame[whole]), 1):
            if part.strip() == "" or total.strip() == "":
                continue
            if parse_printed(part).value > parse_printed(total).value:
                raise InputError(f"count {part} is larger than its total {total} (column {whole!r})",
                                 file=res.path, row=i, column=f["name"])


def validate_declared_files(missing: bool = True, undeclared: bool = True) -> None:
    """Fail, naming the file, for a data or checks file the package does not declare, or declares and lacks.

    Every CSV under ``data/raw/``, ``data/checks/`` and ``data/coding/`` must
    be the ``path`` of a resource of ``data/datapackage.json``, and every
    declared path must exist. (An undeclared checks file used to be silently
    ignored: nothing was checked and nothing said so.) A resource of a study
    that ``studies`` does not list is an error too.
    """
    desc = descriptor()
    package = paths.relative(paths.DATAPACKAGE)
    declared = {}
    for r in desc["resources"]:
        declared[(paths.DATA / r["path"]).resolve()] = r["name"]
    for path, name in declared.items() if missing else ():
        if not path.is_file():
            raise InputError(f"declared as resource {name!r} in {package} but missing on disk",
                             file=paths.relative(path))
    for folder in (paths.RAW, paths.CHECKS, paths.CODING) if undeclared else ():
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p != paths.MANIFEST):
            if path.name.startswith(".") or path.suffix not in (".csv", ".tsv", ".json", ".txt"):
                continue
            if path.resolve() not in declared:
                raise InputError(f"not declared as a resource in {package} (add it there, e.g. with "
                                 f"`python -m analysis new-study`, or remove the file): it would be ignored",
                                 file=paths.relative(path))
    ids = {s["id"] for s in desc["studies"]}
    for r in desc["resources"]:
        if r.get("study") and r["study"] not in ids:
            raise InputError(f"resource {r['name']!r} belongs to study {r['study']!r}, which 'studies' does not "
                             f"declare", file=package)


def validate(studies: list[str] | None = None) -> list[str]:
    """Validate the manifest, the package and the named studies (default: all).

    Returns the list of studies validated; raises :class:`InputError` on the
    first problem.
    """
    from frictionless import Package

    validate_declared_files(missing=False)  # a file on disk the package does not declare would be ignored
    validate_manifest()  # then the checksum guard of data/raw names what changed there
    validate_declared_files(undeclared=False)
    desc = descriptor()
    key = hashlib.sha256(json.dumps(desc, sort_keys=True).encode()).hexdigest()
    if key not in _DESCRIPTORS_VALID:  # the descriptor's own validation, once per content
        try:
            Package(desc, basepath=str(paths.DATA))
        except Exception as exc:  # descriptor-level problems
            raise InputError(f"invalid data package descriptor: {exc}",
                             file=paths.relative(paths.DATAPACKAGE)) from None
        _DESCRIPTORS_VALID.add(key)
    ids = study_ids()
    wanted = studies or ids
    for s in wanted:
        study_meta(s)
    for r in desc["resources"]:
        if r.get("study") not in wanted:
            continue
        errors = frictionless_errors(r)
        if errors:
            raise errors[0]
    for s in wanted:
        st = load_study(s)
        _validate_schema_extras(st)
    if studies is None:
        validate_coding()
    return wanted
