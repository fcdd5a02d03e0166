"""The site as a reviewer reads it, in a real browser: headless Chromium (Debian's ``chromium``) through
Playwright, never a downloaded browser.

At 1300 px and 390 px no page and no table is wider than its box; every link and anchor resolves; no page
raises a script error or asks the network for anything; a study page printed on A4 holds the text of every
column of every table. Without Chromium the module is skipped with one line saying how to run it.
"""
import html
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from analysis.build import browser
from analysis.core.config import current

if not browser.available():
    pytest.skip(f"browser tests need Chromium: {browser.INSTALL}, then make test", allow_module_level=True)

PAGES = browser.site_pages()
OVERFLOW = """() => {
  const W = document.documentElement.clientWidth, out = [];
  if (document.documentElement.scrollWidth > W + 1) out.push('page ' + document.documentElement.scrollWidth + ' > ' + W);
  for (const t of document.querySelectorAll('table')) {
    const r = t.getBoundingClientRect(), box = t.parentElement.getBoundingClientRect();
    if (t.scrollWidth > t.parentElement.clientWidth + 1 || r.right > W + 1 || r.right > box.right + 1)
      out.push('table ' + (t.querySelector('caption') || t).textContent.slice(0, 60) + ': ' + Math.round(r.width));
  }
  return out;
}"""


@pytest.fixture(scope="module")
def chromium():
    with browser.launch() as ctx:
        requests = []
        ctx.route("**/*", lambda route: (requests.append(route.request.url), route.abort())
                  if not route.request.url.startswith(("file:", "data:")) else route.continue_())
        yield ctx, requests


@pytest.mark.parametrize("width", browser.WIDTHS)
def test_no_page_and_no_table_overflows_and_no_script_error(chromium, width):
    ctx, requests = chromium
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": width, "height": 900})
    bad = {}
    for p in PAGES:
        page.goto(p.resolve().as_uri(), wait_until="load")
        found = page.evaluate(OVERFLOW)
        if found:
            bad[p.name] = found[:5]
    page.close()
    assert not bad, bad
    assert not errors, errors
    assert not requests, f"the pages asked the network for {requests[:5]}"


def _ids(path: Path, cache: dict) -> set[str]:
    if path not in cache:
        text = path.read_text(encoding="utf-8")
        cache[path] = {html.unescape(m) for m in re.findall(r'\bid="([^"]+)"', text)}
    return cache[path]


def test_every_link_and_anchor_resolves():
    cache, broken = {}, []
    for p in PAGES:
        for href in re.findall(r'\bhref="([^"]*)"', p.read_text(encoding="utf-8")):
            href = html.unescape(href)
            u = urlsplit(href)
            if u.scheme in ("http", "https"):
                broken.append(f"{p.name}: external link {href}")
                continue
            if u.scheme or href.startswith(("mailto:", "javascript:")):
                continue
            target = (p.parent / unquote(u.path)).resolve() if u.path else p.resolve()
            if not target.exists():
                broken.append(f"{p.name}: {href} (no file)")
            elif u.fragment and target.suffix == ".html" and unquote(u.fragment) not in _ids(target, cache):
                broken.append(f"{p.name}: {href} (no anchor)")
    assert not broken, broken[:20]
    assert len(PAGES) >= 8  # the index, five studies, the cross-city page, the glossary


def _squash(text: str) -> str:
    """Without white space and in compatibility form: the PDF's text has ligatures (ﬁ) and CJK radicals (⾏)."""
    import unicodedata
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_a_printed_study_page_holds_every_column_of_every_table(chromium, tmp_path):
    """Printed on A4, no column is clipped: the last row's text of every column of every table is in the PDF."""
    from pypdf import PdfReader
    ctx, _ = chromium
    page = ctx.new_page()
    page.goto((current().reports / "zigong_hf_alliance.html").resolve().as_uri(), wait_until="load")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    cells = page.evaluate("""() => [...document.querySelectorAll('.bd-article table')].map(t => {
        const rows = t.querySelectorAll('tbody tr'); const last = rows[rows.length - 1];
        return last ? [...last.children].map(c => c.innerText.slice(0, 24)) : []; })""")
    pdf = tmp_path / "zigong.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
    page.close()
    reader = PdfReader(str(pdf))
    width_mm = float(reader.pages[0].mediabox.width) / 72 * 25.4
    assert round(width_mm) == 210  # A4, not US Letter
    text = _squash("".join(pg.extract_text() for pg in reader.pages))
    missing = [c for row in cells for c in row if _squash(c) and _squash(c)[:16] not in text]
    assert sum(len(r) for r in cells) > 60
    assert not missing, missing[:10]
    assert "t2_operational_capacity.csv" in text  # the transcription column of the ledger
    assert _squash("The run") in text  # the run's parameters, at the end


def test_the_ledger_header_stays_in_view_while_its_rows_scroll_by(chromium):
    """Issue 18, blocker 1: scrolled to the middle of the ledger, each column header is at the top of the
    window and is what the reader sees there: the element at its centre is that header cell, not the theme's
    sticky bar above it (the second reader found the bar covering them while their boxes were in view)."""
    ctx, _ = chromium
    page = ctx.new_page()
    page.set_viewport_size({"width": 1300, "height": 900})
    page.goto((current().reports / "zigong_hf_alliance.html").resolve().as_uri(), wait_until="load")
    cells = page.evaluate("""() => { const t = document.querySelector('table.ledger');
        const r = t.getBoundingClientRect(); window.scrollTo(0, r.top + scrollY + r.height / 2);
        const mine = (x, y) => { const e = document.elementFromPoint(x, y); return !!e && (e === th || th.contains(e)); };
        let th;
        return [...t.querySelectorAll('thead th')].map(cell => { th = cell; const b = th.getBoundingClientRect();
          const range = document.createRange(); range.selectNodeContents(th);
          const line = range.getClientRects()[0];  // the first line of the header's text
          return [th.innerText, b.top, b.bottom, mine(b.left + b.width / 2, b.top + b.height / 2),
                  mine(line.left + line.width / 2, line.top + line.height / 2)]; }); }""")
    page.close()
    assert len(cells) == 6
    for text, top, bottom, centre, first_line in cells:
        assert 0 <= top <= 120 and bottom > top, (text, top)  # in view, not scrolled away with the table
        assert centre and first_line, f"the header cell {text!r} is covered by another element"
