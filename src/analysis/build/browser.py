"""Headless Chromium (Debian's ``chromium``) through Playwright's Python API: screenshots and PDFs of the site.

No browser is downloaded (never ``playwright install``): :func:`launch` starts the system's
``/usr/bin/chromium`` (or the ``chromium`` on the PATH) with a fresh profile and no network
services, and :func:`available` says whether it can. ``make screenshots`` writes
``build/screenshots/<page>-<width>.png`` at 1300 px and 390 px and the printed pages;
``make pdf`` writes ``build/pdf/<study>.pdf`` (A4) for each study page.

>>> FLAGS[:2]
('--headless', '--no-sandbox')
"""
from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

from analysis.core.config import current
from analysis.core.errors import InputError

__all__ = ["FLAGS", "WIDTHS", "INSTALL", "executable", "available", "launch", "screenshots", "pdfs", "pdf_pages", "site_pages"]

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")
WIDTHS = (1300, 390)
INSTALL = "apt-get update && apt-get install -y chromium fonts-noto-cjk"


def executable() -> str | None:
    """The system's Chromium, or None."""
    for name in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if name and Path(name).exists():
            return name
    return None


def available() -> bool:
    """Whether Chromium and Playwright's Python package are both here."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return executable() is not None


@contextlib.contextmanager
def launch() -> Iterator[object]:
    """A Playwright browser context on the system's Chromium, with a fresh profile; stops both after."""
    exe = executable()
    if exe is None:
        raise InputError(f"this needs Chromium: {INSTALL}")
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(profile, executable_path=exe, headless=True, args=list(FLAGS))
        try:
            yield ctx
        finally:
            ctx.close()


def site_pages(folder: Path | None = None) -> list[Path]:
    """Every page of the site (``reports/*.html``)."""
    return sorted(Path(folder or current().reports).glob("*.html"))


def _visit(pages: list[Path]) -> Iterator[tuple[object, Path]]:
    """Each page loaded in turn in one browser tab: ``(tab, path)``."""
    with launch() as ctx:
        tab = ctx.new_page()
        for p in pages:
            tab.goto(Path(p).resolve().as_uri(), wait_until="load")
            yield tab, Path(p)


def screenshots(pages: list[Path] | None = None, out: Path | None = None) -> list[Path]:
    """Each page at 1300 px and 390 px (full length) and printed (A4 width, print styles)."""
    out = Path(out or current().build / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    done = []
    for tab, p in _visit(pages or site_pages()):
        for width, media in [(w, "screen") for w in WIDTHS] + [(794, "print")]:  # 794 px: A4 at 96 dpi
            tab.emulate_media(media=media)
            tab.set_viewport_size({"width": width, "height": 1123})
            tab.reload(wait_until="load")  # laid out afresh at this width (the theme places its sidebars on load)
            png = out / f"{p.stem}-{width if media == 'screen' else 'print'}.png"
            tab.screenshot(path=str(png), full_page=True)
            done.append(png)
        tab.emulate_media(media="screen")
    return done


def pdf_pages() -> list[str]:
    """The pages ``make pdf`` prints: every study page and the cross-city page."""
    from analysis.data.datapackage import study_ids
    return [*study_ids(), "cross_city"]


def pdfs(studies: list[str] | None = None, out: Path | None = None) -> list[Path]:
    """``build/pdf/<page>.pdf``: each study page and the cross-city page printed on A4, as a reader's browser
    prints them (``studies``: those pages only, by name, e.g. ``["cross_city"]``)."""
    out = Path(out or current().build / "pdf")
    out.mkdir(parents=True, exist_ok=True)
    done = []
    for tab, p in _visit([current().reports / f"{sid}.html" for sid in studies or pdf_pages()]):
        tab.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        pdf = out / f"{p.stem}.pdf"
        tab.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
        done.append(pdf)
    return done
