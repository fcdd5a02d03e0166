"""The cross-city tables: written from one computed comparison, byte for byte the committed ones."""
from dataclasses import replace

import pandas as pd
import pytest

from analysis.build.runs import notebook_defaults
from analysis.core.config import current, use
from analysis.crosscity.compute import open_cross_city
from analysis.crosscity.tables import write_tables

NAMES = ["agreement", "clusters", "coclustering", "distances", "five_city", "matrix", "outcomes", "profiles",
         "readings", "recode_agreement", "sensitivity", "sites", "stability"]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    ctx = open_cross_city(**notebook_defaults("cross_city"))
    out = tmp_path_factory.mktemp("tables")
    with use(replace(current(), tables=out)):
        write_tables(ctx)
    return ctx, out


def test_every_table_is_written_and_equals_the_committed_one(written):
    _, out = written
    assert sorted(p.name for p in out.iterdir()) == sorted(f"cross_city_{n}.csv" for n in NAMES)
    for n in NAMES:
        assert (out / f"cross_city_{n}.csv").read_bytes() == (current().tables / f"cross_city_{n}.csv").read_bytes(), n


def test_the_clusters_table_is_the_comparison(written):
    ctx, out = written
    t = pd.read_csv(out / "cross_city_clusters.csv").set_index("site")
    assert list(t.index) == list(ctx.clusters.index)
    assert (t["cluster"] == ctx.clusters).all()
    assert (t["group_all_readings"] == ctx.groups.loc[t.index]).all()
    for reading, r in ctx.readings.items():
        assert (t[f"cluster_{reading}"] == r.clusters.loc[t.index]).all(), reading
