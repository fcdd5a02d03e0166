"""One figure style, written as PNG and SVG, byte-identical across runs.

Determinism: the style file fixes fonts and ``svg.hashsalt``; PNG and SVG
metadata carry no date and no software version; ``SOURCE_DATE_EPOCH`` is set
to 0 if unset. Figures are written atomically under ``figures/``.

Figures carry no internal ids and no title: the report's caption says what a
figure shows (in the page's language) and which function drew it from which
table. Colours are colour-blind safe (Okabe-Ito for verdicts, a disjoint
palette for clusters) and every verdict also has its own marker. Labels are
wrapped at word boundaries, never cut mid-word. Every word drawn (axis
labels, legends, row labels) comes from the catalogue or the data package in
the figure's language (a page in both languages keeps one figure with every word in both, :func:`words`); Chinese text (the source's row labels, such as its
years) is drawn with Noto Sans CJK from the pinned ``noto-cjk-sans-otc``
wheel when it is installed (see :func:`use_style`).

>>> from analysis.text.catalogue import Msg, Text
>>> fig = ledger_figure(__import__("pandas").DataFrame(
...     {"reported": ["1.0"], "recomputed": ["1.0"], "verdict": ["consistent"], "table_text": [Text("Table 1")],
...      "label_text": [Text("x")], "quantity_msg": [Msg.of("quantity.share")]}), "demo")
>>> fig.get_axes()[0].get_title()
''
"""
from __future__ import annotations

import functools
import io
import math
import textwrap
from pathlib import Path

import matplotlib
import matplotlib.colors
import matplotlib.image
import matplotlib.patches
import matplotlib.ticker

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from analysis.core.config import current  # noqa: E402
from analysis.core.outputs import atomic_write  # noqa: E402
from analysis.core.rounding import parse_printed  # noqa: E402
from analysis.core.vocab import Verdict  # noqa: E402
from analysis.stats.effects import MEASURES, RATIOS  # noqa: E402
from analysis.text.catalogue import Text, say  # noqa: E402

STYLE = Path(__file__).resolve().parents[1] / "compendium.mplstyle"
"""The compendium's matplotlib style (``src/analysis/compendium.mplstyle``)."""

__all__ = ["VERDICT_COLOURS", "VERDICT_MARKERS", "EVIDENCE_MARKERS", "RISE", "FALL", "STYLE", "as_float",
           "use_style", "render", "render_all", "save", "wrap", "ledger_figure", "effects_figure", "outcomes_figure",
           "UNIT_MEASURES", "drawn", "words", "effect_panels"]

# Okabe-Ito: distinguishable under the common colour-vision deficiencies; the HTML uses the same hues.
VERDICT_COLOURS = {
    "consistent": "#009E73",
    "consistent_if_rounding": "#E69F00",
    "inconsistent": "#D55E00",
    "inconsistent_conclusion": "#5B1A3A",
}
VERDICT_MARKERS = {"consistent": "o", "consistent_if_rounding": "s", "inconsistent": "X",
                   "inconsistent_conclusion": "D"}
RISE, FALL = "#0072B2", "#CC79A7"


def wrap(text: str, width: int = 48, lines: int = 2) -> str:
    """Wrap a label at word boundaries; shorten with an ellipsis past ``lines`` lines, never mid-word.

    >>> wrap("Mean length of stay per admission (days)", 20).splitlines()
    ['Mean length of stay', 'per admission (days)']
    """
    out = textwrap.wrap(str(text), width, break_long_words=False, break_on_hyphens=False)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = textwrap.shorten(out[-1] + " …", width, placeholder=" …")
    return "\n".join(out)


def drawn(lang: str) -> str:
    """The language a figure is drawn in for a page in ``lang``: ``en``, ``zh`` or ``both`` (each word in both)."""
    return lang if lang in ("zh", "both") else "en"


def words(fn, lang: str, sep: str = " / ") -> str:
    """``fn(lg)`` in the figure's language: one language, or both joined by ``sep`` (a page in both keeps one
    figure whose every word is in both languages)."""
    lang = drawn(lang)
    if lang != "both":
        return fn(lang)
    en, zh = fn("en"), fn("zh")
    return en if en == zh else f"{en}{sep}{zh}"


def _say(mid: str, lang: str, **params) -> str:
    """A message drawn in the figure's language (both: English above Chinese)."""
    return words(lambda lg: say(mid, lg, **params), lang, "\n")


EVIDENCE_MARKERS = {
    "primary data with inferential statistics": "D",
    "programme report": "s",
    "review of published sources": "o",
    "unattributed claims": "^",
}


