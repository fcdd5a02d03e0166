"""The audit's page: self-contained, every verdict with its symbol, every value escaped, the options stated."""
from analysis.audit.html import render_html
from analysis.audit.table import OUTPUT_COLUMNS, AuditOptions
from analysis.core.vocab import Verdict

VERDICTS = ["consistent", "consistent_if_rounding", "inconsistent", "inconsistent_conclusion", "invalid"]


def page(rows, aopts=None):
    return render_html(["label", "kind"], rows, "Audit of <mine>.csv", aopts or AuditOptions())


def test_every_verdict_is_shown_with_its_symbol_and_counted():
    rows = [{"label": v, "kind": "growth", "verdict": v} for v in VERDICTS] + [{"label": "x", "kind": "g",
                                                                                 "verdict": "consistent"}]
    html = page(rows)
    for v in VERDICTS:
        assert f"{Verdict(v).symbol} {v}</td>" in html, v
    assert f"{Verdict('consistent').symbol} consistent: 2</span>" in html
    assert f"{Verdict('invalid').symbol} invalid: 1</span>" in html
    assert "6 rows." in html


def test_values_and_title_are_escaped_and_the_page_is_self_contained():
    html = page([{"label": "<script>alert(1)</script>", "kind": "growth", "verdict": "invalid",
                  "note": "a & b"}])
    assert "<script" not in html and "&lt;script&gt;" in html and "a &amp; b" in html
    assert "<title>Audit of &lt;mine&gt;.csv</title>" in html
    assert "http://" not in html and "https://" not in html and "<link" not in html


def test_columns_are_the_input_then_the_output_columns():
    html = page([{"label": "a", "kind": "growth", "verdict": "consistent"}])
    heads = html.split("<thead><tr>")[1].split("</tr>")[0]
    assert heads == "".join(f"<th>{c}</th>" for c in ["label", "kind", *OUTPUT_COLUMNS])


def test_the_options_are_stated():
    html = page([], AuditOptions(alpha=0.01, p_equal_alpha="significant", rounding="truncate", tolerance=0.2))
    assert "alpha = 0.01" in html and "counts as\nsignificant" in html and "rounding rule truncate" in html
    assert "about&quot; values 20%" in html or 'about" values 20%' in html
    assert "up_or_down for grim, grimmer, debit" in page([])
