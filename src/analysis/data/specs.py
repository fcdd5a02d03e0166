"""Check specifications: ``data/checks/<study>.csv`` parsed against the engine's kinds.

One row per check: ``check_id, kind, targets, inputs, options, note`` (with
``note_zh``, the note in our Chinese words, required with a note) and, for
claims of the text, ``section, claim_en, claim_zh`` (our words, with the
section where the claim is printed; ``section_zh`` only where the rules for
section names cannot give the Chinese, :func:`analysis.text.places.section_text`);
``finding`` groups several checks that show one problem (default: each check is
its own finding); ``restates`` is ``same_clause`` for a claim whose predicate only compares numbers
printed in the same clause as the claim's own words (a before and an after printed side by side, a
count followed by the items it counts): it is kept in the ledger and counted as a restatement, never as
an independent check.

``targets`` and ``inputs`` are ``name=ref`` pairs separated by ``;``. A ref is
``resource:key:field`` within the study; refs joined by ``+`` are summed, by
``|`` are alternatives (for kinds that declare them), and ``rows(resource)``
is the number of rows of a transcribed table (an enumeration). ``options``
holds per-check settings that are not printed numbers (``predicate=...`` for a
claim). Everything is checked against the kind's declaration in
:data:`analysis.checks.engine.KINDS`; a bad row is an :class:`InputError` naming the
file, row and column.

>>> from analysis.data.datapackage import load_study
>>> specs = load_specs(load_study("zigong_hf_alliance"))
>>> specs[0].kind.name, sorted(specs[0].inputs)
('sum', ['parts'])
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.core.cache import ContentCache
from analysis.core.config import current
from analysis.data.datapackage import Cell, Study
from analysis.checks.engine import KINDS, Kind, Operand
from analysis.core.errors import InputError
from analysis.text.places import section_known

__all__ = ["SPEC_COLUMNS", "RESTATES", "Spec", "parse_spec_row", "load_specs", "validate_specs", "operand"]

SPEC_COLUMNS = ["check_id", "kind", "targets", "inputs", "options", "note", "note_zh", "section", "section_zh",
                "claim_en", "claim_zh", "finding", "restates"]
RESTATES = ("", "same_clause")
"""Values of the ``restates`` column."""
_ROWS = re.compile(r"^rows\((?P<res>[A-Za-z0-9_]+)\)$")
_ID = re.compile(r"^[a-z0-9_]+$")


@dataclass(frozen=True)
class Spec:
    """A parsed, resolved row of a check specification."""

    study: str
    check_id: str
    kind: Kind
    targets: dict[str, Cell]
    inputs: dict[str, tuple[Cell, ...]]
    options: dict[str, str]
    note: str
    section: str
    claim_en: str
    claim_zh: str
    finding: str
    file: str
    row: int
    note_zh: str = ""
    section_zh: str = ""
    restates: str = ""

    @property
    def is_claim(self) -> bool:
        """A claim of the text (its location is a section, not a table cell): a ledger kind that judges no
        printed number (``claim``, ``units``, ``per_capita``)."""
        return self.kind.section == "ledger" and not self.kind.targets


def operand(cells: tuple[Cell, ...]) -> Operand:
    """The engine's view of one (possibly summed) input: texts, exact if every part is a count."""
    return Operand(tuple(c.text for c in cells), all(c.exact for c in cells))


def _rows_cell(study: Study, name: str) -> Cell:
    if name not in study.resources:
        raise KeyError(f"no resource {name!r} in study {study.id}")
    res = study.resources[name]
    return Cell(ref=f"rows({name})", text=str(len(res.frame)), exact=True, table=res.table, row="all rows",
                column="number of rows", file=res.path, line=1, field="", label=f"rows of {name}",
                table_zh=res.table_zh)


def _pairs(text: str, *, file: str, row: int, column: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in (text or "").split(";"))):
        name, eq, value = part.partition("=")
        if not eq or not value.strip() or not name.strip():
            raise InputError(f"expected name=value, got {part!r}", file=file, row=row, column=column)
        if name.strip() in out:
            raise InputError(f"{name.strip()!r} given twice", file=file, row=row, column=column)
        out[name.strip()] = value.strip()
    return out


