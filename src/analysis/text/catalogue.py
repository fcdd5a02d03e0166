"""The one message catalogue: every sentence and label a reader sees, by message id, in English and Chinese.

Messages live in ``src/analysis/text/messages/*.toml``, one table per id::

    [note.one_digit]
    en = "one digit differs ({printed} printed, {recomputed} recomputed)"
    zh = "有一位数字不同（印刷 {printed}，重算 {recomputed}）"
    params = { printed = "str", recomputed = "str" }

A fact that a later layer needs travels as a :class:`Msg` (an id and typed
parameters), never as English text to be parsed or translated: the engine
records ``Msg.of("note.one_digit", printed="24.64", recomputed="34.64")`` and
the report renders it in the page's language with :func:`render`. A
parameter may itself be a :class:`Msg` or a :class:`Join` of several (rendered
in the same language), a :class:`Text` (a label the data package gives in both
languages), or ``code`` (an expression or identifier, the same in every
language, shown as code in a page: :func:`render_html`).
``tests/text/test_catalogue.py`` checks that every message has both
languages, that the placeholders of each language are exactly its declared
parameters, that every id the package uses exists and that every message is
used.

>>> m = Msg.of("note.one_digit", printed="24.64", recomputed="34.64")
>>> render(m, "en")
'one digit differs (24.64 printed, 34.64 recomputed)'
>>> render(m, "zh")
'有一位数字不同（印刷 24.64，重算 34.64）'
>>> say("label.findings", "both")
'Findings / 发现'
>>> Msg.of("note.one_digit", printed="24.64")
Traceback (most recent call last):
...
KeyError: "message 'note.one_digit' takes parameters ['printed', 'recomputed'], got ['printed']"
"""
from __future__ import annotations

import html
import string
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Mapping

__all__ = ["Msg", "Join", "Text", "Entry", "LANGS", "TYPES", "catalogue", "render", "render_each", "render_html", "say",
           "both", "pick", "placeholders"]

LANGS = ("en", "zh")
"""The languages every message has."""
TYPES = {"str": (str,), "int": (int,), "number": (int, float), "msg": ("Msg", "Join"), "text": ("Text",),
         "code": (str,), "any": (str, int, float, "Msg", "Join", "Text")}
"""Parameter types a message may declare: ``msg`` is another message (or a :class:`Join` of several), rendered
in the same language; ``text`` a :class:`Text` given in both languages by the data; ``code`` an expression or
identifier, shown as it is in every language (as code in a page)."""
MESSAGES = Path(__file__).resolve().parent / "messages"
BOTH_SEP = " / "
"""How :func:`both` joins the two languages unless told otherwise."""


@dataclass(frozen=True)
class Entry:
    """One message of the catalogue: its text in each language and its typed parameters."""

    id: str
    en: str
    zh: str
    params: Mapping[str, str]
    file: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@cache
def catalogue() -> dict[str, Entry]:
    """Every message, by id (read once from ``messages/*.toml``); a malformed file is an error naming it."""
    out: dict[str, Entry] = {}
    for path in sorted(MESSAGES.glob("*.toml")):
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        for mid, body in _flatten(data):
            if mid in out:
                raise ValueError(f"{path.name}: message {mid!r} is also in {out[mid].file}")
            params = dict(body.get("params", {}))
            bad = sorted(t for t in params.values() if t not in TYPES)
            if bad or not isinstance(body.get("en"), str) or not isinstance(body.get("zh"), str):
                raise ValueError(f"{path.name}: message {mid!r} needs en, zh and params of types {sorted(TYPES)}")
            out[mid] = Entry(mid, body["en"], body["zh"], params, path.name)
    return out


