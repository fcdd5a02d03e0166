"""The cross-city figures: PCoA labels that never overlap and never depend on the clock, cluster marks legible
without colour, the co-clustering heatmap byte-identical across renders."""
import numpy as np
import pandas as pd

from analysis.crosscity import consensus, similarity


def _label_overlaps(fig) -> list[tuple[str, str]]:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = [t for t in fig.axes[0].texts if t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in texts]
    return [(a.get_text(), b.get_text()) for i, (a, ba) in enumerate(zip(texts, boxes))
            for b, bb in zip(texts[i + 1:], boxes[i + 1:]) if ba.overlaps(bb)]


def _crowded_pcoa():
    from analysis.crosscity import figures as crossfig
    rng = np.random.default_rng(3)
    ids = [f"s{i}" for i in range(14)]
    xy = np.vstack([rng.normal(0, 0.03, (12, 2)), [[0.5, 0.5], [0.5, 0.5]]])  # 12 crowded, 2 coincident
    sites = pd.DataFrame({"site": ids, "name": [f"Site number {i}" for i in range(14)]})
    clusters = pd.Series([1 + i % 3 for i in range(14)], index=ids)
    return crossfig.pcoa_figure(pd.DataFrame(xy, index=ids), [0.3, 0.2], clusters, sites, "t")


def test_pcoa_labels_do_not_overlap_and_coincident_sites_share_one():
    """A crowded layout (and two sites at the same place) and the committed comparison: label boxes are
    pairwise disjoint; the two coincident sites have one label."""
    import matplotlib.pyplot as plt

    from analysis.build.runs import notebook_defaults
    from analysis.crosscity import figures as crossfig
    from analysis.crosscity.compute import open_cross_city
    fig = _crowded_pcoa()
    labels = [t.get_text() for t in fig.axes[0].texts if t.get_text()]
    assert len(labels) == 13 and "Site number 12 (C1); Site number 13 (C2)" in labels
    assert _label_overlaps(fig) == []
    plt.close(fig)
    ctx = open_cross_city(**notebook_defaults("cross_city"))
    coords, share = similarity.pcoa(ctx.main.distances)
    fig = crossfig.pcoa_figure(coords, share, ctx.main.clusters, ctx.sites, "committed")
    assert _label_overlaps(fig) == []
    plt.close(fig)


def test_pcoa_labels_never_depend_on_the_clock(monkeypatch):
    """adjustText stops after a number of steps, not after a time: a clock running 1,000 times fast gives
    the same figure (its default limit, one second of wall time, did not)."""
    import itertools

    import adjustText

    from analysis.report import figures
    normal = figures.render(_crowded_pcoa(), "png")
    ticks = itertools.count()
    monkeypatch.setattr(adjustText, "timer", lambda: next(ticks) * 1000.0)
    assert figures.render(_crowded_pcoa(), "png") == normal


def test_cluster_marks_avoid_verdict_colours_and_read_without_colour():
    from analysis.crosscity import figures as crossfig
    from analysis.report import figures
    verdict = {c.lower() for c in figures.VERDICT_COLOURS.values()}
    assert not verdict & {c.lower() for c in crossfig.CLUSTER_COLOURS}
    assert len(set(crossfig.CLUSTER_MARKERS)) == len(crossfig.CLUSTER_MARKERS) == len(crossfig.CLUSTER_COLOURS)
    assert crossfig.cluster_style(9) == (crossfig.CLUSTER_COLOURS[0], crossfig.CLUSTER_MARKERS[0], "C9")


def test_co_clustering_heatmap_is_byte_identical_across_renders():
    from analysis.crosscity import figures as crossfig
    from analysis.report import figures
    m = pd.DataFrame(np.array([[1, 1, 1, 0, 0, 0]] * 3 + [[0, 0, 0, 1, 1, 1]] * 3, dtype=float),
                     index=[f"s{i}" for i in range(6)], columns=list("abcdef"))
    m.iloc[0, 1] = m.iloc[4, 4] = np.nan
    elements = {"a": "e1", "b": "e1", "c": "e1", "d": "e2", "e": "e2", "f": "e2"}
    co = consensus.co_clustering(consensus.partitions(consensus.impute(m, elements, 10, 1), "jaccard", "average", 2))
    z, lab, _ = consensus.consensus(co, 2)
    sites = pd.DataFrame({"site": list(m.index), "name": [s.upper() for s in m.index]})
    order = list(m.index)
    a = figures.render(crossfig.co_clustering_figure({"x": co}, order, lab, sites), "svg")
    b = figures.render(crossfig.co_clustering_figure({"x": co}, order, lab, sites), "svg")
    assert a == b and b"S0 [C1]" in a


def test_the_coding_heatmap_marks_each_value_besides_its_colour():
    """Issue 18: present, absent and conflict each carry a mark (dot, cross, "!"); not reported is hatched with
    no mark, so absent and not reported are told apart without colour."""
    import pandas as pd

    from analysis.crosscity import figures as F
    grid = pd.DataFrame({"site": ["a", "a", "b", "b"], "feature": ["m1", "m2", "m1", "m2"],
                         "element": ["service_delivery"] * 4,
                         "value": ["present", "absent", "not_reported", "conflict"]})
    sites = pd.DataFrame({"site": ["a", "b"], "name": ["A", "B"], "name_zh": ["甲", "乙"]})
    fig = F.matrix_figure(grid, sites, "en")
    ax = fig.get_axes()[0]
    assert len(ax.collections) == 3  # one mark for present, absent and conflict; none for not reported
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == 1 and hatched[0].get_xy() == (-0.5, 0.5)  # the not-reported cell (b, m1)
    shapes = {c.get_paths()[0].vertices.tobytes() for c in ax.collections}
    assert len(shapes) == 3  # three distinct marks
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["present", "absent", "not reported", "conflict"]
