"""The cross-city tables (``tables/cross_city_*.csv``), written from one computed comparison.
"""
from __future__ import annotations

import pandas as pd

from analysis.core.config import current
from analysis.core.outputs import atomic_write
from analysis.crosscity import agreement, consensus
from analysis.crosscity.compute import CrossCity
from analysis.data import coding

__all__ = ["write_tables"]

def write_tables(ctx: CrossCity) -> None:
    """Write the cross-city tables under tables/ (atomically)."""
    def csv(df: pd.DataFrame) -> str:
        return df.to_csv(index=False, lineterminator="\n", float_format="%.6g")
    atomic_write(current().tables / "cross_city_sites.csv",
                 csv(coding.sites_table()[["site", "province", "consortium_type", "sources", "evidence"]]))
    both = pd.concat([coding.grid(f).assign(framework=f) for f in coding.FRAMEWORKS], ignore_index=True)
    atomic_write(current().tables / "cross_city_matrix.csv", csv(both))
    atomic_write(current().tables / "cross_city_outcomes.csv", csv(coding.harmonised_outcomes()))
    atomic_write(current().tables / "cross_city_five_city.csv", csv(coding.five_city_comparison()))
    clusters = pd.DataFrame({"site": ctx.clusters.index, "cluster": ctx.clusters.to_numpy()})
    for r in consensus.READINGS:
        clusters[f"cluster_{r}"] = ctx.readings[r].clusters.loc[clusters["site"]].to_numpy()
    clusters["group_all_readings"] = ctx.groups.loc[clusters["site"]].to_numpy()
    atomic_write(current().tables / "cross_city_clusters.csv", csv(clusters))
    m = ctx.main
    stab = m.stability_sites.rename(columns={"stability": "stability_sites"}).merge(
        m.stability_mechanisms[["cluster", "stability"]].rename(columns={"stability": "stability_mechanisms"}),
        on="cluster")
    atomic_write(current().tables / "cross_city_stability.csv", csv(stab.assign(reading=ctx.headline)))
    atomic_write(current().tables / "cross_city_distances.csv", csv(m.distances.reset_index(names="site")))
    atomic_write(current().tables / "cross_city_sensitivity.csv", csv(ctx.sensitivity.assign(reading=ctx.headline)))
    atomic_write(current().tables / "cross_city_readings.csv", csv(ctx.criterion))
    atomic_write(current().tables / "cross_city_coclustering.csv",
                 csv(ctx.readings["imputed"].co_imputations.reset_index(names="site")))
    agree = pd.concat([agreement.agreement_table(ctx.comparison).assign(level="overall"),
                       agreement.agreement_table(ctx.comparison, "element").rename(columns={"element": "scope"})
                       .assign(level="element"),
                       agreement.agreement_table(ctx.comparison, "mechanism").rename(columns={"mechanism": "scope"})
                       .assign(level="mechanism")], ignore_index=True)
    atomic_write(current().tables / "cross_city_agreement.csv", csv(agree[["level", *agree.columns[:-1]]]))
    atomic_write(current().tables / "cross_city_recode_agreement.csv",
                 csv(agreement.revision_agreement(ctx.comparison, ctx.recode)))
    g6 = coding.grid("six_elements")
    atomic_write(current().tables / "cross_city_profiles.csv", csv(coding.profiles(g6)))
