"""Validating the data package before anything is built, stopping at the first problem with a message that
names file, row and column.

1. the checksum manifest of ``data/raw/`` (nothing changed it unnoticed);
2. the Frictionless Table Schemas (types, required fields, minimum, pattern,
   primary keys, missing or extra columns);
3. rules a schema cannot express: an SD must be > 0, a count a whole number,
   a subgroup no larger than its total, a printed table named in both languages
   (``table`` and ``table_zh``);
4. every file on disk declared, every declared file present.

The check specifications are validated on top of this, by
:func:`analysis.data.specs.validate_specs`.

>>> "zigong_hf_alliance" in validate(["zigong_hf_alliance"])
True
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

from analysis.core.cache import ContentCache, content_key
from analysis.core.config import current
from analysis.core.errors import InputError
from analysis.core.provenance import sha256
from analysis.core.rounding import parse_printed
from analysis.data.datapackage import Resource, Study, descriptor, load_study, read_csv, study_ids, study_meta

__all__ = ["validate", "validate_manifest", "validate_coding", "write_manifest", "frictionless_errors",
           "validate_declared_files", "check_files"]

_VALIDATED = ContentCache()  # Frictionless results by the content of the descriptors and their files


_BAD_NAME = re.compile(r"[\x00-\x1f\x7f\\]")
"""Characters a file name under ``data/`` may not hold: control characters (a newline broke the manifest's
one line per file) and backslashes."""


def check_files(folder: Path) -> None:
    """Refuse, naming it, a file under ``folder`` whose name holds a control character, or a symbolic link
    that leads outside the repository (its content would be an input no clone carries)."""
    root = current().root.resolve()
    for p in sorted(folder.rglob("*")):
        rel = Path(os.path.relpath(p, current().root)).as_posix()
        if _BAD_NAME.search(p.name):
            shown = repr(rel)  # the newline as \n: the message stays one line
            raise InputError(f"a file name with a control character or a backslash: rename {shown}",
                             file=Path(os.path.relpath(p.parent, current().root)).as_posix() + "/")
        if p.is_symlink() and not p.resolve().is_relative_to(root):
            raise InputError("a symbolic link to a file outside the repository: a clone would not have it; copy the "
                             "file into the repository instead", file=rel)


def _raw_files() -> list[Path]:
    check_files(current().raw)
    return sorted(p for p in current().raw.rglob("*") if p.is_file() and p != current().manifest)


def write_manifest() -> None:
    """Rewrite ``data/raw/SHA256SUMS`` (run by hand after a deliberate edit)."""
    lines = [f"{sha256(p)}  {p.relative_to(current().raw).as_posix()}\n" for p in _raw_files()]
    current().manifest.write_text("".join(lines), encoding="utf-8")


def validate_manifest() -> None:
    """Fail if any file under ``data/raw/`` differs from the checksum manifest."""
    manifest = current().relative(current().manifest)
    if not current().manifest.exists():
        raise InputError("checksum manifest missing; run `make manifest` after checking the data", file=manifest)
    expected = {}
    for n, line in enumerate(current().manifest.read_text(encoding="utf-8").splitlines(), 1):
        digest, _, name = line.partition("  ")
        expected[name] = (digest, n)
    actual = {p.relative_to(current().raw).as_posix(): p for p in _raw_files()}
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            raise InputError(f"listed in the manifest but missing: {name}", file=manifest, row=expected[name][1])
        if name not in expected:
            raise InputError("not in the checksum manifest (data/raw is read-only to the build; "
                             "run `make manifest` after a deliberate change)", file=f"data/raw/{name}")
        if sha256(actual[name]) != expected[name][0]:
            raise InputError("content differs from the checksum manifest (data/raw is read-only to the build; "
                             "run `make manifest` after a deliberate change)", file=f"data/raw/{name}")


def _header(path: str) -> list[str]:
    import csv
    try:
        with open(current().root / path, encoding="utf-8", newline="") as fh:
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
            note = note.replace(str(current().root) + "/", "")
            cell = getattr(e, "cell", None)
            what = f"{e.type}: {note}" + (f" (cell {cell!r})" if cell not in (None, "") else "")
            out.append(InputError(what, file=path, row=row - 1 if row else None, column=col))
    for e in report.errors:
        out.append(InputError(f"{e.type}: {e.message}", file=current().relative(current().datapackage)))
    return out


def _content_key(descriptors: list[dict]) -> str | None:
    """Key of the descriptors and the bytes of their files (None if a file is unreadable).

    Messages name files relative to the root, so the same content gives the same errors."""
    parts: list[bytes | str] = []
    for d in descriptors:
        parts.append(json.dumps(d, sort_keys=True))
        try:
            parts.append((current().data / d["path"]).read_bytes())
        except (OSError, KeyError, TypeError):
            return None
    return content_key(*parts)


def _missing_columns(resource_descriptor: dict) -> list[InputError]:
    """A column of the schema that the file's header lacks, by name.

    Frictionless compares the header with the schema position by position, so a removed ``age_sd`` was
    reported as the last column (``duration_sd``); comparing names says which one is gone.
    """
    schema = resource_descriptor.get("schema")
    path = resource_descriptor.get("path")
    if not isinstance(schema, dict) or not isinstance(path, str):
        return []
    header = _header("data/" + path)
    if not header:
        return []
    names = [f.get("name") for f in schema.get("fields", []) if isinstance(f, dict)]
    return [InputError(f"missing-label: the header has no column {n!r}, which the schema of this resource in "
                       "data/datapackage.json lists", file="data/" + path, column=n) for n in names if n not in header]


def frictionless_errors(resource_descriptor: dict) -> list[InputError]:
    """Validate one resource with Frictionless; return its errors as InputErrors.

    Results are remembered in this process by the content of the descriptor and
    the file, so validating many variants of the data (the tests) is fast.
    """
    from frictionless import Resource as FResource

    missing = _missing_columns(resource_descriptor)
    if missing:
        return missing

    def run() -> list[InputError]:
        res = FResource(resource_descriptor, basepath=str(current().data))
        return _report_errors(res.validate(), {resource_descriptor["name"]: "data/" + resource_descriptor["path"]})
    key = _content_key([resource_descriptor])
    return run() if key is None else _VALIDATED.get(key, run)


def validate_coding() -> None:
    """The cross-city coding: schemas, foreign keys, and outcome references that resolve."""
    from frictionless import Package

    coding = [r for r in descriptor()["resources"] if r.get("kind") == "coding"]
    if not coding:
        return
    def run() -> list[InputError]:
        report = Package({"resources": coding}, basepath=str(current().data)).validate()
        return _report_errors(report, {r["name"]: "data/" + r["path"] for r in coding})
    key = _content_key(coding)
    errors = run() if key is None else _VALIDATED.get(key, run)
    if errors:
        raise errors[0]
    omap = next((r for r in coding if r["name"] == "coding/outcome_map"), None)
    if omap is None:
        return
    frame = read_csv(current().data / omap["path"])
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
                             "a field of the resource", file=current().relative(current().datapackage))
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
    package = current().relative(current().datapackage)
    declared = {}
    for r in desc["resources"]:
        declared[(current().data / r["path"]).resolve()] = r["name"]
    for path, name in declared.items() if missing else ():
        if not path.is_file():
            raise InputError(f"declared as resource {name!r} in {package} but missing on disk",
                             file=current().relative(path))
    for folder in (current().raw, current().checks, current().coding) if undeclared else ():
        if not folder.is_dir():
            continue
        check_files(folder)
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p != current().manifest):
            if path.name.startswith(".") or path.suffix not in (".csv", ".tsv", ".json", ".txt"):
                continue
            if path.resolve() not in declared:
                raise InputError(f"not declared as a resource in {package} (add it there, e.g. with "
                                 f"`python -m analysis new-study`, or remove the file): it would be ignored",
                                 file=current().relative(path))
    ids = {s["id"] for s in desc["studies"]}
    for r in desc["resources"]:
        if r.get("study") and r["study"] not in ids:
            raise InputError(f"resource {r['name']!r} belongs to study {r['study']!r}, which 'studies' does not "
                             f"declare", file=package)


def _refuse_proposed(resource: dict) -> None:
    """A study proposed from its text (``new-study --from-text``) builds only once a person confirmed every row."""
    from analysis.data.scaffold import proposed_rows
    if not any(f.get("name") == "status" for f in resource.get("schema", {}).get("fields", [])):
        return
    path = current().data / resource["path"]
    pending = proposed_rows(path)
    if pending:
        row, key = pending[0]
        raise InputError(f"{len(pending)} row(s) proposed by `new-study --from-text` and not yet confirmed (first: "
                         f"{key}): check each against the source, then set its status to confirmed",
                         file=current().relative(path), row=row, column="status")


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
    def check_descriptor() -> bool:  # the descriptor's own validation, once per content
        try:
            Package(desc, basepath=str(current().data))
        except Exception as exc:  # descriptor-level problems
            raise InputError(f"invalid data package descriptor: {exc}",
                             file=current().relative(current().datapackage)) from None
        return True
    _VALIDATED.get(content_key("descriptor", json.dumps(desc, sort_keys=True)), check_descriptor)
    ids = study_ids()
    wanted = studies or ids
    for s in wanted:
        study_meta(s)
    for r in desc["resources"]:
        if r.get("study") not in wanted:
            continue
        if r.get("table") and not r.get("table_zh"):  # a report names the table in Chinese from the data, never by rule
            raise InputError(f"resource {r['name']!r} names its printed table ({r['table']!r}) but not in Chinese: "
                             "add table_zh", file=current().relative(current().datapackage))
        errors = frictionless_errors(r)
        if errors:
            raise errors[0]
        _refuse_proposed(r)
    for s in wanted:
        st = load_study(s)
        _validate_schema_extras(st)
    if studies is None:
        validate_coding()
    return wanted
