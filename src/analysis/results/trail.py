"""The trail of a checked number: from the page of the source to the verdict and its finding.

For one ledger row, a :class:`Trail` holds where the source prints the number
(table, row and column, or the section of a claim) and where it was
transcribed (``data/raw/<study>/<file>.csv:<line>``), the same for each printed
input, the line of the check specification (``data/checks/<study>.csv:<line>``),
the kind with its formula and the formula with the printed inputs substituted
(:func:`analysis.checks.engine.formula_of`), the range the rounding allows and
the rule, the verdict, the finding it belongs to (category and severity from
the findings table) and its anchor in the report.

:func:`lines` gives a trail as labelled lines in one language, every sentence
from the message catalogue (``text/messages/trail.toml``); :func:`render_text`
prints them for the terminal (``python -m analysis explain CHECK_ID``) and
:mod:`analysis.report.trails` writes them as a page the ledger rows link to.

>>> from analysis.results.study import open_study
>>> ctx = open_study(study="zigong_hf_alliance", alpha=0.05, t_test="student", tolerance=0.1,
...                  rounding="half_up", lang="en")
>>> t, = select(ctx, "zigong_hf_alliance:t2_inpatient_county_growth")
>>> t.formula.values, t.target.transcription, t.spec
('100 × (1792 − 1331) / 1331 = 34.64', 'data/raw/zigong_hf_alliance/t2_operational_capacity.csv:7', 'data/checks/zigong_hf_alliance.csv:12')
>>> t.verdict.symbol, t.finding, t.report
('✗', 'zigong_hf_alliance:t2_inpatient_county_growth', 'reports/zigong_hf_alliance.html#zigong_hf_alliance:t2_inpatient_county_growth')
"""
from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

from analysis.checks.engine import KINDS, Formula, formula_of, num
from analysis.core.rounding import parse_printed, printed_interval
from analysis.core.vocab import Category, Severity, Verdict
from analysis.data.datapackage import Cell
from analysis.data.specs import operand
from analysis.results import ledger as ledger_mod
from analysis.results.coverage import anchors
from analysis.results.study import Context
from analysis.text.catalogue import Msg, Text, render, say
from analysis.text.labels import term
from analysis.text.narrative import param_word
from analysis.text.numbers import truth
from analysis.text.places import place, section_text

__all__ = ["Place", "Trail", "trails", "select", "known_ids", "closest", "lines", "render_text", "REPORTS"]

REPORTS = "reports"
"""Where the committed reports are, relative to the repository root (the trail's anchor)."""


@dataclass(frozen=True)
class Place:
    """One printed number on the trail: what it is called in the check, where it is printed and transcribed.

    Attributes
    ----------
    name : str
        Its name in the check (``target``, ``before``, ``m1``...).
    text : str
        The number as printed.
    exact : bool
        A count (no rounding interval).
    low, high : str
        The interval its rounding allows under the run's rule (empty for a count).
    table, column : Text
        The printed table and column, in both languages (the data package's ``table_zh`` and column titles).
    row : str
        The source's own row label.
    label : Text
        What the number is, in both languages.
    section : Text or None
        The section of the text where it is printed (None for a cell of a printed table).
    file : str
        The transcription (``data/raw/<study>/<file>.csv``); ``line`` its line there.
    ref : str
        ``resource:key:field`` within the study (``rows(resource)`` for a count of rows).
    """

    name: str
    text: str
    exact: bool
    low: str
    high: str
    table: Text
    row: str
    column: Text
    label: Text
    file: str
    line: int
    ref: str
    section: Text | None = None

    @property
    def transcription(self) -> str:
        """``file:line`` (``file:2-N`` for the number of rows of a transcription)."""
        if self.ref.startswith("rows("):
            return f"{self.file}:2-{int(self.text) + 1}"
        return f"{self.file}:{self.line}"

    @classmethod
    def of(cls, name: str, cell: Cell, rule: str) -> "Place":
        low = high = ""
        if not cell.exact and cell.text and parse_printed(cell.text).operator not in ("<", ">"):
            lo, hi = printed_interval(cell.text, rule)
            low, high = num(lo), num(hi)
        return cls(name, cell.text, cell.exact, low, high, Text(cell.table, cell.table_zh), cell.row,
                   Text(cell.column, cell.column_zh), Text(cell.label, cell.label_zh), cell.file, cell.line, cell.ref,
                   section_text(cell.section) if cell.section else None)


@dataclass(frozen=True)
class Trail:
    """The whole trail of one ledger row (see the module docstring); built by :func:`trails`."""

    check_id: str
    anchor: str
    study: str
    kind: str
    part: str
    quantity: Msg
    label: Text
    table: Text
    section: Text | None
    target: Place | None
    inputs: tuple[Place, ...]
    others: tuple[Place, ...]
    spec: str
    formula: Formula
    printed: str
    recomputed: str
    low: str
    high: str
    stands_for: tuple[str, str] | None
    rounding: str
    rule: str
    rule_msg: Msg
    verdict: Verdict
    notes: tuple[Msg, ...]
    spec_note: Text | None
    finding: str
    category: str
    severity: str
    summary_en: str
    summary_zh: str

    @property
    def report(self) -> str:
        """``reports/<study>.html#<check_id>``: the ledger row in the study's report."""
        return f"{REPORTS}/{self.study}.html#{self.anchor}"

    @property
    def is_claim(self) -> bool:
        return not KINDS[self.kind].targets  # a kind that judges no printed number judges a claim of the text

    @property
    def check(self) -> str:
        """The id of the check in the specification (the ledger's id without study and part)."""
        cid = self.check_id.split(":", 1)[1]
        return cid[: -len(self.part) - 1] if self.part else cid


