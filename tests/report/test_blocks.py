"""Report building blocks: HTML for the page and Markdown for the notebook, escaped, verdicts never by colour alone."""
import base64

import pytest

from analysis.core.vocab import Verdict
from analysis.report import blocks


def test_blocks_join_html_and_markdown():
    b = blocks.Block("<p>x</p>", "x") + blocks.Block("<p>y</p>", "y")
    assert (b.html, b.md, b._repr_html_(), b._repr_markdown_()) == ("<p>x</p>\n<p>y</p>", "x\n\ny",
                                                                      "<p>x</p>\n<p>y</p>", "x\n\ny")


def test_markdown_tables_escape_pipes_and_drop_tags():
    assert blocks.md_table(["a|b", "<b>c</b>"], [["1\n2", "x|y"]]) == "| a\\|b | c |\n|---|---|\n| 1 2 | x\\|y |"


def test_html_is_escaped():
    assert blocks.esc('<a href="x">&</a>') == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
    assert blocks.paragraphs("a < b\n\nc") == "<p>a &lt; b</p><p>c</p>"
    html, md = blocks.paras(["one", "", "two & three"])
    assert (html, md) == ("<p>one</p><p>two &amp; three</p>", "one\n\ntwo & three")


def test_box_table_ids_and_cell_classes():
    t = blocks.box_table(["h"], [["1"], ["2"]], "data", row_ids=["r:1", ""], cell_cls=[["v-consistent"], [""]])
    assert '<tr id="r:1"><td data-label="h" class="v-consistent">1</td></tr>' in t and '<tr><td data-label="h">2</td></tr>' in t


def test_box_table_headers_have_scope_and_cells_their_column_for_a_phone():
    """Each header cell says it heads a column; each cell carries its column's words (a card on a phone shows them)."""
    t = blocks.box_table(["<b>a</b> &amp; b", "c"], [["1", "2"]], "data cards", caption="Table 1. x")
    assert '<caption>Table 1. x</caption>' in t
    assert t.count('<th scope="col">') == 2 and '<td data-label="a &amp; b">1</td>' in t


@pytest.mark.parametrize("verdict", [v.value for v in Verdict])
@pytest.mark.parametrize("lang", ["en", "zh", "both"])
def test_every_badge_carries_its_symbol_and_a_word(verdict, lang):
    v = Verdict(verdict)
    for badge in (blocks.verdict_badge(verdict, lang), blocks.verdict_badge(verdict, lang, full=True)):
        word = badge.removeprefix(f'<span class="v v-{verdict}">{v.symbol} ').removesuffix("</span>")
        assert word != badge and word.strip(), badge
    assert blocks.verdict_badge(verdict, lang, short=False) == f'<span class="v v-{verdict}">{v.symbol}</span>'
    assert blocks.verdict_md(verdict, lang).startswith(v.symbol + " ")


def test_images_are_embedded_and_plain_captions_escaped():
    png = b"\x89PNG\r\n"
    h = blocks.img(png, "a & b")
    assert f'src="data:image/png;base64,{base64.b64encode(png).decode()}"' in h
    assert "<figcaption>a &amp; b</figcaption>" in h and 'alt="a &amp; b"' in h
    # a caption with markup is the caller's HTML (escaped by the caller), kept as it is; alt text has no tags
    h = blocks.img(png, "<b>x</b> y")
    assert "<figcaption><b>x</b> y</figcaption>" in h and 'alt="x y"' in h


def test_bilingual_text_and_links():
    def greet(name, lang):
        return {"en": f"hello {name}", "zh": f"你好 {name}"}[lang]
    assert blocks.bilingual(greet, "<x>", lang="en") == ("hello &lt;x&gt;", "hello <x>")
    assert blocks.bilingual(greet, "x", lang="both") == ('<span lang="en">hello x</span><br><span lang="zh">你好 x</span>',
                                                         "hello x / 你好 x")
    assert blocks.ledger_link("s:a.p", 7) == '<a class="checkref" href="#s:a.p">№ 7</a>'  # by number, not id
