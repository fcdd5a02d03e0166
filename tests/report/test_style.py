"""The site's style: A4 print, cards on a phone, folded details opened for print."""
from analysis.report import style


def test_print_is_a4_and_tables_become_cards_on_a_phone():
    assert "size:A4" in style.SITE_CSS.replace(" ", "")
    assert "@media (max-width:760px)" in style.SITE_CSS and "table.cards" in style.SITE_CSS
    assert "beforeprint" in style.SITE_JS and "d.open=true" in style.SITE_JS
