"""One figure style, written as PNG and SVG, byte-identical across runs.

Determinism: the style file fixes fonts and ``svg.hashsalt``; PNG and SVG
metadata carry no date and no software version; ``SOURCE_DATE_EPOCH`` is set
to 0 if unset. Figures are written atomically under ``figures/``.

Text in figures is English only: the default fonts have no CJK glyphs, and
the notebooks give each figure a bilingual caption.

>>> fig = ledger_figure(__import__("pandas").DataFrame(
...     {"reported": ["1.0"], "recomputed": ["1.0"], "verdict": ["consistent"],
...      "table": ["Table 1"], "label": ["x"], "quantity": ["q"]}), "demo")
>>> fig.get_axes()[0].get_title()
'demo: printed versus recomputed'
"""
from __future__ import annotations

import io
import math
import os

import matplotlib
import matplotlib.colors
import matplotlib.patches
import matplotlib.ticker

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from . import paths  # noqa: E402
from .outputs import atomic_write  # noqa: E402

__all__ = ["VERDICT_COLOURS", "EVIDENCE_MARKERS", "MATRIX_COLOURS", "use_style", "render", "save", "ledger_figure",
           "effects_figure", "outcomes_figure", "matrix_figure", "dendrogram_figure", "pcoa_figure", "outcome_dotplot"]

VERDICT_COLOURS = {
    "consistent": "#1b9e77",
    "consistent_if_rounding": "#e6ab02",
    "inconsistent": "#d95f02",
    "inconsistent_conclusion": "#7f0000",
}


EVIDENCE_MARKERS = {
    "primary data with inferential statistics": "D",
    "programme report": "s",
    "review of published sources": "o",
    "unattributed claims": "^",
}


def _as_float(text: str) -> float:
    try:
        return float(str(text).lstrip("~<>"))
    except ValueError:
        return float("nan")


