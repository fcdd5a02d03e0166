"""The kinds of check, one module per family; each registers its kinds on import.

==================  ==============================================================
module              kinds
==================  ==============================================================
``arithmetic``      growth, decline, share, ratio, sum, difference, relative_change,
                    restated; derived values; the re-analysis kind ``rate``
``significance``    t_from_summaries, chi2_from_counts
``pvalues``         p_from_statistic, chi2_table
``granularity``     grim, grimmer, debit
``claims``          claim (a predicate over printed values)
``denominators``    units (persons or person-times in a share), per_capita (growth of
                    raw counts against the growth of their population)
``formulas``        how every kind above shows its formula with the printed inputs
==================  ==============================================================
"""
from analysis.checks.kinds import arithmetic, claims, denominators, granularity, pvalues, significance  # noqa: F401
from analysis.checks.kinds import formulas  # noqa: F401 - after the kinds it shows

__all__ = ["arithmetic", "claims", "denominators", "granularity", "pvalues", "significance", "formulas"]