def as_float(text: str) -> float:
    """A printed value as a float for drawing (its bound or approximation sign dropped); NaN if not a number.

    >>> as_float("94,203"), as_float("−5.5"), as_float("~40"), as_float("n/a")
    (94203.0, -5.5, 40.0, nan)
    """
    try:
        return float(parse_printed(str(text)).value)
    except ValueError:
        return float("nan")


def _site(r, lang: str) -> str:
    """An outcome's row label: site and indicator, in Chinese from the data's ``site_zh``, ``indicator_zh``."""
    site = Text(r.site, getattr(r, "site_zh", "")).get(lang)
    indicator = Text(r.indicator, getattr(r, "indicator_zh", "")).get(lang)
    return say("figure.site_indicator", lang, site=site, indicator=indicator)


def outcomes_figure(frame: pd.DataFrame, title: str = "", lang: str = "en") -> plt.Figure:
    """Before/after values in % (left), printed relative changes in % and printed differences in percentage points.

    Left: a segment from the before to the after value for each indicator in %
    printed with both. Middle: each printed change in % (relative), right:
    each printed difference in percentage points; never on one axis. Falls are
    drawn negative. Marker shape: evidence level. Values exactly as printed;
    nothing is pooled. ``title`` is not drawn (the caption says it); ``lang="zh"``
    draws Chinese labels (any other value English).
    """
    lang = drawn(lang)
    width = {"en": 44, "zh": 24, "both": 60}[lang]
    use_style()
    f = frame.assign(b=frame["before"].map(as_float), a=frame["after"].map(as_float),
                     c=frame["change"].map(as_float))
    pct = f["unit"].isin(["%"]) & (f["before_unit"] == "")
    pairs = f[pct & f["b"].notna() & f["a"].notna()].reset_index(drop=True)
    changes = f[f["unit"].isin(["%", "percentage points"]) & f["c"].notna()].reset_index(drop=True)
    changes = changes.assign(signed=np.where(changes["direction"] == "down", -changes["c"], changes["c"]))
    panels = [("pairs", pairs)]
    rel = changes[changes["unit"] == "%"].reset_index(drop=True)
    pp = changes[changes["unit"] == "percentage points"].reset_index(drop=True)
    panels += [(k, d) for k, d in (("rel", rel), ("pp", pp)) if len(d)]
    n = max(len(d) for _, d in panels) or 1
    fig, axes = plt.subplots(1, len(panels), figsize=(4.6 * len(panels) + 1.5, 1.6 + 0.34 * n), squeeze=False)
    for ax, (kind, d) in zip(axes[0], panels):
        y = np.arange(len(d))[::-1]
        if kind == "pairs":
            for yi, r in zip(y, d.itertuples()):
                ax.annotate("", xy=(r.a, yi), xytext=(r.b, yi), arrowprops={"arrowstyle": "->", "color": RISE})
                ax.scatter([r.b], [yi], color="0.55", marker=EVIDENCE_MARKERS[r.evidence_level], s=20, zorder=3)
                ax.scatter([r.a], [yi], color=RISE, marker=EVIDENCE_MARKERS[r.evidence_level], s=24, zorder=3)
            ax.set_yticks(y, [wrap(words(lambda lg: _site(r, lg), lang), width) for r in d.itertuples()], fontsize=6.5)
            ax.set_xlabel(_say("figure.outcome_values", lang))
        else:
            for yi, r in zip(y, d.itertuples()):
                ax.barh(yi, r.signed, color=FALL if r.signed < 0 else RISE, height=0.6)
                ax.scatter([r.signed], [yi], color="black", marker=EVIDENCE_MARKERS[r.evidence_level], s=14, zorder=3)
            ax.axvline(0, color="0.4", lw=0.8)
            ax.set_yticks(y, [wrap(words(lambda lg: _site(r, lg), lang), width) for r in d.itertuples()], fontsize=6.5)
            ax.set_xlabel(_say("figure.outcome_relative" if kind == "rel" else "figure.outcome_points", lang))
        ax.set_ylim(-0.7, max(len(d), 1) - 0.3)
    levels = [lvl for lvl in EVIDENCE_MARKERS if lvl in set(frame["evidence_level"])]
    handles = [plt.Line2D([], [], ls="", marker=EVIDENCE_MARKERS[lvl], color="black",
                          label=_say(f"evidence.{'_'.join(lvl.split())}", lang)) for lvl in levels]
    handles += [matplotlib.patches.Patch(color=RISE, label=_say("figure.rise", lang)),
                matplotlib.patches.Patch(color=FALL, label=_say("figure.fall", lang))]
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=7, frameon=False)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig


