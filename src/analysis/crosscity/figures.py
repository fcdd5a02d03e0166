"""Figures of the cross-city comparison: clusters marked by colour, shape and label.

Cluster colours come from Paul Tol's colour-blind-safe *muted* qualitative
scheme, chosen so that none is a verdict colour of the ledger (greens,
ambers, oranges and dark red are left out); every cluster also has its own
marker shape and a text label (``C1``, ``C2``...), so the figures read
without colour. Co-clustering is shown on a single-hue sequential scale.
Figures use the compendium style and :func:`analysis.report.figures.save`
(PNG + SVG, byte-identical across runs). Their words are messages of the
catalogue (``crosscity.figure.*``) and the coding (site names), drawn in the page's language: Chinese on a
Chinese page, English on an English one, both (English / Chinese) on a page in both, which keeps one
figure set.

>>> cluster_style(1)
('#332288', 'o', 'C1')
"""
from __future__ import annotations

import matplotlib
import matplotlib.colors
import matplotlib.legend_handler
import matplotlib.patches

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy.cluster import hierarchy  # noqa: E402

from analysis.report.figures import EVIDENCE_MARKERS, FALL, RISE, as_float, use_style, wrap  # noqa: E402
from analysis.text.catalogue import Msg, say  # noqa: E402

def drawn_lang(lang: str) -> str:
    """The language a figure's words are drawn in for a page in ``lang`` (``both``: each word in both)."""
    return lang if lang in ("en", "zh", "both") else "en"


def _say(mid: str, lang: str, **params) -> str:
    return say(mid, drawn_lang(lang), sep=" / ", **params)

__all__ = ["CLUSTER_COLOURS", "CLUSTER_MARKERS", "LABEL_ITERATIONS", "cluster_style", "drawn_lang", "co_clustering_figure",
           "dendrogram_figure", "pcoa_figure", "profile_figure", "MATRIX_COLOURS", "matrix_figure", "outcome_dotplot"]

# Paul Tol, "muted" scheme (https://personal.sron.nl/~pault/), without its greens and sand,
# which sit close to the verdict colours (#1b9e77, #e6ab02, #d95f02, #7f0000).
CLUSTER_COLOURS = ["#332288", "#88CCEE", "#CC6677", "#AA4499", "#44AA99", "#882255", "#999933", "#555555"]
CLUSTER_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
LABEL_ITERATIONS = 300
"""Most steps adjustText takes to move labels apart (a count, so the figure never depends on the clock)."""


def cluster_style(c: int) -> tuple[str, str, str]:
    """Colour, marker and label of cluster ``c`` (1-based; cycles after eight)."""
    i = (int(c) - 1) % len(CLUSTER_COLOURS)
    return CLUSTER_COLOURS[i], CLUSTER_MARKERS[i], f"C{int(c)}"


def _names(sites: pd.DataFrame, order, lang: str = "en") -> list[str]:
    """Site names in the figure's language (both: English, then Chinese)."""
    en = dict(zip(sites["site"], sites["name"]))
    zh = dict(zip(sites["site"], sites["name_zh"])) if "name_zh" in sites else {}
    pick = {"en": lambda s: en.get(s, s), "zh": lambda s: zh.get(s) or en.get(s, s),
            "both": lambda s: f"{en.get(s, s)} {zh.get(s, '')}".strip()}[drawn_lang(lang)]
    return [pick(s) for s in order]


def co_clustering_figure(panels: dict[str, pd.DataFrame], order: list[str], clusters: pd.Series,
                         sites: pd.DataFrame, lang: str = "en") -> plt.Figure:
    """Co-clustering matrices side by side, sites in the order of the consensus tree.

    Each cell is the share of replicates in which the two sites fall in the
    same cluster (the values are in ``tables/cross_city_coclustering.csv``); the cluster of each site in the
    headline partition is marked beside the rows by shape and label.
    """
    use_style()
    n = len(order)
    fig, axes = plt.subplots(1, len(panels), figsize=(4.6 * len(panels) + 2.4, 0.26 * n + 2.2), squeeze=False)
    labels = [f"{name} [{cluster_style(clusters[s])[2]}]" for name, s in zip(_names(sites, order, lang), order)]
    im = None
    for ax, (title, co) in zip(axes[0], panels.items()):
        m = co.loc[order, order].to_numpy(dtype=float)
        im = ax.imshow(m, cmap="Blues", vmin=0, vmax=1, aspect="equal")
        ax.set_xticks(range(n), [lb.split(" [")[0] for lb in labels], rotation=70, ha="right", fontsize=6)
        ax.set_yticks(range(n), labels if ax is axes[0, 0] else [], fontsize=6)
        for i, s in enumerate(order):
            colour, marker, _ = cluster_style(clusters[s])
            ax.scatter([-1.1], [i], marker=marker, color=colour, s=16, edgecolor="black", linewidth=0.3)
        ax.set_xlim(-1.7, n - 0.5)
        ax.set_title(title, fontsize=8)
        ax.grid(False)
    fig.colorbar(im, ax=axes[0].tolist(), fraction=0.025, pad=0.02, label=_say("crosscity.figure.together", lang))
    return fig