def _flatten(data: Mapping[str, Any], prefix: str = ""):
    for key, value in data.items():
        mid = f"{prefix}{key}"
        if isinstance(value, Mapping) and "en" in value:
            yield mid, value
        elif isinstance(value, Mapping):
            yield from _flatten(value, mid + ".")


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders of a text.

    >>> sorted(placeholders("{a} and {b:.2f}, {{literal}}"))
    ['a', 'b']
    """
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@dataclass(frozen=True)
class Text:
    """A label the data gives in both languages (a field's ``title`` and ``title_zh``, a claim in our words).

    The Chinese falls back to the English only where the data gives none (a
    test's synthetic study); the data package's validation requires both.

    >>> Text("Table 2", "表2").get("zh"), Text("Text", "").get("zh")
    ('表2', 'Text')
    """

    en: str
    zh: str = ""

    def get(self, lang: str) -> str:
        return self.zh or self.en if lang == "zh" else self.en


@dataclass(frozen=True)
class Msg:
    """A message id with its parameters (validated against the catalogue when made)."""

    id: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, mid: str, **params: Any) -> "Msg":
        entry = catalogue().get(mid)
        if entry is None:
            raise KeyError(f"no message {mid!r} in the catalogue")
        if params.keys() != entry.params.keys():
            raise KeyError(f"message {mid!r} takes parameters {sorted(entry.params)}, got {sorted(params)}")
        for name, value in params.items():
            if not _typed(value, entry.params[name]):
                raise TypeError(f"message {mid!r}: parameter {name!r} is {entry.params[name]}, got {value!r}")
        return cls(mid, tuple(sorted(params.items())))

    @property
    def values(self) -> dict[str, Any]:
        return dict(self.params)


@dataclass(frozen=True)
class Join:
    """Several values (messages, texts, strings) joined by the separator message ``sep`` in each language.

    >>> j = Join("sep.semicolon", (Msg.of("note.decision_differs"), "x"))
    >>> render(j, "en"), render(j, "zh")
    ('the significance decision differs; x', '显著性结论不同；x')
    """

    sep: str
    items: tuple = ()


_CLASSES = {"Msg": Msg, "Join": Join, "Text": Text}


_TYPED: dict[tuple[type, str], bool] = {}


def _typed(value: Any, declared: str) -> bool:
    key = (type(value), declared)  # the declared types are classes: a value's class decides
    if key not in _TYPED:
        _TYPED[key] = any(isinstance(value, _CLASSES.get(k) if isinstance(k, str) else k)
                          and not isinstance(value, bool) for k in TYPES[declared])
    return _TYPED[key]


@cache
def _separator(sep: str, lang: str, html_: bool) -> str:
    return _render(Msg.of(sep), lang, html_)


def _value(value: Any, lang: str, html_: bool, code: bool = False) -> str:
    if isinstance(value, Msg):
        return _render(value, lang, html_)
    if isinstance(value, Join):
        return _separator(value.sep, lang, html_).join(_value(v, lang, html_) for v in value.items)
    if isinstance(value, Text):
        return html.escape(value.get(lang)) if html_ else value.get(lang)
    text = str(value)
    if not html_:
        return text
    return f"<code>{html.escape(text)}</code>" if code else html.escape(text)


def _render(msg: Msg, lang: str, html_: bool) -> str:
    if lang not in LANGS:
        raise ValueError(f"a message is rendered in one of {LANGS}, not {lang!r}")
    entry = catalogue()[msg.id]
    values = {k: _value(v, lang, html_, entry.params.get(k) == "code") for k, v in msg.params}
    text = entry.text(lang)
    return (html.escape(text) if html_ else text).format(**values)


def render(msg: Msg | Join | Text, lang: str) -> str:
    """``msg`` in ``"en"`` or ``"zh"`` (nested messages in the same language)."""
    if lang not in LANGS:
        raise ValueError(f"a message is rendered in one of {LANGS}, not {lang!r}")
    return _value(msg, lang, False)


def render_each(mid: str, lang: str, **params: Any) -> list[str]:
    """``render(Msg.of(mid, **row), lang)`` for every row of a column of parameters, at the cost of a format.

    A parameter given as a ``list`` holds one value per row, any other value is the same in every row. Each
    distinct value is checked against the message's declared type and rendered once (a nested message too),
    so the columnar engine says what the per-row engine says, message for message.

    >>> render_each("note.one_digit", "en", printed=["24.64", "1.5"], recomputed=["34.64", "1.6"])
    ['one digit differs (24.64 printed, 34.64 recomputed)', 'one digit differs (1.5 printed, 1.6 recomputed)']
    >>> render_each("rounding.other_rule", "en", other=[Msg.of("rule_name.truncate")], rule=Msg.of("rule_name.half_up"))
    ['reproduced only with truncate rounding, not half-up']
    """
    if lang not in LANGS:
        raise ValueError(f"a message is rendered in one of {LANGS}, not {lang!r}")
    entry = catalogue().get(mid)
    if entry is None:
        raise KeyError(f"no message {mid!r} in the catalogue")
    if set(params) != set(entry.params):
        raise KeyError(f"message {mid!r} takes parameters {sorted(entry.params)}, got {sorted(params)}")
    sizes = {len(v) for v in params.values() if isinstance(v, list)}
    if len(sizes) > 1:
        raise ValueError(f"message {mid!r}: columns of different lengths {sorted(sizes)}")
    rows = sizes.pop() if sizes else 1
    columns = []
    for name, value in params.items():
        values = value if isinstance(value, list) else [value]
        kinds = set(map(type, values))
        for kind in kinds:  # the declared types are classes: a value's class decides
            if not _typed(next(v for v in values if type(v) is kind), entry.params[name]):
                bad = next(v for v in values if type(v) is kind)
                raise TypeError(f"message {mid!r}: parameter {name!r} is {entry.params[name]}, got {bad!r}")
        if kinds == {Join}:  # several texts joined, most often different in every row: no need to look twice
            values = [_joined(v, lang) for v in values]
        elif kinds.isdisjoint(_RENDERED):  # numbers: their text, as _value gives it
            values = list(map(str, values))
        elif kinds & _NUMBERS:  # numbers among messages: each written as itself (1 and 1.0, 0.0 and -0.0 are equal)
            values = [str(v) if v.__class__ in _NUMBERS else _value(v, lang, False) for v in values]
        elif kinds != {str}:  # a message or a text: rendered once per value
            shown = {v: _value(v, lang, False) for v in dict.fromkeys(values)}
            values = [shown[v] for v in values]
        columns.append(values if isinstance(value, list) else values * rows)
    if not params:
        return [entry.text(lang)] * rows
    return [*map(_positional(mid, lang, tuple(params)).format, *columns)]


_NUMBERS = frozenset({int, float})
_RENDERED = frozenset({Msg, Join, Text, str})
"""The classes render_each does not simply write with ``str`` (a text is kept as it is)."""


def _joined(value: Join, lang: str) -> str:
    """A :class:`Join` in plain text, as :func:`_value` renders it (its texts joined at C speed when every item is
    one)."""
    sep = _separator(value.sep, lang, False)
    try:
        return sep.join(value.items)
    except TypeError:  # an item is a message or a text
        return sep.join(x if type(x) is str else _value(x, lang, False) for x in value.items)


@cache
def _positional(mid: str, lang: str, names: tuple[str, ...]) -> str:
    """A message's text with its placeholders numbered in the order of ``names`` (so rows format without a dict)."""
    out = []
    for literal, field, spec, conversion in string.Formatter().parse(catalogue()[mid].text(lang)):
        out.append(literal.replace("{", "{{").replace("}", "}}"))
        if field is not None:
            out.append("{" + str(names.index(field)) + ("!" + conversion if conversion else "")
                       + (":" + spec if spec else "") + "}")
    return "".join(out)


def render_html(msg: Msg | Join | Text, lang: str) -> str:
    """``msg`` in ``lang`` as HTML: text escaped, ``code`` parameters in ``<code>``.

    >>> render_html(Msg.of("note.claim_holds", predicate="a < b"), "zh")
    '<code>a &lt; b</code>：按印刷数值成立'
    """
    if lang not in LANGS:
        raise ValueError(f"a message is rendered in one of {LANGS}, not {lang!r}")
    return _value(msg, lang, True)


def both(en: str, zh: str, lang: str, sep: str = BOTH_SEP) -> str:
    """``en``, ``zh``, or (``lang="both"``) the two joined by ``sep``: the one rule for a label in both languages.

    >>> both("Findings", "发现", "zh"), both("Findings", "发现", "both")
    ('发现', 'Findings / 发现')
    """
    return {"en": en, "zh": zh}.get(lang, f"{en}{sep}{zh}")


def pick(value: Msg | Join | Text | str, lang: str, sep: str = BOTH_SEP) -> str:
    """A message, a data label or plain text in ``"en"``, ``"zh"`` or ``"both"``.

    >>> pick(Text("Table 2", "表2"), "both"), pick("24.64", "zh")
    ('Table 2 / 表2', '24.64')
    """
    if isinstance(value, str):
        return value
    return both(render(value, "en"), render(value, "zh"), lang, sep)


def say(mid: str, lang: str, sep: str = BOTH_SEP, **params: Any) -> str:
    """Render the message ``mid`` with ``params`` in ``"en"``, ``"zh"`` or ``"both"`` (joined by ``sep``)."""
    return pick(Msg.of(mid, **params), lang, sep)