def outcomes_figure(frame: pd.DataFrame, title: str) -> plt.Figure:
    """Before/after values in % (left) and printed changes in % (right), by site.

    Left: a segment from the before to the after value for each indicator in %
    printed with both. Right: each printed change in % with its direction
    (falls drawn negative). Marker shape: evidence level. Values exactly as
    printed; nothing is pooled.
    """
    use_style()
    f = frame.assign(b=frame["before"].map(_as_float), a=frame["after"].map(_as_float),
                     c=frame["change"].map(_as_float))
    pct = f["unit"].isin(["%"]) & (f["before_unit"] == "")
    pairs = f[pct & f["b"].notna() & f["a"].notna()].reset_index(drop=True)
    changes = f[f["unit"].isin(["%", "percentage points"]) & f["c"].notna()].reset_index(drop=True)
    changes = changes.assign(signed=np.where(changes["direction"] == "down", -changes["c"], changes["c"]))
    n = max(len(pairs), len(changes), 1)
    fig, axes = plt.subplots(1, 2, figsize=(11, 1.2 + 0.28 * n), squeeze=False)
    ax = axes[0, 0]
    y = np.arange(len(pairs))[::-1]
    for yi, r in zip(y, pairs.itertuples()):
        ax.annotate("", xy=(r.a, yi), xytext=(r.b, yi), arrowprops={"arrowstyle": "->", "color": "#386cb0"})
        ax.scatter([r.b], [yi], color="0.6", marker=EVIDENCE_MARKERS[r.evidence_level], s=18, zorder=3)
        ax.scatter([r.a], [yi], color="#386cb0", marker=EVIDENCE_MARKERS[r.evidence_level], s=22, zorder=3)
    ax.set_yticks(y, [f"{r.site}: {r.indicator}"[:70] for r in pairs.itertuples()], fontsize=6)
    ax.set_xlabel("% (grey: before, blue: after)")
    ax.set_title(f"{title}: before and after")
    ax = axes[0, 1]
    y = np.arange(len(changes))[::-1]
    for yi, r in zip(y, changes.itertuples()):
        ax.barh(yi, r.signed, color="#d95f02" if r.signed < 0 else "#1b9e77", height=0.6)
        ax.scatter([r.signed], [yi], color="black", marker=EVIDENCE_MARKERS[r.evidence_level], s=14, zorder=3)
    ax.axvline(0, color="0.4", lw=0.8)
    ax.set_yticks(y, [f"{r.site}: {r.indicator} [{r.change_type}]"[:80] for r in changes.itertuples()], fontsize=6)
    ax.set_xlabel("printed change (% or percentage points; falls negative)")
    ax.set_title("printed changes (not comparable across indicators)")
    handles = [plt.Line2D([], [], ls="", marker=m, color="black", label=lvl)
               for lvl, m in EVIDENCE_MARKERS.items() if lvl in set(frame["evidence_level"])]
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=7, frameon=False,
               title="evidence level", title_fontsize=7)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def use_style() -> None:
    """Apply the compendium style and fix what would vary between runs."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    plt.style.use(str(paths.STYLE))


def render(fig: plt.Figure, fmt: str) -> bytes:
    """Render ``fig`` as PNG or SVG bytes without run-dependent metadata."""
    buf = io.BytesIO()
    meta = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    fig.savefig(buf, format=fmt, metadata=meta)
    return buf.getvalue()


def save(fig: plt.Figure, name: str) -> dict[str, bytes]:
    """Write ``figures/<name>.png`` and ``.svg``; return the bytes written."""
    out = {}
    for fmt in ("png", "svg"):
        out[fmt] = render(fig, fmt)
        atomic_write(paths.FIGURES / f"{name}.{fmt}", out[fmt])
    plt.close(fig)
    return out


def _log_ratio(reported: str, recomputed: str) -> float:
    try:
        a, b = float(reported.lstrip("<>~")), float(recomputed)
    except ValueError:
        return float("nan")
    if a == b:
        return 0.0
    if a <= 0 or b <= 0:
        return float(np.sign(b - a)) * 0.01 if a * b >= 0 else float("nan")
    return math.log10(b / a)


def ledger_figure(ledger: pd.DataFrame, title: str, clip: float = 3.0) -> plt.Figure:
    """Dot plot of log10(recomputed / printed) per checked number, coloured by verdict.

    A dot on the zero line reproduces; a dot at 1 is ten times the printed
    value. Points beyond +/- ``clip`` are drawn at the edge as triangles.
    """
    use_style()
    d = ledger.assign(ratio=[_log_ratio(a, b) for a, b in zip(ledger["reported"], ledger["recomputed"])])
    d = d.reset_index(drop=True)
    labels = [f"{t}: {lab} [{q}]" for t, lab, q in zip(d["table"], d["label"], d["quantity"])]
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.2 * len(d) + 1)))
    y = np.arange(len(d))[::-1]
    x = d["ratio"].clip(-clip, clip).to_numpy()
    clipped = (d["ratio"].abs() > clip).to_numpy()
    for verdict, colour in VERDICT_COLOURS.items():
        m = (d["verdict"] == verdict).to_numpy()
        if m.any():
            ax.scatter(x[m & ~clipped], y[m & ~clipped], color=colour, label=verdict.replace("_", " "), zorder=3, s=22)
            for side, marker in ((x > 0, ">"), (x < 0, "<")):
                sel = m & clipped & side
                ax.scatter(x[sel], y[sel], color=colour, marker=marker, zorder=3, s=30)
    ax.axvline(0, color="0.4", lw=0.8)
    ax.set_xlim(-clip - 0.3, clip + 0.3)
    ax.set_yticks(y, labels, fontsize=6)
    ax.set_ylim(-1, len(d))
    ax.set_xlabel(f"log10(recomputed / printed); triangles: beyond +/-{clip:g}")
    ax.set_title(f"{title}: printed versus recomputed")
    ax.legend(loc="lower right", fontsize=7, frameon=True)
    fig.tight_layout()
    return fig


def effects_figure(effects: pd.DataFrame, title: str) -> plt.Figure:
    """Forest plot of the re-analysis: one panel per measure, 95% intervals."""
    use_style()
    measures = [m for m in ("Hedges' g", "risk difference", "risk ratio", "rate ratio")
                if m in set(effects["measure"])]
    sizes = [int((effects["measure"] == m).sum()) for m in measures]
    fig, axes = plt.subplots(len(measures), 1, figsize=(7, 1.0 + 0.35 * sum(sizes) + 0.6 * len(measures)),
                             squeeze=False, gridspec_kw={"height_ratios": [n + 1.2 for n in sizes]})
    for ax, m in zip(axes[:, 0], measures):
        d = effects[effects["measure"] == m].reset_index(drop=True)
        y = np.arange(len(d))[::-1].astype(float)
        est = d["estimate"].to_numpy(float)
        err = np.vstack([est - d["low"].to_numpy(float), d["high"].to_numpy(float) - est])
        ax.errorbar(est, y, xerr=err, fmt="o", color="#386cb0", capsize=2, ms=4)
        ratio = m.endswith("ratio")
        ax.axvline(1 if ratio else 0, color="0.4", lw=0.8)
        if ratio:
            ax.set_xscale("log")
            ax.xaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%g"))
            ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        ax.set_ylim(-0.6, len(d) - 0.4)
        ax.set_yticks(y, [f"{t}: {c}" for t, c in zip(d["table"], d["comparison"])], fontsize=7)
        ax.set_xlabel(f"{m} (95% CI), {d['second'].iloc[0]} vs {d['first'].iloc[0]}".replace("年", ""))
    axes[0, 0].set_title(f"{title}: re-analysis")
    fig.tight_layout()
    return fig


MATRIX_COLOURS = {"present": "#1b9e77", "absent": "#d95f02", "not_reported": "#f0f0f0", "conflict": "#7570b3"}


def _site_labels(sites: pd.DataFrame, order) -> list[str]:
    names = dict(zip(sites["site"], sites["name"]))
    return [names.get(s, s) for s in order]


def matrix_figure(grid: pd.DataFrame, sites: pd.DataFrame) -> plt.Figure:
    """Heatmap of sites x features (present / absent / not reported / conflict), grouped by element."""
    use_style()
    feats = list(dict.fromkeys(grid["feature"]))
    order = list(dict.fromkeys(grid["site"]))
    codes = {v: i for i, v in enumerate(MATRIX_COLOURS)}
    wide = grid.assign(code=grid["value"].map(codes)).pivot(index="site", columns="feature", values="code")
    wide = wide.loc[order, feats]
    cmap = matplotlib.colors.ListedColormap(list(MATRIX_COLOURS.values()))
    fig, ax = plt.subplots(figsize=(max(6, 0.32 * len(feats) + 3), 0.3 * len(order) + 2.2))
    ax.imshow(wide.to_numpy(dtype=float), cmap=cmap, vmin=-0.5, vmax=len(MATRIX_COLOURS) - 0.5, aspect="auto")
    ax.set_xticks(range(len(feats)), [f.replace("_", " ") for f in feats], rotation=60, ha="right", fontsize=6)
    ax.set_yticks(range(len(order)), _site_labels(sites, order), fontsize=7)
    ax.grid(False)
    elements = grid.drop_duplicates("feature").set_index("feature").loc[feats, "element"].tolist()
    for i in range(1, len(feats)):
        if elements[i] != elements[i - 1]:
            ax.axvline(i - 0.5, color="black", lw=0.8)
    handles = [matplotlib.patches.Patch(color=c, label=v.replace("_", " ")) for v, c in MATRIX_COLOURS.items()]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, frameon=False)
    ax.set_title("coded mechanisms by site (vertical lines separate the elements)")
    fig.tight_layout()
    return fig


def dendrogram_figure(z: np.ndarray, labels: list[str], sites: pd.DataFrame, subtitle: str) -> plt.Figure:
    """Dendrogram of the hierarchical clustering."""
    from scipy.cluster import hierarchy
    use_style()
    fig, ax = plt.subplots(figsize=(8, 0.25 * len(labels) + 1.5))
    hierarchy.dendrogram(z, labels=_site_labels(sites, labels), orientation="left", ax=ax,
                         color_threshold=0, above_threshold_color="#386cb0", leaf_font_size=7)
    ax.set_xlabel("distance")
    ax.set_title(f"clustering of models: {subtitle}", fontsize=9)
    ax.grid(False)
    fig.tight_layout()
    return fig


def pcoa_figure(coords: pd.DataFrame, share, clusters: pd.Series, sites: pd.DataFrame) -> plt.Figure:
    """Principal coordinates of the distance matrix, coloured by cluster."""
    use_style()
    fig, ax = plt.subplots(figsize=(6.5, 5))
    palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]
    x = coords.iloc[:, 0].to_numpy()
    y = coords.iloc[:, 1].to_numpy() if coords.shape[1] > 1 else np.zeros(len(coords))
    for c in sorted(clusters.unique()):
        m = (clusters.loc[coords.index] == c).to_numpy()
        ax.scatter(x[m], y[m], color=palette[(c - 1) % len(palette)], label=f"cluster {c}", s=30)
    for xi, yi, name in zip(x, y, _site_labels(sites, coords.index)):
        ax.annotate(name, (xi, yi), fontsize=6, xytext=(3, 3), textcoords="offset points")
    ax.set_xlabel(f"PCo1 ({share[0]:.0%})" if len(share) else "PCo1")
    ax.set_ylabel(f"PCo2 ({share[1]:.0%})" if len(share) > 1 else "PCo2")
    ax.legend(fontsize=7, frameon=False)
    ax.set_title("principal coordinates of the models")
    fig.tight_layout()
    return fig


def outcome_dotplot(out: pd.DataFrame) -> plt.Figure:
    """Reported changes by site and indicator, marked by evidence level; nothing pooled.

    The change shown is the printed one (signed by its direction) or, where
    only before and after are printed, the relative change computed from them.
    """
    use_style()
    d = out.copy()
    printed = d["change_printed"].map(_as_float)
    sign = np.where(d["direction"] == "down", -1.0, 1.0)
    d["shown"] = np.where(printed.notna(), printed * sign, d["change_computed"])
    d = d[d["shown"].notna()].sort_values(["indicator_group", "site"]).reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(8, 0.26 * len(d) + 1.6))
    y = np.arange(len(d))[::-1]
    for yi, r in zip(y, d.itertuples()):
        colour = {"yes": "#1b9e77", "no": "#d95f02"}.get(r.favourable, "0.5")
        ax.scatter([r.shown], [yi], marker=EVIDENCE_MARKERS[r.evidence], color=colour, s=30, zorder=3)
    ax.axvline(0, color="0.4", lw=0.8)
    kind = {"none": "computed from before/after"}
    ax.set_yticks(y, [f"{r.indicator_group}: {r.site} ({kind.get(r.change_type, r.change_type)})"
                      for r in d.itertuples()], fontsize=6)
    ax.set_xlabel("reported change (%, as printed or computed; not comparable across rows)")
    handles = [plt.Line2D([], [], ls="", marker=m, color="black", label=lvl)
               for lvl, m in EVIDENCE_MARKERS.items() if lvl in set(d["evidence"])]
    ax.legend(handles=handles, fontsize=6, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1),
              title="evidence", title_fontsize=6)
    ax.set_title("reported outcomes by site (green: beneficial direction); no pooled effect")
    fig.tight_layout()
    return fig