def dendrogram_figure(z: np.ndarray, labels: list[str], clusters: pd.Series, sites: pd.DataFrame,
                      subtitle: Msg, xlabel: str | None = None, lang: str = "en") -> plt.Figure:
    """Dendrogram with each leaf labelled by its cluster in ``clusters`` (label and marker): the headline
    clusters, whichever tree is drawn, so a label means the same cluster in every figure. The title says
    ``subtitle`` (a message) in the figure's language: in both, one line per language, wrapped, never cut."""
    use_style()
    fig, ax = plt.subplots(figsize=(8, 0.25 * len(labels) + 1.5))
    names = [f"{nm} [{cluster_style(clusters[s])[2]}]" for nm, s in zip(_names(sites, labels, lang), labels)]
    d = hierarchy.dendrogram(z, labels=names, orientation="left", ax=ax, color_threshold=0,
                             above_threshold_color="#444444", leaf_font_size=7)
    ylocs = ax.get_yticks()
    for y, leaf in zip(ylocs, d["leaves"]):
        colour, marker, _ = cluster_style(clusters[labels[leaf]])
        ax.scatter([0], [y], marker=marker, color=colour, s=22, zorder=3, clip_on=False)
    ax.set_xlabel(xlabel if xlabel is not None else _say("crosscity.figure.distance", lang))
    lines = [wrap(say("crosscity.figure.clustering_title", lg, subtitle=subtitle), 90 if lg == "en" else 48, 3)
             for lg in (("en", "zh") if drawn_lang(lang) == "both" else (drawn_lang(lang),))]
    ax.set_title("\n".join(lines), fontsize=9)
    ax.grid(False)
    fig.tight_layout()
    return fig


def pcoa_figure(coords: pd.DataFrame, share, clusters: pd.Series, sites: pd.DataFrame, title: str,
                lang: str = "en") -> plt.Figure:
    """Principal coordinates, each cluster with its own colour, marker and label."""
    use_style()
    fig, ax = plt.subplots(figsize=(6.5, 5))
    x = coords.iloc[:, 0].to_numpy()
    y = coords.iloc[:, 1].to_numpy() if coords.shape[1] > 1 else np.zeros(len(coords))
    lab = clusters.loc[coords.index]
    for c in sorted(lab.unique()):
        colour, marker, name = cluster_style(c)
        m = (lab == c).to_numpy()
        ax.scatter(x[m], y[m], color=colour, marker=marker, label=name, s=34, edgecolor="black", linewidth=0.4)
    _label_points(ax, x, y, [f"{nm} ({cluster_style(c)[2]})" for nm, c in zip(_names(sites, coords.index, lang), lab)])
    ax.set_xlabel(f"PCo1 ({share[0]:.0%})" if len(share) else "PCo1")
    ax.set_ylabel(f"PCo2 ({share[1]:.0%})" if len(share) > 1 else "PCo2")
    ax.legend(fontsize=7, frameon=False, title=_say("crosscity.figure.cluster", lang), title_fontsize=7)
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    return fig


def _label_points(ax: plt.Axes, x: np.ndarray, y: np.ndarray, labels: list[str]) -> None:
    """Label every point so that no two labels overlap (adjustText), joining the labels of coincident points.

    Points at the same position (to 1e-9) get one label, ``"A (C1); B (C1)"``: two sites with the same
    coordinates are one point on the page. Labels are then moved apart by adjustText, with a thin
    line back to their point where they had to move. adjustText stops when no labels overlap, or
    else after :data:`LABEL_ITERATIONS` steps, never on the clock (its default, one second of wall
    time, made the figure depend on how busy the machine was). A crowded layout may keep an
    overlap after that many steps; the committed one has none (a test checks it).
    """
    from adjustText import adjust_text
    groups: dict[tuple[float, float], list[int]] = {}
    for i, (xi, yi) in enumerate(zip(x, y)):
        groups.setdefault((round(float(xi), 9), round(float(yi), 9)), []).append(i)
    texts = [ax.text(x[ix[0]], y[ix[0]], "; ".join(labels[i] for i in ix), fontsize=6) for ix in groups.values()]
    ax.margins(x=0.18, y=0.1)  # room for the labels of the outermost points inside the axes
    ax.figure.canvas.draw()  # adjustText measures the text in display space
    adjust_text(texts, x=x, y=y, ax=ax, expand=(1.15, 1.5), iter_lim=LABEL_ITERATIONS,
                arrowprops={"arrowstyle": "-", "color": "0.4", "lw": 0.5})