def _stands_for(text: str, rule: str, tolerance: float) -> tuple[str, str] | None:
    p = parse_printed(text)
    if p.operator in ("<", ">"):
        return None
    lo, hi = printed_interval(p, rule, tolerance)
    return num(lo), num(hi)


def trails(ctx: Context) -> list[Trail]:
    """The trail of every ledger row of a study, in ledger order.

    Parameters
    ----------
    ctx : Context
        A study opened for reporting (:func:`analysis.results.study.open_study`): its ledger, findings and
        the options of its run.
    """
    opts = ctx.options
    pairs = ledger_mod.outcomes(ctx.study, opts)
    led = ctx.ledger
    if len(pairs) != len(led):
        raise RuntimeError(f"{ctx.study.id}: {len(pairs)} outcomes for {len(led)} ledger rows")
    found = {}
    if "finding" in ctx.findings:
        found = {r["finding"]: r for r in ctx.findings.to_dict("records")}
    out = []
    for (spec, o), anchor, row in zip(pairs, anchors(led), led.to_dict("records")):
        cid = f"{spec.study}:{spec.check_id}" + (f".{o.part}" if o.part else "")
        if row["check_id"] != cid:
            raise RuntimeError(f"the ledger row {row['check_id']} is not the outcome {cid}")
        inputs = {n: operand(cells) for n, cells in spec.inputs.items()}
        targets = {n: c.text for n, c in spec.targets.items()}
        formula = formula_of(spec.kind.name, inputs, targets, o, opts, spec.options)
        target = spec.targets.get(o.target)
        f = found.get(row["finding"], {})
        out.append(Trail(
            check_id=cid, anchor=anchor, study=spec.study, kind=spec.kind.name, part=o.part,
            quantity=row["quantity_msg"], label=row["label_text"], table=row["table_text"], section=row["section"],
            target=Place.of(o.target, target, opts.rounding) if target is not None else None,
            inputs=tuple(Place.of(n, c, opts.rounding) for n, cells in spec.inputs.items() for c in cells),
            others=tuple(Place.of(n, c, opts.rounding) for n, c in spec.targets.items() if n != o.target),
            spec=f"{spec.file}:{spec.row + 1}", formula=formula, printed=o.printed, recomputed=row["recomputed"],
            low=row["low"], high=row["high"],
            stands_for=_stands_for(o.printed, opts.rounding, opts.tolerance) if o.printed else None,
            rounding=opts.rounding, rule=row["rule"], rule_msg=row["rule_msg"], verdict=Verdict(row["verdict"]),
            notes=tuple(row["notes"]), spec_note=row["spec_note"],
            finding=row["finding"], category=f.get("category", ""), severity=f.get("severity", ""),
            summary_en=f.get("summary_en", ""), summary_zh=f.get("summary_zh", "")))
    return out


def select(ctx: Context, check_id: str) -> list[Trail]:
    """The trails of ``check_id``: one ledger row, or every part of a check given without its part
    (``...:t1_age_t`` gives ``.statistic``, ``.p`` and ``.p_implied``); empty if the id is unknown."""
    return [t for t in trails(ctx) if t.check_id == check_id or t.check_id.startswith(check_id + ".")]


def known_ids(ctx: Context) -> list[str]:
    """Every id :func:`select` knows: the ledger's check ids and the checks without their part."""
    ids = list(ctx.ledger["check_id"])
    return list(dict.fromkeys(ids + [i.rsplit(".", 1)[0] for i in ids if "." in i]))


def closest(check_id: str, ids: list[str], n: int = 3) -> list[str]:
    """The known ids closest to an unknown one (:func:`difflib.get_close_matches`).

    >>> closest("zigong:t2_inpatient_county_grwth", ["zigong:t2_inpatient_county_growth", "zigong:t1_age_t"])
    ['zigong:t2_inpatient_county_growth']
    """
    return difflib.get_close_matches(check_id, ids, n=n)


# ------------------------------------------------------------------ the trail as lines of text

def _place(p: Place, lang: str) -> str:
    return place(p.table, p.row, p.column, lang, section=p.section)


def _where(p: Place, lang: str) -> str:
    if p.ref.startswith("rows("):
        return say("trail.value.rows", lang, file=p.transcription)
    return say("trail.value.transcribed", lang, file=p.transcription)