def _resolve(study: Study, text: str, *, allow_alternatives: bool, file: str, row: int, column: str) -> tuple[Cell, ...]:
    if "|" in text and not allow_alternatives:
        raise InputError(f"alternatives ('|') are not allowed here: {text!r}", file=file, row=row, column=column)
    cells = []
    for ref in (r.strip() for r in re.split(r"[+|]", text)):
        m = _ROWS.match(ref)
        try:
            cells.append(_rows_cell(study, m.group("res")) if m else study.cell(ref))
        except KeyError as exc:
            raise InputError(f"bad reference: {exc.args[0]}", file=file, row=row, column=column) from None
    return tuple(cells)


def parse_spec_row(study: Study, rec: dict, *, file: str, row: int) -> Spec:
    """Parse and check one specification row against its kind's declaration.

    Parameters
    ----------
    study : Study
        The study whose cells the references point into.
    rec : dict
        The row (columns :data:`SPEC_COLUMNS`; all but the first four optional).
    file : str
        Specification file, for messages.
    row : int
        1-based data row, for messages.
    """
    check_id = (rec.get("check_id") or "").strip()
    if not _ID.match(check_id):
        raise InputError(f"a check id is lower-case letters, digits and '_', got {check_id!r}",
                         file=file, row=row, column="check_id")
    name = (rec.get("kind") or "").strip()
    if name not in KINDS:
        raise InputError(f"unknown check kind {name!r}; expected one of {sorted(KINDS)}",
                         file=file, row=row, column="kind")
    k = KINDS[name]
    options = _pairs(rec.get("options", ""), file=file, row=row, column="options")
    unknown = sorted(set(options) - set(k.options))
    if unknown:
        raise InputError(f"{name} takes no option(s) {unknown}; it takes {list(k.options) or 'none'}",
                         file=file, row=row, column="options")
    resolved: dict[str, dict[str, tuple[Cell, ...]]] = {}
    for column, want in (("targets", k.targets), ("inputs", k.inputs)):
        pairs = _pairs(rec.get(column, ""), file=file, row=row, column=column)
        if want != ("*",):
            need = {n for n in want if n not in k.optional}
            allowed = set(want) | (set(k.optional) if column == "targets" else set())
            if not need <= set(pairs) or not set(pairs) <= allowed:
                raise InputError(f"{name} needs {column} {sorted(need)}"
                                 + (f" (optional {sorted(k.optional & allowed)})" if k.optional & allowed else "")
                                 + f", got {sorted(pairs)}", file=file, row=row, column=column)
        elif column == "inputs" and not pairs:
            raise InputError(f"{name} needs at least one input", file=file, row=row, column=column)
        cells = {n: _resolve(study, v, allow_alternatives=n in k.alternatives, file=file, row=row, column=column)
                 for n, v in pairs.items()}
        for n, cs in cells.items():
            for c in cs:
                if column == "inputs" and c.text == "":
                    raise InputError(f"input {c.ref} is empty", file=file, row=row, column=column)
                if c.text:
                    c.value  # noqa: B018 - raises InputError naming the data cell if not a number
            if column == "targets" and len(cs) != 1:
                raise InputError("a target is a single reference", file=file, row=row, column=column)
        resolved[column] = cells
    spec = Spec(study.id, check_id, k, {n: v[0] for n, v in resolved["targets"].items()}, resolved["inputs"],
                options, (rec.get("note") or "").strip(), (rec.get("section") or "").strip(),
                (rec.get("claim_en") or "").strip(), (rec.get("claim_zh") or "").strip(),
                (rec.get("finding") or "").strip() or check_id, file, row, (rec.get("note_zh") or "").strip(),
                (rec.get("section_zh") or "").strip(), (rec.get("restates") or "").strip())
    _domain_rules(spec)
    return spec


