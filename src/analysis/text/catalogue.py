"""The one message catalogue: every sentence and label a reader sees, by message id, in English and Chinese.

Messages live in ``src/analysis/text/messages/*.toml``, one table per id::

    [note.digit_slip]
    en = "one digit differs ({printed} printed, {recomputed} recomputed)"
    zh = "有一位数字不同（印刷 {printed}，重算 {recomputed}）"
    params = { printed = "str", recomputed = "str" }

A fact that a later layer needs travels as a :class:`Msg` (an id and typed
parameters), never as English text to be parsed or translated: the engine
records ``Msg.of("note.digit_slip", printed="24.64", recomputed="34.64")`` and
the report renders it in the page's language with :func:`render`. A
parameter may itself be a :class:`Msg`, rendered in the same language.
``tests/text/test_catalogue.py`` checks that every message has both
languages, that the placeholders of each language are exactly its declared
parameters, and that every id the package uses exists.

>>> m = Msg.of("example.growth", before=250, after="336.6")
>>> render(m, "en"), render(m, "zh")
('from 250 to 336.6', '由 250 增至 336.6')
>>> Msg.of("example.growth", before=250)
Traceback (most recent call last):
...
KeyError: "message 'example.growth' takes parameters ['after', 'before'], got ['before']"
"""
from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Mapping

__all__ = ["Msg", "Entry", "LANGS", "TYPES", "catalogue", "render", "say"]

LANGS = ("en", "zh")
"""The languages every message has."""
TYPES = {"str": (str,), "int": (int,), "number": (int, float), "msg": ("Msg",), "any": (str, int, float, "Msg")}
"""Parameter types a message may declare (``msg``: another message, rendered in the same language)."""
MESSAGES = Path(__file__).resolve().parent / "messages"


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
class Msg:
    """A message id with its parameters (validated against the catalogue when made)."""

    id: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, mid: str, **params: Any) -> "Msg":
        entry = catalogue().get(mid)
        if entry is None:
            raise KeyError(f"no message {mid!r} in the catalogue")
        if set(params) != set(entry.params):
            raise KeyError(f"message {mid!r} takes parameters {sorted(entry.params)}, got {sorted(params)}")
        for name, value in params.items():
            kinds = TYPES[entry.params[name]]
            ok = any(isinstance(value, Msg) if k == "Msg" else isinstance(value, k) and not isinstance(value, bool)
                     for k in kinds)
            if not ok:
                raise TypeError(f"message {mid!r}: parameter {name!r} is {entry.params[name]}, got {value!r}")
        return cls(mid, tuple(sorted(params.items())))

    @property
    def values(self) -> dict[str, Any]:
        return dict(self.params)


def render(msg: Msg, lang: str) -> str:
    """``msg`` in ``"en"`` or ``"zh"`` (nested messages in the same language)."""
    if lang not in LANGS:
        raise ValueError(f"a message is rendered in one of {LANGS}, not {lang!r}")
    entry = catalogue()[msg.id]
    values = {k: render(v, lang) if isinstance(v, Msg) else v for k, v in msg.params}
    return entry.text(lang).format(**values)


def say(mid: str, lang: str, **params: Any) -> str:
    """Render the message ``mid`` with ``params`` in ``lang`` (shorthand for ``render(Msg.of(...), lang)``)."""
    return render(Msg.of(mid, **params), lang)
