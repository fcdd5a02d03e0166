"""Cross-city comparison: distances, clustering, stability (known answers and properties) and the coded data."""
import numpy as np
import pandas as pd

from analysis.crosscity import similarity


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
