"""Notebook parameters: the declared set, their types, and their validation.

Papermill injects parameters without checking them; every notebook's first
code cell passes its parameters through :func:`validate`, and the build's
runner (:mod:`analysis.build.runs`) also refuses unknown names before a kernel
starts.

>>> validate("study", study="zigong_hf_alliance", alpha=0.05, t_test="student",
...          rounding="half_up", tolerance=0.1, lang="both")["alpha"]
0.05
>>> validate("study", study="zigong_hf_alliance", alpha="0.05", t_test="student",
...          rounding="half_up", tolerance=0.1, lang="both")
Traceback (most recent call last):
...
analysis.core.errors.InputError: parameter 'alpha': expected float, got str '0.05'
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from analysis.core.errors import InputError
from analysis.core.rounding import RULES

__all__ = ["Param", "SPECS", "validate", "parse_cli_value", "load_yaml", "MAX_YAML_DEPTH", "REPORT_NAME",
           "check_report_name"]


@dataclass(frozen=True)
class Param:
    """A declared parameter: its type, an optional check, and what it means."""

    type: type
    check: Callable[[Any], bool] | None
    allowed: str
    help: str


def _studies() -> list[str]:
    from analysis.data.datapackage import study_ids
    return study_ids()


SPECS: dict[str, dict[str, Param]] = {
    "study": {
        "study": Param(str, lambda v: v in _studies(), "a study id of data/datapackage.json", "study to reproduce"),
        "alpha": Param(float, lambda v: 0 < v < 1, "0 < alpha < 1", "significance level for the conclusion check"),
        "t_test": Param(str, lambda v: v in ("student", "welch"), "student or welch", "two-sample t test the printed t is compared with"),
        "rounding": Param(str, lambda v: v in RULES, " / ".join(RULES), "rounding rule assumed first"),
        "tolerance": Param(float, lambda v: 0 <= v < 1, "0 <= tolerance < 1",
                           "relative tolerance of an 'about x' claim in the text"),
        "lang": Param(str, lambda v: v in ("en", "zh", "both"), "en, zh or both", "language of labels and narrative"),
    },
    "cross_city": {
        "framework": Param(str, lambda v: v in ("six_elements", "five_city"), "six_elements or five_city",
                           "features: mechanisms of the six elements, or the five-city practice categories"),
        "metric": Param(str, lambda v: v in ("jaccard", "dice", "hamming"), "jaccard, dice or hamming",
                        "distance between two sites' coded models"),
        "linkage": Param(str, lambda v: v in ("average", "complete", "single", "weighted"),
                         "average, complete, single or weighted", "hierarchical clustering linkage"),
        "not_reported": Param(str, lambda v: v in ("auto", "missing", "imputed", "absent"),
                              "auto, missing, imputed or absent",
                              "headline reading of 'not reported': auto applies the stated criterion; the others are "
                              "always shown too"),
        "n_clusters": Param(int, lambda v: 1 <= v <= 50, "1 to 50", "clusters cut from the tree"),
        "min_evidence": Param(str, lambda v: v in _evidence_levels(), "an evidence level of the data package",
                              "weakest evidence level of the sites included"),
        "n_imputations": Param(int, lambda v: 1 <= v <= 10000, "1 to 10000",
                               "imputations of the not-reported cells (imputed reading)"),
        "n_boot": Param(int, lambda v: 1 <= v <= 100000, "1 to 100000", "bootstrap replicates of the mechanisms"),
        "n_site_resamples": Param(int, lambda v: 1 <= v <= 100000, "1 to 100000", "subsamples of the sites"),
        "site_fraction": Param(float, lambda v: 0 < v <= 1, "0 < site_fraction <= 1",
                               "share of the sites drawn (without replacement) in each subsample"),
        "max_zero_share": Param(float, lambda v: 0 <= v <= 1, "0 to 1",
                                "criterion: largest share of zero distances an informative reading may have"),
        "min_cophenetic": Param(float, lambda v: -1 <= v <= 1, "-1 to 1",
                                "criterion: smallest cophenetic correlation of an admissible reading"),
        "min_stability": Param(float, lambda v: 0 <= v <= 1, "0 to 1",
                               "criterion: smallest mean clusterwise stability of an admissible reading"),
        "seed": Param(int, lambda v: v >= 0, ">= 0", "random seed of the imputation and the resampling"),
        "lang": Param(str, lambda v: v in ("en", "zh", "both"), "en, zh or both", "language of labels and text"),
    },
}


def _evidence_levels() -> list[str]:
    from analysis.data.datapackage import descriptor
    return list(descriptor()["evidence_levels"])


def validate(notebook: str, **values: Any) -> dict[str, Any]:
    """Check a notebook's parameters: all declared, none unknown, each well typed.

    Parameters
    ----------
    notebook : str
        Key of :data:`SPECS` (the notebook's name without ``.ipynb``).
    **values
        The parameter values.

    Returns
    -------
    dict
        The values, unchanged.

    Raises
    ------
    InputError
        Naming the parameter, what was expected and what was given.
    """
    spec = SPECS[notebook]
    unknown = sorted(set(values) - set(spec))
    if unknown:
        raise InputError(f"unknown parameter(s) {unknown}; declared: {sorted(spec)}")
    missing = sorted(set(spec) - set(values))
    if missing:
        raise InputError(f"missing parameter(s) {missing}")
    for name, p in spec.items():
        v = values[name]
        ok_type = isinstance(v, p.type) and not (p.type is not bool and isinstance(v, bool))
        if p.type is float and isinstance(v, int) and not isinstance(v, bool):
            ok_type = False
        if not ok_type:
            raise InputError(f"parameter {name!r}: expected {p.type.__name__}, got {type(v).__name__} {v!r}")
        if p.check and not p.check(v):
            raise InputError(f"parameter {name!r}: {v!r} is not allowed; expected {p.allowed}")
    return values


def parse_cli_value(text: str) -> Any:
    """Read a ``-p name=value`` value as YAML does (``0.01`` is a float, ``x`` a str).

    >>> parse_cli_value("0.01"), parse_cli_value("welch"), parse_cli_value("5")
    (0.01, 'welch', 5)
    >>> parse_cli_value("[1")
    Traceback (most recent call last):
    ...
    analysis.core.errors.InputError: -p value '[1' is not a YAML scalar
    """
    import yaml
    try:
        value = _safe_load(text)
    except yaml.YAMLError:
        value = None
    if value is None or isinstance(value, (list, dict)):
        raise InputError(f"-p value {text!r} is not a YAML scalar")
    return value


REPORT_NAME = r"[a-z][a-z0-9_]{2,39}"
"""A report's name (a study id, the stem of its ``params/<name>.yaml``): it names ``reports/<name>.html``."""


def check_report_name(name: str, file: str | None = None, study: bool = True) -> None:
    """Refuse a report name that is malformed or collides with another page of ``reports/``.

    ``index`` is the landing page, ``<study>_trails`` a study's trails page and ``cross_city`` the cross-city
    comparison (for a study); a name with anything but lower-case letters, digits and ``_`` is refused too.

    >>> check_report_name("index")
    Traceback (most recent call last):
    ...
    analysis.core.errors.InputError: 'index' is reserved: reports/index.html is the landing page; choose another name
    """
    import re
    if name == "index":
        raise InputError("'index' is reserved: reports/index.html is the landing page; choose another name", file=file)
    if name.endswith("_trails"):
        raise InputError(f"{name!r} ends in '_trails', the name of a study's trails page (reports/<study>_trails.html); "
                         "choose another name", file=file)
    if study and name == "cross_city":
        raise InputError("'cross_city' is reserved: reports/cross_city.html is the cross-city comparison; choose "
                         "another name", file=file)
    if not re.fullmatch(REPORT_NAME, name):
        raise InputError(f"a report name is 3 to 40 lower-case letters, digits and '_', starting with a letter; got "
                         f"{name!r}", file=file)


MAX_YAML_DEPTH = 20
"""How deeply a parameter file may nest (a parameter is a scalar; 20 levels is far more than any needs)."""


def _yaml_loader(text: str):
    """A safe YAML loader that refuses aliases (``*name``: a few hundred bytes of them expand into gigabytes)
    and nesting deeper than :data:`MAX_YAML_DEPTH` (which otherwise ends in a RecursionError)."""
    import yaml

    class Loader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(None, None, f"an alias (*{event.anchor}) is not allowed in a "
                                                  "parameter file: write the value out", event.start_mark)
            self.depth += 1
            if self.depth > MAX_YAML_DEPTH:
                raise yaml.composer.ComposerError(None, None, f"nested deeper than {MAX_YAML_DEPTH} levels",
                                                  self.peek_event().start_mark)
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1
    return Loader(text)


def _safe_load(text: str) -> Any:
    loader = _yaml_loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def load_yaml(path) -> dict[str, Any]:
    """A parameter file (``name: value`` per line) as a dict; bad YAML names the file, line and column.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
    >>> _ = p.write_text("study: [zigong")
    >>> load_yaml(p)
    Traceback (most recent call last):
    ...
    analysis.core.errors.InputError: x.yaml: not valid YAML at line 1, column 15: expected ',' or ']', but got '<stream end>'
    """
    from pathlib import Path

    import yaml

    from analysis.core.config import current
    path = Path(path)
    rel = current().relative(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("parameter file not found", file=rel) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", file=rel) from None
    try:
        data = _safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(f"not valid YAML{where}: {exc.problem or exc.context}", file=rel) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", file=rel) from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise InputError("a parameter file is a mapping name: value", file=rel)
    return data
