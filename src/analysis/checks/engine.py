"""The check engine: every kind of check declared once, evaluated one way.

A *kind* (growth, share, a t test from summaries, a text claim, ...) is
declared once, here or in a module that registers it with :func:`kind`: its
named targets (printed numbers it judges), its named inputs (printed numbers
it recomputes them from), the inputs that are counts by nature, the formula it
states, and the function that evaluates it; :func:`shows` registers how it shows
its formula with the printed inputs substituted (:func:`formula_of`). The compendium's ledger
(:mod:`analysis.results.ledger`, from ``data/checks/<study>.csv``) and a user's table
(``python -m analysis audit``) both hand the engine printed text and get
:class:`Outcome` objects back, so they can never disagree about a rule.

Every printed input is an :class:`Operand`: its printed text(s), exact for
counts, otherwise the interval its rounding allows. A recomputation spans the
range its inputs allow (:func:`span`), and :func:`judge` compares it with the
printed target under the options (:class:`Options`: rounding rule, alpha,
tolerance of "about" claims, the p = alpha policy).

An outcome records facts, never sentences to be parsed: its notes and the
quantity recomputed are messages of the catalogue (:class:`~analysis.text.catalogue.Msg`,
English and Chinese from :mod:`analysis.text.catalogue`), whether its target is a
p-value, and which way a number was mislabelled
(:class:`~analysis.checks.notes.Mislabel`); a digit slip is a
:class:`~analysis.checks.notes.DigitSlip` (:mod:`analysis.checks.notes`).

>>> opts = Options()
>>> [o.verdict for o in evaluate("growth", {"before": Operand.of("4036", exact=True),
...                                          "after": Operand.of("4923", exact=True)},
...                              {"target": "21.98"}, opts)]
[<Verdict.CONSISTENT: 'consistent'>]
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, Callable, Mapping

from analysis.core.rounding import (DEFAULT_TOLERANCE, RULES, Comparison, compare, format_fixed, parse_printed,
                                    printed_interval)
from analysis.checks.notes import Mislabel, digit_slip, message, slip_category
from analysis.core.vocab import Category, Verdict
from analysis.text.catalogue import Msg, render

__all__ = [
    "Operand", "Options", "Outcome", "Kind", "KINDS", "kind", "evaluate", "span", "judge", "num",
    "printed_decision", "significant", "decide", "with_verdict", "Formula", "shows", "formula_of", "vectorised",
]


@dataclass(frozen=True)
class Operand:
    """A printed input: one printed number, or several summed (``a+b``).

    Attributes
    ----------
    texts : tuple of str
        The printed texts.
    exact : bool
        True for counts (no rounding interval).
    rule : str
        Rounding rule the printed texts are read under (:func:`evaluate` sets
        it to the options' rule, so the rule reaches every input interval).
    """

    texts: tuple[str, ...]
    exact: bool = False
    rule: str = "half_up"

    @classmethod
    def of(cls, *texts: str, exact: bool = False) -> "Operand":
        """An operand of one or several (summed) printed texts; a bad number is a ValueError."""
        for t in texts:
            parse_printed(t)
        return cls(tuple(texts), exact)

    @property
    def face(self) -> Fraction:
        """Sum of the printed values, exactly."""
        return sum((Fraction(parse_printed(t).value) for t in self.texts), Fraction(0))

    @property
    def interval(self) -> tuple[Fraction, Fraction]:
        """Range of the sum when each rounded part varies over the values that print as it.

        Under ``half_up`` a part varies by half a unit of its last decimal;
        under ``truncate`` by one unit upwards (:func:`analysis.core.rounding.printed_interval`).

        >>> [float(x) for x in Operand.of("1.5", "2.25").interval]
        [3.695, 3.805]
        >>> [float(x) for x in replace(Operand.of("1.5"), rule="truncate").interval]
        [1.5, 1.6]
        """
        lo = hi = Fraction(0)
        for t in self.texts:
            if self.exact:
                v = Fraction(parse_printed(t).value)
                lo, hi = lo + v, hi + v
            else:
                a, b = printed_interval(t, self.rule)
                lo, hi = lo + a, hi + b
        return lo, hi

    @property
    def box(self) -> tuple[Fraction, Fraction, Fraction]:
        """(face, low, high)."""
        return (self.face, *self.interval)

    @property
    def alternatives(self) -> list["Operand"]:
        """Each printed text as an operand of its own (for inputs that list alternatives)."""
        return [Operand((t,), self.exact, self.rule) for t in self.texts]


@dataclass(frozen=True)
class Options:
    """Everything a verdict depends on besides the printed numbers.

    Attributes
    ----------
    alpha : float
        Significance level of the conclusion check.
    rounding : str
        Rounding rule assumed first (:data:`analysis.core.rounding.RULES`).
    t_test : {"student", "welch"}
        Which two-sample t test a printed t is compared with first.
    tolerance : float
        Relative tolerance of an "about x" claim.
    p_equal_alpha : {"not_significant", "significant"}
        Whether p = alpha counts as significant, for the printed and the computed p alike.
    material : float
        Relative discrepancy above which a finding is ``material`` rather than ``minor``.
    """

    alpha: float = 0.05
    rounding: str = "half_up"
    t_test: str = "student"
    tolerance: float = DEFAULT_TOLERANCE
    p_equal_alpha: str = "not_significant"
    material: float = 0.05

    def __post_init__(self) -> None:
        if not 0 < self.alpha < 1:
            raise ValueError(f"alpha must be in (0, 1), got {self.alpha!r}")
        if self.rounding not in RULES:
            raise ValueError(f"unknown rounding rule {self.rounding!r}; expected one of {RULES}")
        if self.t_test not in ("student", "welch"):
            raise ValueError(f"t_test must be student or welch, got {self.t_test!r}")
        if self.p_equal_alpha not in ("not_significant", "significant"):
            raise ValueError(f"p_equal_alpha must be significant or not_significant, got {self.p_equal_alpha!r}")
        if not 0 <= self.tolerance < 1:
            raise ValueError(f"tolerance must be in [0, 1), got {self.tolerance!r}")


@dataclass(frozen=True)
class Outcome:
    """The verdict on one printed target.

    Attributes
    ----------
    target : str
        Name of the target in the kind's declaration (``"target"``, ``"statistic"``, ``"p"``).
    part : str
        Suffix that makes the check id unique when a kind judges one printed
        number twice (``"p_implied"``); empty otherwise.
    printed : str
        The target as printed (``""`` for a claim with no printed number).
    quantity : Msg
        What was recomputed (a message of the catalogue).
    recomputed : Fraction, float or None
        The recomputed value at face value (None for claims).
    comparison : Comparison
        Verdict, rule, range and rounding note (:func:`analysis.core.rounding.compare`).
    notes : tuple of Msg
        What was found, each a message of the catalogue.
    category : Category or None
        The kind of problem, when the verdict is not ``consistent``.
    diagnosis : dict
        ``df_low``, ``df_high``, ``n_per_group`` where a test was diagnosed.
    extra : dict
        Kind-specific values (e.g. ``computed_p``, ``decision_error``; ``points`` and
        ``relative`` for a mislabelled change).
    recomputed_text : str or None
        How to show the recomputed value when it is not a number (``"false"``).
    is_p : bool
        The target is a p-value.
    mislabel : Mislabel or None
        Which way a number was printed under the wrong unit.
    """

    target: str
    part: str
    printed: str
    quantity: Msg
    recomputed: Any
    comparison: Comparison
    notes: tuple[Msg, ...] = ()
    category: Category | None = None
    diagnosis: Mapping[str, Any] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)
    recomputed_text: str | None = None
    is_p: bool = False
    mislabel: Mislabel | None = None

    @property
    def verdict(self) -> Verdict:
        """The verdict as a :class:`~analysis.core.vocab.Verdict`."""
        return self.comparison.verdict

    @property
    def messages(self) -> tuple[Msg, ...]:
        """The rounding note (if any) and the notes, as messages."""
        first = (message(self.comparison.note),) if self.comparison.note else ()
        return first + tuple(self.notes)

    @property
    def note(self) -> str:
        """The notes in English, ``; ``-joined (the ledger's ``note`` column)."""
        return "; ".join(render(m, "en") for m in self.messages)

    @property
    def rule(self) -> Msg:
        """The rule the verdict was reached under, as a message."""
        return message(self.comparison.basis)


Runner = Callable[[dict[str, Operand], dict[str, str], dict[str, str], Options], list[Outcome]]


@dataclass(frozen=True)
class Formula:
    """A kind's formula for one outcome: with input names (``symbolic``) and with the printed inputs
    substituted and the face value (``values``: ``100 × (1792 − 1331) / 1331 = 34.64``)."""

    symbolic: str
    values: str


Show = Callable[[Mapping[str, Operand], Mapping[str, str], Mapping[str, str], Outcome, Options], Formula]


@dataclass(frozen=True)
class Kind:
    """A declared kind of check.

    Attributes
    ----------
    name : str
    targets : tuple of str
        Printed numbers it judges (empty for re-analysis and derived kinds).
    inputs : tuple of str
        Printed numbers it recomputes them from (``"*"``: any names, for claims).
    section : {"ledger", "reanalysis", "derived"}
    formula : str
        The formula in words, shown in the README, the scaffold and the audit help.
    exact : frozenset of str
        Inputs that are counts by nature (no rounding interval) when a user's table is audited.
    alternatives : frozenset of str
        Inputs that list alternatives (``ref|ref``) rather than parts to sum.
    optional : frozenset of str
        Inputs or targets that may be left out.
    options : tuple of str
        Per-row settings that are not printed numbers (``tails``).
    run : callable
        ``run(inputs, targets, options, opts) -> list[Outcome]``.
    show : callable or None
        ``show(inputs, targets, options, outcome, opts) -> Formula`` (registered with :func:`shows`).
    columns : callable or None
        The same rule over many rows at once (registered with :func:`vectorised`; :mod:`analysis.checks.columnar`).
    """

    name: str
    targets: tuple[str, ...]
    inputs: tuple[str, ...]
    section: str
    formula: str
    run: Runner | None = None
    exact: frozenset[str] = frozenset()
    alternatives: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    options: tuple[str, ...] = ()
    show: Show | None = None
    columns: Callable | None = None


KINDS: dict[str, Kind] = {}


def kind(name: str, targets: tuple[str, ...], inputs: tuple[str, ...], *, formula: str,
         section: str = "ledger", exact: tuple[str, ...] = (), alternatives: tuple[str, ...] = (),
         optional: tuple[str, ...] = (), options: tuple[str, ...] = ()) -> Callable[[Runner], Runner]:
    """Declare a kind and register its evaluating function (a decorator).

    A name can be declared once only.
    """
    if section not in ("ledger", "reanalysis", "derived"):
        raise ValueError(f"unknown section {section!r}")

    def register(run: Runner) -> Runner:
        if name in KINDS:
            raise ValueError(f"kind {name!r} is declared twice")
        KINDS[name] = Kind(name, tuple(targets), tuple(inputs), section, formula, run, frozenset(exact),
                           frozenset(alternatives), frozenset(optional), tuple(options))
        return run
    return register


def evaluate(name: str, inputs: Mapping[str, Operand], targets: Mapping[str, str], opts: Options,
             options: Mapping[str, str] | None = None) -> list[Outcome]:
    """Evaluate one check of kind ``name``.

    Parameters
    ----------
    name : str
        A key of :data:`KINDS`.
    inputs : mapping of str to Operand
        The printed inputs, by the names the kind declares.
    targets : mapping of str to str
        The printed targets (text exactly as printed), by name.
    opts : Options
    options : mapping, optional
        Per-row settings the kind declares (e.g. ``tails``).

    Returns
    -------
    list of Outcome
        One per judged target (none for re-analysis and derived kinds).

    Raises
    ------
    KeyError
        For an unknown kind; ValueError for missing inputs or targets.
    """
    k = KINDS[name]
    if k.inputs != ("*",):
        missing = [n for n in (*k.inputs, *k.targets) if n not in k.optional
                   and n not in inputs and n not in targets]
        if missing:
            raise ValueError(f"{name} needs {', '.join(missing)}")
    bound = {n: replace(op, rule=opts.rounding) for n, op in inputs.items()}
    return k.run(bound, dict(targets), dict(options or {}), opts)


def shows(*names: str) -> Callable[[Show], Show]:
    """Register how the (declared) kinds ``names`` show their formula with the printed inputs (a decorator)."""
    def register(show: Show) -> Show:
        for name in names:
            if KINDS[name].show is not None:
                raise ValueError(f"kind {name!r} already shows its formula")
            KINDS[name] = replace(KINDS[name], show=show)
        return show
    return register


def vectorised(*names: str) -> Callable[[Callable], Callable]:
    """Register the columnar runner of the (declared) kinds ``names``, beside their per-row one (a decorator)."""
    def register(run: Callable) -> Callable:
        for name in names:
            KINDS[name] = replace(KINDS[name], columns=run)
        return run
    return register


def formula_of(name: str, inputs: Mapping[str, Operand], targets: Mapping[str, str], outcome: Outcome,
               opts: Options, options: Mapping[str, str] | None = None) -> Formula:
    """The formula of one outcome of kind ``name``, inputs read under the options' rule as :func:`evaluate`
    reads them; a kind that shows none is a LookupError."""
    if KINDS[name].show is None:
        raise LookupError(f"kind {name!r} shows no formula")
    bound = {n: replace(op, rule=opts.rounding) for n, op in inputs.items()}
    return KINDS[name].show(bound, dict(targets), dict(options or {}), outcome, opts)


# ------------------------------------------------------------------ helpers for kinds

def span(func: Callable[..., Any], args: Mapping[str, tuple]) -> tuple:
    """Value of ``func`` at face values and its range over the corners of the input box.

    ``args`` maps each argument to ``(face, low, high)``. Exact for functions
    monotone in each argument (every derivation here). A corner where the
    function is undefined (a part larger than its whole once both are
    rounded) is left out; only the face value must be defined, so narrowing
    an input interval can never turn a verdict into an error.

    >>> span(lambda a, b: b - a, {"a": (1, 0.5, 1.5), "b": (3, 3, 3)})
    (2, 1.5, 2.5)
    """
    face = func(**{k: v[0] for k, v in args.items()})
    names = list(args)
    options = [sorted({args[k][1], args[k][2]}) for k in names]
    values = [face]
    for combo in itertools.product(*options):
        try:
            values.append(func(**dict(zip(names, combo))))
        except (ValueError, ZeroDivisionError):
            continue
    return face, min(values), max(values)


def num(x: Any) -> str:
    """A recomputed number for a CSV: 6 significant digits, or scientific below 1e-4.

    >>> num(Fraction(1, 3)), num(4.9e-06), num(None)
    ('0.333333', '4.900e-06', '')
    """
    if x is None or isinstance(x, str) and x == "":
        return ""
    x = float(x)
    return f"{x:.6g}" if abs(x) >= 1e-4 or x == 0 else f"{x:.3e}"


def printed_decision(p_text: str, alpha: float, p_equal_alpha: str = "not_significant") -> bool | None:
    """The significance decision a printed p states at ``alpha``, or None when it states none.

    The one reading of a printed p (statcheck's): ``p = x`` is significant if
    x < alpha, or x = alpha under ``p_equal_alpha="significant"``
    (``pEqualAlphaSig``); ``p < x`` with x <= alpha is significant; ``p > x``
    with x >= alpha is not; any other bound states no decision.

    >>> printed_decision("=.03", .05), printed_decision("<.05", .05), printed_decision(">.05", .05)
    (True, True, False)
    >>> printed_decision("<.10", .05) is None, printed_decision(">.01", .05) is None
    (True, True)
    >>> printed_decision(".05", .05), printed_decision(".05", .05, "significant")
    (False, True)
    """
    p = parse_printed(p_text)
    v = float(p.value)
    if p.operator == "<":
        return True if v <= alpha else None
    if p.operator == ">":
        return False if v >= alpha else None
    return decide(v, alpha, p_equal_alpha)


def significant(p_text: str, alpha: float, p_equal_alpha: str = "not_significant") -> bool:
    """Whether a printed p states a significant result at ``alpha`` (:func:`printed_decision` is True).

    A bound that states no decision (``p < 0.10`` at alpha 0.05) counts as not significant.

    >>> significant("<0.001", 0.05), significant("0.058", 0.05), significant("0.05", 0.05)
    (True, False, False)
    >>> significant("0.05", 0.05, "significant")
    True
    """
    return printed_decision(p_text, alpha, p_equal_alpha) is True


def decide(p: float, alpha: float, p_equal_alpha: str = "not_significant") -> bool:
    """Decision at ``alpha`` for a computed p, by the same p = alpha policy.

    >>> decide(0.05, 0.05), decide(0.05, 0.05, "significant"), decide(0.01, 0.05)
    (False, True, True)
    """
    return (p < alpha) | ((p == alpha) & (p_equal_alpha == "significant"))  # elementwise for arrays too


def judge(printed: str, recomputed: Any, low: Any, high: Any, opts: Options, *, target: str = "target",
          quantity: Msg, part: str = "", notes: tuple[Msg, ...] = (), conclusion_changed: bool = False,
          is_p: bool = False, category: Category | None = None, diagnosis: Mapping[str, Any] | None = None,
          extra: Mapping[str, Any] | None = None, slip: bool = True, mislabel: Mislabel | None = None) -> Outcome:
    """Compare a printed target with its recomputation and name the problem.

    When the verdict is not consistent, ``category`` is used if given; an
    approximate claim (``~x``) is an ``approximate_claim``; otherwise a digit
    slip is looked for (``slip=True``) and named.
    """
    p = parse_printed(printed)
    cmp = compare(p, recomputed, low, high, rule=opts.rounding, conclusion_changed=conclusion_changed,
                  tolerance=opts.tolerance, is_p=is_p)
    notes = tuple(notes)
    cat = None
    verdict = cmp.verdict
    if verdict.is_inconsistent:
        if p.operator == "~":
            cat = Category.APPROXIMATE_CLAIM
            notes += (Msg.of("note.approximate", printed=str(p.value), recomputed=num(recomputed),
                             tolerance=f"{opts.tolerance:.0%}"),)
        elif category is not None:
            cat = category
        elif slip and p.operator == "=":
            shown = format_fixed(recomputed, p.decimals, opts.rounding)
            found = digit_slip(printed, shown)
            if found:
                notes += (found.note,)
            cat = slip_category(printed, shown)
        else:
            cat = Category.CALCULATION_ERROR
        if verdict is Verdict.INCONSISTENT_CONCLUSION:
            notes += (Msg.of("note.decision_differs"),)
    elif verdict is Verdict.CONSISTENT_IF_ROUNDING:  # another rounding rule, or a p floor: a convention
        cat = Category.REPORTING_CONVENTION
    return Outcome(target, part, printed, quantity, recomputed, cmp, notes, cat, dict(diagnosis or {}),
                   dict(extra or {}), is_p=is_p, mislabel=mislabel if verdict.is_inconsistent else None)


def with_verdict(o: Outcome, comparison: Comparison, note: Msg) -> Outcome:
    """The same outcome under another comparison (e.g. a sign convention), with a note."""
    cat = None if comparison.verdict.is_consistent else o.category
    return replace(o, comparison=comparison, notes=o.notes + (note,), category=cat)