@functools.cache  # once per process: the font is registered with matplotlib's font manager
def _register_cjk_font() -> str | None:
    """Register Noto Sans CJK SC from the pinned wheel (never a system font); return its family name.

    The wheel ``noto-cjk-sans-otc`` ships the OpenType collection, whose first
    face is the Japanese one; matplotlib reads only the first face of a
    collection, so the Simplified Chinese face is extracted once (fontTools,
    a matplotlib dependency) into ``build/fonts/``.
    """
    try:
        import noto_cjk_sans_otc  # NotoSansCJK-Regular.ttc, SIL Open Font Licence 1.1
    except ImportError:
        return None
    from matplotlib import font_manager
    target = current().root / "build" / "fonts" / "NotoSansCJKsc-Regular.otf"
    if not target.exists():
        from fontTools.ttLib import TTCollection
        ttc = TTCollection(str(noto_cjk_sans_otc.FONT_PATH), recalcTimestamp=False)
        face = next(f for f in ttc.fonts if f["name"].getDebugName(1) == "Noto Sans CJK SC")
        buf = io.BytesIO()
        face.save(buf)
        atomic_write(target, buf.getvalue())
    font_manager.fontManager.addfont(str(target))
    return "Noto Sans CJK SC"


def use_style() -> None:
    """Apply the compendium style and fix what would vary between runs.

    DejaVu Sans draws Latin text; CJK characters fall back to Noto Sans CJK
    from the pinned wheel, so the output does not depend on the machine's fonts.
    """
    plt.style.use(str(STYLE))
    cjk = _register_cjk_font()
    if cjk:
        plt.rcParams["font.family"] = ["DejaVu Sans", cjk]