def profile_figure(profile: pd.DataFrame, order: list[str], clusters: pd.Series, sites: pd.DataFrame,
                   lang: str = "en") -> plt.Figure:
    """Per site and element: mechanisms present / absent / not reported, as stacked bars.

    ``profile`` has ``site, element, present, absent, not_reported`` (counts;
    conflict counted with not reported). One small panel per element, sites
    in the order of the consensus tree, so a reader sees why sites fall together.
    """
    use_style()
    elements = list(dict.fromkeys(profile["element"]))
    fig, axes = plt.subplots(1, len(elements), figsize=(1.6 * len(elements) + 2.4, 0.24 * len(order) + 1.6),
                             sharey=True, squeeze=False)
    fills = [("present", "#332288", ""), ("absent", "#CC6677", "////"), ("not_reported", "#DDDDDD", "")]
    y = np.arange(len(order))[::-1]
    for ax, e in zip(axes[0], elements):
        p = profile[profile["element"] == e].set_index("site").loc[order]
        left = np.zeros(len(order))
        for col, colour, hatch in fills:
            v = p[col].to_numpy(dtype=float)
            ax.barh(y, v, left=left, color=colour, hatch=hatch, edgecolor="white", linewidth=0.3,
                    label=_say(f"crosscity.value.{col}", lang))
            left += v
        ax.set_title(wrap(_element(e, lang), 18, 3), fontsize=7)
        ax.set_xlim(0, max(left.max(), 1))
        ax.tick_params(axis="x", labelsize=6)
        ax.grid(False)
    labels = [f"{nm} [{cluster_style(clusters[s])[2]}]" for nm, s in zip(_names(sites, order, lang), order)]
    axes[0, 0].set_yticks(y, labels, fontsize=6)
    axes[0, -1].legend(fontsize=6, frameon=False, loc="upper left", bbox_to_anchor=(1.02, 1))
    fig.suptitle(_say("crosscity.figure.profiles", lang), fontsize=8)
    fig.tight_layout()
    return fig


MATRIX_COLOURS = {"present": "#0072B2", "absent": "#C2A5CF", "not_reported": "#F2F2F2", "conflict": "#AA4499"}
MATRIX_MARKS = {"present": ("o", "white"), "absent": ("x", "black"), "not_reported": (None, None),
                "conflict": ("$!$", "white")}
"""What marks each value in a cell besides its colour: a dot for present, a cross for absent, an exclamation
mark for a conflict; not reported has no mark and is hatched, so it never reads as absent."""
MATRIX_HATCH = "////"


def _element(e: str, lang: str) -> str:
    """An element's name in the figure's language (``data/coding/elements.csv``)."""
    from analysis.data import coding
    el = coding.load("elements").set_index("element")
    en, zh = el.loc[e, "label"], el.loc[e, "label_zh"]
    return {"en": en, "zh": zh, "both": f"{en} / {zh}"}[drawn_lang(lang)]


def _SITES() -> pd.DataFrame:
    from analysis.data import coding
    return coding.load("sites")


def _indicator(r, lang: str) -> str:
    return {"en": r.indicator_group, "zh": r.indicator_zh,
            "both": f"{r.indicator_group} / {r.indicator_zh}"}[drawn_lang(lang)]


def _mechanism(f: str, lang: str, sep: str = " ") -> str:
    from analysis.data import coding
    cb = coding.load("codebook").set_index("mechanism")
    if f not in cb.index:
        return f.replace("_", " ")
    en, zh = cb.loc[f, "label"], cb.loc[f, "label_zh"]
    return {"en": wrap(en, 34, 1), "zh": zh, "both": f"{wrap(en, 34, 1)}{sep}{zh}"}[drawn_lang(lang)]


