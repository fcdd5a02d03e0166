"""Scaffold a new study: ``python -m analysis new-study ID`` (``make new-study ID=...``).

Adding a study by hand needs four coordinated edits (the study in the data
package's ``studies``, a resource per transcribed table, the checks resource,
a params file), and a missed one used to fail late or, worse, silently (a
checks file that is not declared is never read). This command makes them all
at once, refuses to overwrite anything, and prints what is left to fill in:

* ``data/datapackage.json``: the study (title, citation, evidence level,
  source, tables), a resource ``<ID>/values`` for ``data/raw/<ID>/values.csv``
  (one printed value per row: key, section, indicator, unit, value_type,
  value) and the checks resource ``checks/<ID>``, whose schema is copied from
  an existing study's checks resource so both stay alike;
* ``data/raw/<ID>/values.csv``: the header only;
* ``data/checks/<ID>.csv``: the header and, as ``#`` comment lines, one
  example row per kind (the ``dialect`` of its resource declares ``#`` as the
  comment character);
* ``params/<ID>.yaml``: ``study: <ID>``.

Nothing is written unless every file can be created; the data package is
rewritten atomically.
"""
from __future__ import annotations

import copy
import json
import re

from analysis.core.config import current
from analysis.data.datapackage import descriptor
from analysis.checks.engine import KINDS
from analysis.core.errors import InputError
from analysis.core.outputs import atomic_write, csv_text
from analysis.data.params import check_report_name
from analysis.text.catalogue import say

__all__ = ["new_study", "example_rows", "VALUES_FIELDS", "STATUS_FIELD", "proposed_rows"]

_ID = re.compile(r"^[a-z][a-z0-9_]{2,39}$")

def _titles(name: str) -> dict[str, str]:
    """A field's title in both languages (message ``scaffold.<name>``)."""
    return {"title": say(f"scaffold.{name}", "en"), "title_zh": say(f"scaffold.{name}", "zh")}


VALUES_FIELDS = [
    {"name": "key", "type": "string", **_titles("key"),
     "description": "Our key for the printed value (used in check references).",
     "constraints": {"required": True, "unique": True}},
    {"name": "section", "type": "string", **_titles("section"),
     "description": "Table or section of the source that prints the value (pointer).",
     "constraints": {"required": True}},
    {"name": "indicator", "type": "string", **_titles("indicator"),
     "description": "What the value measures, in our words (glossary terms).", "constraints": {"required": True}},
    {"name": "unit", "type": "string", **_titles("unit"), "description": "Unit, in our words."},
    {"name": "value_type", "type": "string", **_titles("value_type"),
     "description": "count (exact, no rounding interval) or measure (a rounded number).",
     "constraints": {"required": True, "enum": ["count", "measure"]}},
    {"name": "value", "type": "string", **_titles("value"),
     "description": "The value exactly as printed (text: decimals and trailing zeros kept).",
     "constraints": {"required": True, "pattern": r"^[<>~]?-?(?:[0-9][0-9,]*(\.[0-9]+)?|\.[0-9]+)$"}},
]
STATUS_FIELD = {"name": "status", "type": "string", **_titles("status"),
                "description": "proposed (written by `new-study --from-text`) until a person has checked the row "
                               "against the source and set it to confirmed; validation refuses a proposed row.",
                "constraints": {"required": True, "enum": ["proposed", "confirmed"]}}
"""The column of a study proposed from its text: every row ``proposed`` until a person confirms it."""

_EXAMPLE_REFS = {  # an example reference per input or target name, into the values resource
    "target": "values:growth_pct:value", "before": "values:count_2020:value", "after": "values:count_2022:value",
    "part": "values:subgroup:value", "whole": "values:total:value", "numerator": "values:done:value",
    "denominator": "values:planned:value", "parts": "values:men:value+values:women:value",
    "a": "values:rate_2020:value", "b": "values:rate_2022:value", "value": "values:restated:value",
    "n": "values:sample_size:value", "statistic": "values:t_age:value", "p": "values:p_age:value",
    "mean": "values:mean_score:value", "sd": "values:sd_score:value", "items": "values:items:value",
}