def _raster(fig: plt.Figure) -> tuple[np.ndarray | None, "matplotlib.transforms.Bbox", float]:
    """Draw ``fig`` once with Agg at ``savefig.dpi``; return the pixels cropped to the tight box, the box
    (inches, padded by ``savefig.pad_inches``) and the dpi.

    ``savefig(bbox_inches="tight")`` draws a figure twice per format (once to find the box, once to
    render it); here one Agg draw gives both the box and the PNG's pixels, and the SVG is drawn once
    inside the same box. The pixels are ``None`` when the box reaches outside the figure (some text
    drawn past its edge): the PNG is then rendered by ``savefig`` inside the same box.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    dpi = float(plt.rcParams["savefig.dpi"])
    pad = float(plt.rcParams["savefig.pad_inches"])
    old_dpi, old_canvas = fig.dpi, fig.canvas
    canvas = FigureCanvasAgg(fig)
    try:
        fig.dpi = dpi
        canvas.draw()
        renderer = canvas.get_renderer()
        box = fig.get_tightbbox(renderer).padded(pad)
        rgba = np.asarray(canvas.buffer_rgba())
        h, w = rgba.shape[:2]
        x0, x1 = math.floor(box.x0 * dpi), math.ceil(box.x1 * dpi)
        y0, y1 = h - math.ceil(box.y1 * dpi), h - math.floor(box.y0 * dpi)  # pixel rows count from the top
        pixels = rgba[y0:y1, x0:x1].copy() if 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h else None
    finally:
        fig.dpi = old_dpi
        fig.set_canvas(old_canvas)
    return pixels, box, dpi


def _encode(fig: plt.Figure, fmt: str, pixels: np.ndarray | None, box, dpi: float) -> bytes:
    buf = io.BytesIO()
    if fmt == "png" and pixels is not None:
        matplotlib.image.imsave(buf, pixels, format="png", dpi=dpi, metadata={"Software": None})
        return buf.getvalue()
    meta = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    engine = fig.get_layout_engine()
    fig.set_layout_engine(None)  # the layout is done: no second layout pass before printing
    try:
        fig.savefig(buf, format=fmt, metadata=meta, dpi=dpi, bbox_inches=box)
    finally:
        fig._layout_engine = engine
    return buf.getvalue()


def render(fig: plt.Figure, fmt: str) -> bytes:
    """Render ``fig`` as PNG or SVG bytes without run-dependent metadata, cropped to its tight box.

    The box is the one :func:`save` uses, so a figure rendered alone equals the file written.
    """
    return _encode(fig, fmt, *_raster(fig))


def render_all(fig: plt.Figure) -> dict[str, bytes]:
    """``{"png": ..., "svg": ...}``: both renderings of ``fig`` from one layout, one draw per format
    (each equal to :func:`render` of that format)."""
    drawn = _raster(fig)
    return {fmt: _encode(fig, fmt, *drawn) for fmt in ("png", "svg")}


def save(fig: plt.Figure, name: str) -> dict[str, bytes]:
    """Write ``figures/<name>.png`` and ``.svg`` (:func:`render_all`); return the bytes written."""
    out = render_all(fig)
    for fmt, data in out.items():
        atomic_write(current().figures / f"{name}.{fmt}", data)
    plt.close(fig)
    return out


def _ratio(reported: str, recomputed: str, verdict: str) -> float:
    """recomputed / printed; 1 for a consistent number (a p of <0.001 reproduced is not a discrepancy)."""
    if verdict and Verdict(verdict) is Verdict.CONSISTENT:
        return 1.0
    try:
        a, b = float(str(reported).replace(",", "").lstrip("<>~≈")), float(recomputed)
    except ValueError:
        return float("nan")
    if a == b:
        return 1.0
    if a <= 0 or b <= 0:
        if a < 0 and b < 0:
            return b / a
        return float("nan")
    return b / a


def _log_ratio(reported: str, recomputed: str) -> float:
    r = _ratio(reported, recomputed, "")
    return math.log10(r) if r == r and r > 0 else float("nan")


def ledger_figure(ledger: pd.DataFrame, study: str = "", clip: float = 1000.0, lang: str = "en") -> plt.Figure:
    """Dot plot of recomputed / printed per checked number (log scale), by verdict.

    A dot at 1 reproduces; a dot at 10 is ten times the printed value. A
    consistent number is drawn at 1 even when the printed value is a bound such
    as ``<0.001``. Ratios beyond ``clip`` (or below ``1/clip``) are drawn at
    the edge as triangles. ``study`` names the figure's file for the caller;
    it is not drawn. ``lang="zh"`` draws Chinese labels (any other value English):
    a number is named by our label in English, by where it is printed in Chinese
    (the ledger's facts ``table_text``, ``label_text``, ``quantity_msg``, and
    ``row``, ``column_text``, ``section`` for the place).
    Claims of the text (``place`` ``claim``: true or false, not a number) are left out.
    """
    from analysis.text import narrative
    use_style()
    d = ledger[ledger["place"] != "claim"] if "place" in ledger else ledger  # a claim is true or false, not a number
    d = d.reset_index(drop=True)
    ratio = pd.Series([_ratio(a, b, v) for a, b, v in zip(d["reported"], d["recomputed"], d["verdict"])])
    def label(r, lg: str) -> str:
        if lg == "zh":
            return wrap(say("figure.row_by_place", "zh", place=narrative.place_of(r, "zh"), quantity=r.quantity_msg),
                        36, 1)
        return wrap(say("figure.row_by_label", "en", table=r.table_text, label=r.label_text, quantity=r.quantity_msg),
                    60, 1)
    lang = drawn(lang)
    labels = [words(lambda lg: label(r, lg), lang, "\n") for r in d.itertuples()]
    row = 0.34 if lang == "both" else 0.2
    fig, ax = plt.subplots(figsize=(8.5, max(2.6, row * len(d) + 1.3)))
    y = np.arange(len(d))[::-1]
    x = ratio.clip(1 / clip, clip).to_numpy()
    hi, lo = (ratio > clip).to_numpy(), (ratio < 1 / clip).to_numpy()
    ax.axvline(1, color="0.4", lw=0.8)
    for verdict, colour in VERDICT_COLOURS.items():
        m = (d["verdict"] == verdict).to_numpy()
        if m.any():
            ax.scatter(x[m & ~hi & ~lo], y[m & ~hi & ~lo], color=colour, marker=VERDICT_MARKERS[verdict], zorder=3,
                       s=24, label=_verdict_label(verdict, lang))
            ax.scatter(x[m & hi], y[m & hi], color=colour, marker=">", zorder=3, s=34)
            ax.scatter(x[m & lo], y[m & lo], color=colour, marker="<", zorder=3, s=34)
    ax.set_xscale("log")
    ax.set_xlim(1 / clip / 1.6, clip * 1.6)
    ax.xaxis.set_major_locator(matplotlib.ticker.LogLocator(base=10, numticks=12))
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_yticks(y, labels, fontsize=6.5)
    ax.set_ylim(-1, len(d))
    ax.set_xlabel(_say("figure.ledger_axis", lang, clip=f"{clip:g}"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, frameon=False,
              title=_say("figure.verdict_title", lang), title_fontsize=7)
    fig.tight_layout()
    return fig


def _verdict_label(verdict: str, lang: str = "en") -> str:
    v = Verdict(verdict)
    return f"{v.symbol} {words(lambda lg: say(f'figure.verdict.{v.value}', lg), lang, chr(10))}"


UNIT_MEASURES = frozenset({"mean_difference"})
"""Measures in the unit of what they compare (days, yuan, %, years): each compared variable gets a panel of its
own, so no axis mixes units; the others (standardised, differences of shares, ratios) share a panel each."""


def effect_panels(effects: pd.DataFrame) -> list[pd.DataFrame]:
    """The rows of each panel, in the order of :data:`MEASURES`: one panel per measure, split by compared
    variable for a measure in the variable's unit."""
    panels = []
    for m in [m for m in MEASURES if m in set(effects["measure_code"])]:
        d = effects[effects["measure_code"] == m]
        if m in UNIT_MEASURES:
            keys = list(dict.fromkeys(d["comparison"]))
            panels += [d[d["comparison"] == k].reset_index(drop=True) for k in keys]
        else:
            panels.append(d.reset_index(drop=True))
    return panels