def matrix_figure(grid: pd.DataFrame, sites: pd.DataFrame, lang: str = "en") -> plt.Figure:
    """Heatmap of sites x features (present / absent / not reported / conflict), grouped by element.

    Never by colour alone: present cells carry a dot, absent cells a cross, conflicts an exclamation mark;
    not-reported cells are pale and hatched with no mark (:data:`MATRIX_MARKS`), so absent and not reported
    are told apart in grey print too.
    """
    use_style()
    feats = list(dict.fromkeys(grid["feature"]))
    order = list(dict.fromkeys(grid["site"]))
    codes = {v: i for i, v in enumerate(MATRIX_COLOURS)}
    wide = grid.assign(code=grid["value"].map(codes)).pivot(index="site", columns="feature", values="code")
    wide = wide.loc[order, feats]
    cmap = matplotlib.colors.ListedColormap(list(MATRIX_COLOURS.values()))
    fig, ax = plt.subplots(figsize=(max(6, 0.3 * len(feats) + 3), 0.3 * len(order) + 2.2))
    values = wide.to_numpy(dtype=float)
    ax.imshow(values, cmap=cmap, vmin=-0.5, vmax=len(MATRIX_COLOURS) - 0.5, aspect="auto")
    names = list(MATRIX_COLOURS)
    for (i, j), code in np.ndenumerate(values):
        if code != code:
            continue
        value = names[int(code)]
        if value == "not_reported":
            ax.add_patch(matplotlib.patches.Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch=MATRIX_HATCH,
                                                      edgecolor="#9A9A9A", linewidth=0))
            continue
        marker, colour = MATRIX_MARKS[value]
        ax.scatter([j], [i], marker=marker, color=colour, s=14 if value != "conflict" else 30, linewidths=0.9,
                   zorder=3)
    ax.set_xticks(range(len(feats)), [_mechanism(f, lang, "\n") for f in feats], rotation=90, fontsize=5.5)
    ax.set_yticks(range(len(order)), _names(sites, order, lang), fontsize=7)
    ax.grid(False)
    elements = grid.drop_duplicates("feature").set_index("feature").loc[feats, "element"].tolist()
    for i in range(1, len(feats)):
        if elements[i] != elements[i - 1]:
            ax.axvline(i - 0.5, color="black", lw=0.8)
    handles = []
    for v, c in MATRIX_COLOURS.items():
        marker, colour = MATRIX_MARKS[v]
        patch = matplotlib.patches.Patch(facecolor=c, edgecolor="#9A9A9A" if v == "not_reported" else c,
                                         hatch=MATRIX_HATCH if v == "not_reported" else None,
                                         label=_say(f"crosscity.value.{v}", lang))
        handles.append((patch, plt.Line2D([], [], ls="", marker=marker, color=colour, markersize=5)
                        if marker else None))
    ax.legend(handles=[h if m is None else (h, m) for h, m in handles], labels=[h.get_label() for h, _ in handles],
              loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, frameon=False,
              handler_map={tuple: matplotlib.legend_handler.HandlerTuple(ndivide=1)})
    fig.tight_layout()
    return fig


def outcome_dotplot(out: pd.DataFrame, lang: str = "en") -> plt.Figure:
    """Reported changes by site and indicator, marked by evidence level; nothing pooled.

    The change shown is the printed one (signed by its direction) or, where
    only before and after are printed, the relative change computed from them.
    """
    use_style()
    d = out.copy()
    printed = d["change_printed"].map(as_float)
    sign = np.where(d["direction"] == "down", -1.0, 1.0)
    d["shown"] = np.where(printed.notna(), printed * sign, d["change_computed"])
    d = d[d["shown"].notna()].sort_values(["indicator_group", "site"]).reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(8, 0.26 * len(d) + 1.6))
    y = np.arange(len(d))[::-1]
    for yi, r in zip(y, d.itertuples()):
        colour = {"yes": RISE, "no": FALL}.get(r.favourable, "0.5")
        ax.scatter([r.shown], [yi], marker=EVIDENCE_MARKERS[r.evidence], color=colour, s=30, zorder=3)
    ax.axvline(0, color="0.4", lw=0.8)
    kind = {"none": _say("crosscity.figure.computed", lang),  # a change computed, not printed
            "relative": _say("crosscity.word.relative", lang), "unspecified": _say("crosscity.word.unspecified", lang)}
    site = dict(zip(d["site"], _names(_SITES(), d["site"], lang)))
    rows = [f"{_indicator(r, lang)}: {site[r.site]} ({kind.get(r.change_type, r.change_type)})" for r in d.itertuples()]
    ax.set_yticks(y, [wrap(t, 60 if drawn_lang(lang) == "en" else 40, 2) for t in rows], fontsize=6)
    ax.set_xlabel(_say("crosscity.figure.change", lang))
    handles = [plt.Line2D([], [], ls="", marker=m, color="black", label=_say(f"evidence.{'_'.join(lvl.split())}", lang))
               for lvl, m in EVIDENCE_MARKERS.items() if lvl in set(d["evidence"])]
    handles += [matplotlib.patches.Patch(color=RISE, label=_say("crosscity.figure.beneficial", lang)),
                matplotlib.patches.Patch(color=FALL, label=_say("crosscity.figure.adverse", lang)),
                matplotlib.patches.Patch(color="0.5", label=_say("crosscity.figure.not_judged", lang))]
    ax.legend(handles=handles, fontsize=6, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1),
              title=_say("crosscity.figure.evidence_colour", lang), title_fontsize=6)
    fig.tight_layout()
    return fig