_KIND_REFS = {
    "chi2_from_counts": {"a": "values:men_2020:value", "b": "values:women_2020:value",
                         "c": "values:men_2022:value", "d": "values:women_2022:value",
                         "statistic": "values:chi2_sex:value", "p": "values:p_sex:value"},
    "grim": {"target": "values:share_controlled:value"},
    "p_from_statistic": {"value": "values:t_age:value"},
    "sum": {"target": "values:total:value"},
    "share": {"target": "values:subgroup_pct:value"},
    "ratio": {"target": "values:completion_pct:value"},
    "difference": {"target": "values:gap_points:value"},
    "relative_change": {"target": "values:change_pct:value"},
    "restated": {"target": "values:restated_in_text:value"},
    "decline": {"target": "values:fall_pct:value"},
}


def example_rows() -> list[str]:
    """One commented example line per check kind of the ledger (from the engine's declarations).

    >>> any(line.startswith("# growth_example,growth,") for line in example_rows())
    True
    """
    lines = []
    for name in sorted(KINDS):
        k = KINDS[name]
        if k.section != "ledger" or name == "chi2_table" or k.inputs == ("*",) or not set(k.inputs) <= set(_EXAMPLE_REFS) | {"m1", "s1", "n1", "m2", "s2", "n2", "c", "d", "df1", "df2"}:
            continue
        refs = {**_EXAMPLE_REFS, **_KIND_REFS.get(name, {})}
        targets = ";".join(f"{t}={refs.get(t, f'values:{t}:value')}" for t in k.targets)
        inputs = ";".join(f"{i}={refs.get(i, f'values:{i}:value')}" for i in k.inputs if i not in k.optional)
        opts = f" (options: {', '.join(k.options)})" if k.options else ""
        lines.append(f"# {name}_example,{name},{targets},{inputs},\"{k.formula.replace(chr(34), '')}{opts}\"")
    return lines


def _checks_template(desc: dict) -> dict:
    for r in desc["resources"]:
        if r.get("kind") == "checks":
            return r
    raise InputError("no checks resource to copy the schema from", file=current().relative(current().datapackage))


def proposed_rows(path) -> list[tuple[int, str]]:
    """(row, key) of each row of a CSV whose ``status`` is ``proposed`` (none if it has no such column)."""
    import csv
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(line for line in fh if not line.startswith("#"))]
    return [(i, r.get("key") or r.get("check_id") or "") for i, r in enumerate(rows, 1)
            if (r.get("status") or "").strip() == "proposed"]


