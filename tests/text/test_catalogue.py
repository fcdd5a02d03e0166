"""The message catalogue: both languages for every message, placeholders as declared, ids that exist."""
import ast
import re
from pathlib import Path

import pytest

import analysis
from analysis.text.catalogue import LANGS, Msg, catalogue, placeholders, render

PACKAGE = Path(analysis.__file__).resolve().parent


@pytest.mark.parametrize("mid", sorted(catalogue()))
def test_every_message_has_every_language_and_its_declared_parameters(mid):
    entry = catalogue()[mid]
    for lang in LANGS:
        text = entry.text(lang)
        assert text.strip(), f"{mid}: no {lang} text"
        assert placeholders(text) == set(entry.params), f"{mid} ({lang}): {placeholders(text)} vs {set(entry.params)}"
    assert re.search(r"[\u4e00-\u9fff]", entry.zh) or not re.search(r"[A-Za-z]{4}", entry.zh.replace("{", "")), \
        f"{mid}: the Chinese text has no Chinese"


def _used_ids() -> set[str]:
    """Message ids written as literals in the package (Msg.of("x.y", ...), say("x.y", ...))."""
    used = set()
    for p in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                f = node.func
                name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
                if name in ("of", "say") and re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", node.args[0].value):
                    used.add(node.args[0].value)
    return used


def test_every_id_the_package_uses_exists():
    missing = sorted(_used_ids() - set(catalogue()))
    assert not missing, missing


def test_a_message_is_made_and_rendered_with_its_parameters_only():
    m = Msg.of("example.growth", before=250, after="336.6")
    assert render(m, "zh") == "由 250 增至 336.6"
    nested = Msg.of("example.growth", before=m, after="x")
    assert render(nested, "en") == "from from 250 to 336.6 to x"
    with pytest.raises(KeyError, match="takes parameters"):
        Msg.of("example.growth", before=1, after=2, extra=3)
    with pytest.raises(TypeError, match="parameter 'before'"):
        Msg.of("example.growth", before=[1], after=2)
    with pytest.raises(KeyError, match="no message"):
        Msg.of("no.such.message")
    with pytest.raises(ValueError, match="rendered in one of"):
        render(m, "both")


def test_the_scan_for_used_ids_sees_them(tmp_path, monkeypatch):
    """test_every_id_the_package_uses_exists passes on an empty set (the package uses no message id yet):
    the scan itself must find ids written the two ways the package writes them."""
    (tmp_path / "m.py").write_text('Msg.of("note.digit_slip", printed="1")\nsay("crosscity.nr_caution", "en")\n'
                                   'say("findings", "en")\n', encoding="utf-8")
    monkeypatch.setitem(globals(), "PACKAGE", tmp_path)
    assert _used_ids() == {"note.digit_slip", "crosscity.nr_caution"}