def _value(p: Place, lang: str) -> str:
    """A printed number with what its rounding allows: ``1331 (a count, exact)``."""
    if p.exact:
        return say("trail.value.aside", lang, value=p.text, aside=Msg.of("trail.value.exact"))
    if p.low:
        return say("trail.value.aside", lang, value=p.text,
                   aside=Msg.of("trail.value.interval", low=p.low, high=p.high))
    return p.text


def lines(t: Trail, lang: str) -> list[tuple[str, str, str]]:
    """A trail as ``(key, label, value)`` lines in ``"en"`` or ``"zh"``; a continuation line has an empty label.

    The keys and their order do not depend on the language, so two languages can be shown side by side.
    """
    def lab(key: str) -> str:
        return say(f"trail.label.{key}", lang)

    out: list[tuple[str, str, str]] = []
    what = render(t.quantity, lang)
    name = "" if t.is_claim else t.label.en if lang == "en" else t.label.zh  # a claim's words follow on their own line
    out.append(("what", lab("what"), say("trail.value.named_what", lang, name=name, what=what) if name else what))
    if t.is_claim:
        where = say("place.in_section", lang, table=t.table, section=t.section)
        out.append(("claim", lab("claim"), say("trail.value.claim", lang, claim=t.label.get(lang), place=where)))
    if t.target is not None:
        out.append(("printed", lab("printed"), say("trail.value.place", lang, value=_value(t.target, lang),
                                                  place=_place(t.target, lang))))
        out.append(("printed_file", "", _where(t.target, lang)))
    for key, places in (("inputs", t.inputs), ("others", t.others)):
        for i, p in enumerate(places):
            out.append((f"{key}_{i}", lab(key) if i == 0 else "",
                        say("trail.value.named", lang, name=p.name, value=_value(p, lang), place=_place(p, lang))))
            out.append((f"{key}_{i}_file", "", "  " + _where(p, lang)))
    out.append(("specification", lab("specification"),
                say("trail.value.spec", lang, file=t.spec, check=t.check, kind=t.kind)))
    out.append(("formula", lab("formula"), say("trail.value.formula", lang, kind=say(f"trail.kind.{t.kind}", lang),
                                               formula=t.formula.symbolic)))
    out.append(("values", lab("values"), t.formula.values))
    recomputed = truth({"true": True, "false": False}.get(t.recomputed, t.recomputed), lang) if t.is_claim \
        else t.recomputed
    out.append(("recomputed", lab("recomputed"), recomputed))
    if t.low and t.high:
        out.append(("range", lab("range"), say("trail.value.interval", lang, low=t.low, high=t.high)))
    if t.printed:
        if t.stands_for is None:
            shown = say("trail.value.bound", lang, printed=t.printed)
        else:
            shown = say("trail.value.interval_rule", lang, low=t.stands_for[0], high=t.stands_for[1],
                        rule=param_word("rounding", t.rounding, lang))
        out.append(("stands_for", lab("stands_for"), shown))
    out.append(("rule", lab("rule"), render(t.rule_msg, lang)))
    out.append(("verdict", lab("verdict"), say("trail.value.verdict", lang, symbol=t.verdict.symbol,
                                               words=term(t.verdict, lang), verdict=t.verdict.value)))
    note = say("sep.semicolon", lang).join([render(m, lang) for m in t.notes]
                                           + ([t.spec_note.get(lang)] if t.spec_note is not None else []))
    if note:
        out.append(("note", lab("note"), note))
    if t.finding:
        out.append(("finding", lab("finding"), say("trail.value.finding", lang, finding=t.finding,
                                                   category=term(Category(t.category), lang) if t.category else "",
                                                   severity=term(Severity(t.severity), lang) if t.severity else "")))
        summary = t.summary_zh if lang == "zh" else t.summary_en
        if summary:
            out.append(("summary", "", summary))
    else:
        out.append(("finding", lab("finding"), say("trail.value.no_finding", lang)))
    out.append(("report", lab("report"), t.report))
    return out


def _width(text: str) -> int:
    """Columns a text takes in a terminal (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def render_text(selected: list[Trail], lang: str = "en") -> str:
    """Trails for the terminal: a title, then one label and value per line; ``both`` gives English, then Chinese.

    >>> from analysis.results.study import open_study
    >>> ctx = open_study(study="chronic_care_review", alpha=0.05, t_test="student", tolerance=0.1,
    ...                  rounding="half_up", lang="en")
    >>> text = render_text(select(ctx, "chronic_care_review:suzhou_glucose_control_grim"))
    >>> print(next(line for line in text.splitlines() if "printed values" in line))
      with the printed values       100 × 85 / 192 = 44.271, 100 × 86 / 192 = 44.792; 100 × 91 / 205 = 44.390, 100 × 92 / 205 = 44.878
    """
    if lang == "both":
        return render_text(selected, "en") + "\n\n" + render_text(selected, "zh")
    blocks = []
    for t in selected:
        rows = lines(t, lang)
        width = max(_width(lab) for _, lab, _ in rows)
        text = [say("trail.title", lang, check_id=t.check_id)]
        text += [f"  {lab}{' ' * (width - _width(lab))}  {value}".rstrip() for _, lab, value in rows if value]
        blocks.append("\n".join(text))
    return "\n\n".join(blocks)