def new_study(study_id: str, values: list[dict] | None = None, checks: list[dict] | None = None,
              source: str | None = None) -> str:
    """Create the entries and files of a new study; return the instructions to print.

    With ``values`` and ``checks`` (rows of ``values.csv`` and of the checks file, from
    :func:`analysis.extract.propose.propose_study`), the files are filled with them instead of a header and
    examples, both resources get the column :data:`STATUS_FIELD` (every row ``proposed``) and ``source``
    names the text they were read from.

    Raises
    ------
    InputError
        For a malformed or existing id, or a file that already exists.
    """
    if not _ID.fullmatch(study_id or ""):  # fullmatch: "abc\n" is not an id
        raise InputError(f"a study id is 3 to 40 lower-case letters, digits and '_', starting with a letter; "
                         f"got {study_id!r}")
    check_report_name(study_id)  # never index, cross_city or a trails page's name: it would overwrite that page
    desc = copy.deepcopy(descriptor())
    if study_id in [s["id"] for s in desc["studies"]]:
        raise InputError(f"study {study_id!r} is already declared", file=current().relative(current().datapackage))
    values_file = current().raw / study_id / "values.csv"
    checks_file = current().checks / f"{study_id}.csv"
    params_file = current().params / f"{study_id}.yaml"
    for f in (values_file.parent, checks_file, params_file):
        if f.exists():
            raise InputError("already exists; choose another id or remove it first", file=current().relative(f))
    template = _checks_template(desc)
    levels = desc.get("evidence_levels", [])
    desc["studies"].append({
        "id": study_id,
        "title": f"TODO: English title of {study_id}",
        "title_zh": say("scaffold.todo_title", "zh"),
        "citation": "TODO: authors, year, title, journal (as far as the source gives them)",
        "evidence_level": levels[0] if levels else "TODO",
        "source": source or f"shared/sources/{study_id}.txt",
        "tables": ["Table 1"],
    })
    desc["resources"].append({
        "name": f"{study_id}/values", "path": f"raw/{study_id}/values.csv", "profile": "tabular-data-resource",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "title": say("scaffold.values", "en"), "title_zh": say("scaffold.values", "zh"),
        "description": "TODO: what this table transcribes (one printed value per row, exactly as printed).",
        "study": study_id, "table": "Table 1", "table_zh": say("scaffold.table", "zh"), "kind": "values",
        "pointer": "section",
        "licenses": copy.deepcopy(template.get("licenses", [])),
        "schema": {"fields": copy.deepcopy(VALUES_FIELDS) + ([copy.deepcopy(STATUS_FIELD)] if values is not None else []),
                   "primaryKey": ["key"]},
    })
    checks_res = copy.deepcopy(template)
    checks_res.update(name=f"checks/{study_id}", path=f"checks/{study_id}.csv", study=study_id,
                      dialect={"commentChar": "#"})
    if values is not None:
        checks_res["schema"]["fields"].append(copy.deepcopy(STATUS_FIELD))
    desc["resources"].append(checks_res)
    header = ",".join(f["name"] for f in template["schema"]["fields"])
    # Write the files first, the descriptor last: a study is declared only when its files exist.
    values_file.parent.mkdir(parents=True)
    if values is None:
        atomic_write(values_file, ",".join(f["name"] for f in VALUES_FIELDS) + "\n")
        atomic_write(checks_file, header + "\n" + "\n".join(example_rows()) + "\n")
    else:
        atomic_write(values_file, csv_text([f["name"] for f in VALUES_FIELDS] + ["status"], values))
        atomic_write(checks_file, csv_text([f["name"] for f in checks_res["schema"]["fields"]], checks or []))
    atomic_write(params_file, f"# Parameters of reports/{study_id}.ipynb (other parameters: notebook defaults)\n"
                              f"study: {study_id}\n")
    atomic_write(current().datapackage, json.dumps(desc, ensure_ascii=False, indent=1) + "\n")
    rel = current().relative
    return "\n".join([
        f"created study {study_id}:",
        f"  {rel(current().datapackage)}: the study (studies), resources {study_id}/values and checks/{study_id}",
        f"  {rel(values_file)}: " + ("header only" if values is None else f"{len(values)} values read from {source}, proposed"),
        f"  {rel(checks_file)}: " + ("header and one commented example row per kind" if values is None
                                    else f"{len(checks or [])} checks they imply, proposed"),
        f"  {rel(params_file)}",
        "now fill in:",
        f"  1. {rel(current().datapackage)}, study {study_id}: title, title_zh, citation, evidence_level "
        f"({' | '.join(levels)}), tables; the resource's description and table",
        f"  2. {rel(values_file)}: one row per printed value, exactly as printed (value_type count or measure)"
        + ("" if values is None else "; check each proposed value against the source (its section names the "
                                     "line), then set its status to confirmed"),
        f"  3. {rel(checks_file)}: one row per derivation (targets and inputs are name=resource:key:field); "
        + ("replace the # example lines with your rows" if values is None else
           "check each proposed check, then set its status to confirmed (validation refuses a proposed row)"),
        "  4. make manifest   (records the new data/raw checksums)",
        "  5. make validate, then make all and make test",
    ])