def _domain_rules(spec: Spec) -> None:
    """Rules that make a check impossible to run, not a finding: a part larger than its whole, a claim
    without its words, a predicate that does not parse or names a missing input."""
    where = {"file": spec.file, "row": spec.row}
    if spec.kind.name == "share":
        part, whole = operand(spec.inputs["part"]).face, operand(spec.inputs["whole"]).face
        if part > whole:
            c = spec.inputs["part"][0]
            raise InputError(f"count {c.text} is larger than its total {whole} ({spec.check_id})",
                             file=c.file, row=c.line - 1, column=c.field)
    if spec.note and not spec.note_zh:
        raise InputError("a note needs note_zh (the same note in our own Chinese words)", column="note_zh", **where)
    if spec.restates not in RESTATES or (spec.restates and not spec.is_claim):
        raise InputError(f"restates is empty or 'same_clause' (for a claim of the text), got {spec.restates!r}",
                         column="restates", **where)
    if spec.is_claim:
        from analysis.checks.kinds.claims import predicate_names
        for column in ("section", "claim_en", "claim_zh"):
            if not getattr(spec, column):
                raise InputError(f"a claim needs {column} (in our own words, with the section it is printed in)",
                                 column=column, **where)
        if not section_known(spec.section, spec.section_zh):
            raise InputError(f"section {spec.section!r} has no Chinese name by the rules for section names; "
                             "give it in section_zh", column="section_zh", **where)
    if spec.kind.name == "claim":
        try:
            names = predicate_names(spec.options.get("predicate", ""))
        except ValueError as exc:
            raise InputError(str(exc), column="options", **where) from None
        if not spec.options.get("predicate"):
            raise InputError("a claim needs options predicate=...", column="options", **where)
        missing = names - set(spec.inputs) - set(spec.targets)
        if missing:
            raise InputError(f"the predicate uses {sorted(missing)}, which are not inputs", column="options", **where)
        from analysis.checks.engine import Options, evaluate
        try:  # a predicate that cannot be evaluated on the printed values is bad input, not a finding
            evaluate("claim", {n: operand(c) for n, c in spec.inputs.items()},
                     {n: c.text for n, c in spec.targets.items()}, Options(), spec.options)
        except ValueError as exc:
            raise InputError(str(exc), column="options", **where) from None


def load_specs(study: Study) -> list[Spec]:
    """Every check of a study, parsed and resolved (empty if it has no specification).

    Parsed once per content of the study (its metadata, resources and specification) in a process:
    the build and the tests load the same study many times. A specification that fails is parsed
    again next time, so its error is raised again.
    """
    if study.checks is None:
        return []
    def parse() -> tuple[Spec, ...]:
        file = current().relative(current().checks / f"{study.id}.csv")
        missing = [c for c in ("check_id", "kind", "targets", "inputs") if c not in study.checks.columns]
        if missing:
            raise InputError(f"missing column(s) {missing}", file=file)
        return tuple(parse_spec_row(study, rec, file=file, row=i)
                     for i, rec in enumerate(study.checks.to_dict("records"), 1))
    return list(_PARSED.get(_study_digest(study), parse))


_PARSED = ContentCache(size=256)


def _study_digest(study: Study) -> str:
    """SHA-256 of everything a study's specification is resolved against."""
    import hashlib
    import json
    h = hashlib.sha256(json.dumps([study.id, study.meta], sort_keys=True, default=str).encode())
    for name in sorted(study.resources):
        res = study.resources[name]
        h.update(json.dumps([name, res.name, res.short, res.descriptor], sort_keys=True, default=str).encode())
        h.update(res.frame.to_csv(index=False).encode())
    h.update(study.checks.to_csv(index=False).encode())
    return h.hexdigest()


def validate_specs(studies: list[str] | None = None) -> list[str]:
    """Validate the data package (:func:`analysis.data.validation.validate`), then every check specification.

    Returns the studies validated; raises :class:`InputError` on the first problem.
    """
    from analysis.data.datapackage import load_study
    from analysis.data.validation import validate
    done = validate(studies)
    for sid in done:
        load_specs(load_study(sid))
    return done
