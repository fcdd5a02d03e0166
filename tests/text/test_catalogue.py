"""The message catalogue: both languages for every message, placeholders as declared, ids that exist and are
used, every vocabulary in words, and Chinese only in the catalogue."""
import ast
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import analysis
from analysis.text import catalogue as cat
from analysis.text.catalogue import LANGS, Join, Msg, Text, catalogue, placeholders, render, render_each, render_html, say

PACKAGE = Path(analysis.__file__).resolve().parent
ID = re.compile(r"[a-z_]+(\.[a-z0-9_]+)+")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize("mid", sorted(catalogue()))
def test_every_message_has_every_language_and_its_declared_parameters(mid):
    entry = catalogue()[mid]
    for lang in LANGS:
        text = entry.text(lang)
        assert text.strip(), f"{mid}: no {lang} text"
        assert placeholders(text) == set(entry.params), f"{mid} ({lang}): {placeholders(text)} vs {set(entry.params)}"
    words = re.sub(r"\{[^{}]*\}", "", entry.zh)  # the placeholders are names, not words of the text
    assert CJK.search(entry.zh) or not re.search(r"[A-Za-z]{4}", words), f"{mid}: the Chinese text has no Chinese"


def test_a_message_without_chinese_stops_the_catalogue(tmp_path, monkeypatch):
    """A message with English only is an error naming the file, never a message shown in one language."""
    (tmp_path / "broken.toml").write_text('[demo.only_english]\nen = "English only"\n', encoding="utf-8")
    monkeypatch.setattr(cat, "MESSAGES", tmp_path)
    cat.catalogue.cache_clear()
    try:
        with pytest.raises(ValueError, match="broken.toml: message 'demo.only_english' needs en, zh"):
            cat.catalogue()
    finally:
        monkeypatch.undo()
        cat.catalogue.cache_clear()
    assert "note.one_digit" in catalogue()


def _code(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _strings() -> tuple[set[str], set[str]]:
    """Message ids written in the package: literals (``Msg.of("x.y")``, ``say("x.y")``, ``Note.of``, a string
    constant naming a message), and the prefixes of ids built from a vocabulary (``f"verdict.{v.value}"``)."""
    namespaces = {mid.split(".")[0] for mid in catalogue()}
    literals, prefixes = set(), set()
    for p in PACKAGE.rglob("*.py"):
        tree = _code(p)
        in_fstring = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in in_fstring \
                    and node.value.split(".")[0] in namespaces:
                if ID.fullmatch(node.value):
                    literals.add(node.value)
                elif re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)*\.", node.value):  # a prefix joined to a member's value
                    prefixes.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                head = str(node.values[0].value)
                if "." in head and head.split(".")[0] in namespaces and re.fullmatch(r"[a-z_.0-9]+", head):
                    prefixes.add(head)
    for nb in sorted((PACKAGE.parents[1] / "notebooks").glob("*.ipynb")):  # a heading cell names its message
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        literals |= {c["metadata"][k] for c in cells for k in ("message", "intro") if c["metadata"].get(k)}
    return literals, prefixes


def test_a_notebooks_introduction_is_its_message_in_both_languages():
    """The cross-city notebook's first cell: its title, then its ``intro`` message in English and in Chinese."""
    from analysis.text.catalogue import say
    cell = json.loads((PACKAGE.parents[1] / "notebooks" / "cross_city.ipynb").read_text(encoding="utf-8"))["cells"][0]
    intro = cell["metadata"]["intro"]
    assert "".join(cell["source"]).split("\n\n", 1)[1] == say(intro, "en") + "\n\n" + say(intro, "zh")


def test_every_heading_of_a_notebook_is_its_message_in_both_languages():
    """A heading cell shows its message in both languages (the notebook reads on GitHub); the site shows it in
    the page's language (:func:`analysis.build.site.heading_text`)."""
    from analysis.build.site import heading_text
    for nb in sorted((PACKAGE.parents[1] / "notebooks").glob("*.ipynb")):
        for c in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            if c["metadata"].get("message"):
                level, text = "".join(c["source"]).split(" ", 1)
                assert set(level) == {"#"} and text == heading_text(c["metadata"]["message"], "both"), (nb.name, text)


def test_every_id_the_package_uses_exists():
    literals, prefixes = _strings()
    missing = sorted(m for m in literals
                     if m not in catalogue() and not any(k.startswith(m + ".") for k in catalogue()))
    assert not missing, missing
    empty = sorted(p for p in prefixes if not any(k.startswith(p) for k in catalogue()))
    assert not empty, empty


def test_no_message_is_unused():
    literals, prefixes = _strings()
    unused = sorted(m for m in catalogue() if m not in literals and not any(m.startswith(p) for p in prefixes))
    assert not unused, unused


def test_every_word_of_a_vocabulary_is_in_the_catalogue():
    """Ids built from a vocabulary (f-strings) exist for every member of it."""
    from analysis.checks.notes import Slip
    from analysis.core.rounding import RULES
    from analysis.core.vocab import Category, Severity, Verdict
    from analysis.data.datapackage import descriptor
    from analysis.report.figures import VERDICT_COLOURS
    from analysis.stats.diagnosis import EXPLANATIONS
    from analysis.stats.effects import MEASURES
    from analysis.stats.inference import METHODS
    ids = set(catalogue())
    want = ({f"verdict.{v.value}" for v in Verdict} | {f"verdict_short.{v.value}" for v in Verdict}
            | {f"category.{c.value}" for c in Category} | {f"severity.{s.value}" for s in Severity}
            | {f"rule.{r}" for r in (*RULES, "p_floor")} | {f"rule_name.{r}" for r in RULES}
            | {f"method.{m}" for m in METHODS} | {f"explanation.{e}" for e in EXPLANATIONS}
            | {f"measure.{m}" for m in MEASURES} | {s.value for s in Slip}
            | {f"figure.verdict.{v}" for v in VERDICT_COLOURS}
            | {f"{k}.{'_'.join(lvl.split())}" for lvl in descriptor()["evidence_levels"]
               for k in ("evidence", "evidence_note")})
    assert want <= ids, sorted(want - ids)