def _axis(text: str, lg: str) -> str:
    r"""An axis label wrapped to the figure's width (a Chinese label between any two characters), never cut.

    >>> _axis("\u4e00" * 60, "zh").count("\n")  # sixty Chinese characters: two lines
    1
    """
    if lg == "zh":
        return "\n".join(textwrap.wrap(text, 52, break_long_words=True))
    return "\n".join(textwrap.wrap(text, 100, break_long_words=False))


def effects_figure(effects: pd.DataFrame, title: str = "", lang: str = "en") -> plt.Figure:
    """Forest plot of the re-analysis: 95% intervals, one panel per measure, ratios on a log scale; a measure in
    the unit of its variable (a mean difference in days, yuan, % or years) gets one panel per variable, so no
    axis mixes units (:func:`effect_panels`).

    ``title`` is not drawn (the caption says what the figure shows); ``lang="zh"``
    draws Chinese labels. ``effects`` is :func:`analysis.results.reanalysis.effects` (its facts
    ``table_text``, ``comparison_msg`` and ``measure_code`` give the words).
    """
    use_style()
    lang = drawn(lang)
    panels = effect_panels(effects)
    labels = [[words(lambda lg: wrap(say("figure.effect_row", lg, table=t, comparison=c), 44 if lg == "en" else 24),
                     lang, "\n") for t, c in zip(d["table_text"], d["comparison_msg"])] for d in panels]
    # each row as tall as its label (7 pt lines), each panel with room for its axis's label: no label overlaps
    rows_h = [max(0.3, 0.13 * max(lb.count("\n") + 1 for lb in lbs)) * len(lbs) + 0.15 for lbs in labels]
    xlabel_h = 0.85 if drawn(lang) == "both" else 0.6  # ticks and the axis's label, between two panels
    fig, axes = plt.subplots(len(panels), 1, figsize=(7.5, 0.3 + sum(rows_h) + xlabel_h * len(panels)),
                             squeeze=False, gridspec_kw={"height_ratios": rows_h})
    for ax, d, lbs in zip(axes[:, 0], panels, labels):
        m = str(d["measure_code"].iloc[0])
        y = np.arange(len(d))[::-1].astype(float)
        est = d["estimate"].to_numpy(float)
        err = np.vstack([est - d["low"].to_numpy(float), d["high"].to_numpy(float) - est])
        ax.errorbar(est, y, xerr=err, fmt="o", color="#0072B2", capsize=2, ms=4)
        ratio = m in RATIOS
        ax.axvline(1 if ratio else 0, color="0.4", lw=0.8)
        if ratio:
            ax.set_xscale("log")
            lo, hi = float(d["low"].min()), float(d["high"].max())
            ax.set_xlim(min(lo, 1) / 1.3, max(hi, 1) * 1.3)
            ax.xaxis.set_major_locator(matplotlib.ticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0), numticks=15))
            ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
            ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        ax.set_ylim(-0.6, len(d) - 0.4)
        first, second = str(d["first"].iloc[0]), str(d["second"].iloc[0])
        ax.set_yticks(y, lbs, fontsize=7)
        if m in UNIT_MEASURES:
            ax.set_xlabel(words(lambda lg: _axis(say("figure.effects_axis_unit", lg, measure=say(f"measure.{m}", lg),
                                                     comparison=d["comparison_msg"].iloc[0], second=second,
                                                     first=first), lg), lang, "\n"), fontsize=8)
        else:
            ax.set_xlabel(words(lambda lg: _axis(say("figure.effects_axis_log" if ratio else "figure.effects_axis",
                                                     lg, measure=say(f"measure.{m}", lg), second=second,
                                                     first=first), lg), lang, "\n"), fontsize=8)
    fig.tight_layout()
    return fig
