"""The glossary: every term a message with its Chinese, each linkable."""
import pytest

from analysis.report import glossary


def test_every_term_has_an_entry_in_both_languages():
    _, body = glossary.glossary_page()
    for term in glossary.TERMS:
        assert f'id="{term}"' in body
    assert body.count('lang="zh"') >= len(glossary.TERMS)


def test_a_link_to_an_unknown_term_is_an_error():
    assert glossary.term_link("grim", "GRIM") == '<a class="term" href="glossary.html#grim">GRIM</a>'
    with pytest.raises(KeyError):
        glossary.term_link("no_such_term", "x")