def test_messages_render_nested_values_code_and_data_labels():
    m = Msg.of("note.one_digit", printed="24.64", recomputed="34.64")
    assert render(m, "zh") == "有一位数字不同（印刷 24.64，重算 34.64）"
    joined = Join("sep.semicolon", (m, Msg.of("note.decision_differs")))
    assert render(Msg.of("note.diagnosis", items=joined), "zh") == \
        "诊断：有一位数字不同（印刷 24.64，重算 34.64）；显著性结论不同"
    claim = Msg.of("note.claim_fails", predicate="a < b")
    assert render(claim, "en") == "a < b: does not hold for the printed values"
    assert render_html(claim, "zh") == "<code>a &lt; b</code>：按印刷数值不成立"
    assert render(Msg.of("effect.share", label=Text("Male", "男性")), "zh") == "男性占比"
    assert say("label.findings", "both") == "Findings / 发现" and say("label.findings", "both", sep=" · ") == \
        "Findings · 发现"
    with pytest.raises(KeyError, match="takes parameters"):
        Msg.of("note.one_digit", printed="1", recomputed="2", extra=3)
    with pytest.raises(TypeError, match="parameter 'printed'"):
        Msg.of("note.one_digit", printed=[1], recomputed="2")
    with pytest.raises(TypeError, match="parameter 'label'"):
        Msg.of("effect.share", label="Male")  # a data label comes in both languages
    with pytest.raises(KeyError, match="no message"):
        Msg.of("no.such.message")
    with pytest.raises(ValueError, match="rendered in one of"):
        render(m, "both")


def test_the_scan_for_used_ids_sees_them(tmp_path, monkeypatch):
    """The id checks pass on whatever the scan finds: the scan itself must find ids written the ways the package
    writes them (a literal id, a prefix joined to a member's value), and nothing that merely looks like one."""
    (tmp_path / "m.py").write_text('Msg.of("note.digit_slip", printed="1")\nsay("crosscity.nr_caution", "en")\n'
                                   'say(f"verdict.{v.value}", "en")\nsay("findings", "en")\n', encoding="utf-8")
    monkeypatch.setitem(globals(), "PACKAGE", tmp_path)
    literals, prefixes = _strings()
    assert literals == {"note.digit_slip", "crosscity.nr_caution"} and prefixes == {"verdict."}


def test_chinese_lives_only_in_the_catalogue():
    """No module outside src/analysis/text/ holds Chinese: every Chinese word a reader sees is a message of the
    catalogue (text/messages/*.toml) or a label of the data package. Inside text/, Chinese appears only in the
    doctests that show a message rendered (the catalogue itself is TOML, not Python)."""
    text_dir = PACKAGE / "text"
    found = {}
    for p in sorted(PACKAGE.rglob("*.py")):
        source = p.read_text(encoding="utf-8")
        if not CJK.search(source):
            continue
        if text_dir in p.parents:  # only in docstrings (doctests), never in code
            tree = _code(p)
            docs = {id(n.body[0].value) for n in ast.walk(tree)
                    if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                    and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
            code = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                    and id(n) not in docs and CJK.search(n.value)]
            if code:
                found[str(p.relative_to(PACKAGE))] = code[:3]
            continue
        found[str(p.relative_to(PACKAGE))] = CJK.findall(source)[:5]
    assert not found, found


@given(st.lists(st.tuples(st.text(max_size=8), st.sampled_from(["one", "two", "upper"])), min_size=1, max_size=6),
       st.sampled_from(LANGS))
def test_render_each_says_what_render_says_row_by_row(rows, lang):
    # the columnar engine renders a column of messages at once; each row must be the message rendered alone
    tests_, sides = [r[0] for r in rows], [Msg.of(f"sided.{r[1]}") for r in rows]
    got = render_each("note.p_of_statistic", lang, test=tests_, value="2.20", sided=sides, p="0.0362", low="0.0355",
                      high=tests_)
    assert got == [render(Msg.of("note.p_of_statistic", test=t, value="2.20", sided=s, p="0.0362", low="0.0355",
                                 high=t), lang) for t, s in zip(tests_, sides)]
    with pytest.raises(TypeError):
        render_each("note.p_of_statistic", lang, test=[1], value="2.20", sided=sides[0], p="", low="", high="")


def test_render_each_says_what_render_says_row_by_row_for_numbers_equal_but_not_alike():
    # issue 21's review: 0.0 and -0.0, 1 and 1.0 are equal (and hash alike) but are written differently
    from analysis.text.catalogue import Msg, render, render_each
    for column in ([0.0, -0.0, 1, 1.0], [Msg.of("number.n5"), 2, 2.0, -0.0, 0.0], [Msg.of("number.n2"), Msg.of("number.n2")]):
        assert render_each("times.about", "en", n=column) == [render(Msg.of("times.about", n=v), "en") for v in column]
