"""Cross-city comparison: the coders' agreement, similarity, clustering and consensus; what
``notebooks/cross_city.ipynb`` calls (one function per cell) and the tables it writes.

======================  ==================================================================
module                  what it holds
======================  ==================================================================
``agreement``           the two codings compared, kappa, adjudication, the recode
``similarity``          distances between sites under each reading of "not reported"
``clustering``          trees, cuts, cophenetic correlation, adjusted Rand index
``consensus``           imputation, co-clustering, resampling stability, the headline criterion
``compute``             the comparison under one set of parameters (:func:`open_cross_city`)
``sections_coding``     the report's coding sections
``sections_clusters``   the report's results sections
``figures``             the figures (clusters by colour, shape and label)
``tables``              ``tables/cross_city_*.csv``
======================  ==================================================================
"""
from analysis.crosscity.compute import CrossCity, open_cross_city
from analysis.crosscity.sections_clusters import (consensus_section, groupings_section, headline, outcomes_section,
                                                   readings, sensitivity_section, similarity_section, sites_section,
                                                   stability_section)
from analysis.crosscity.sections_coding import (adjudication_section, agreement_by_element, agreement_by_mechanism,
                                                agreement_section, codebook_table, five_city_table, matrix_section,
                                                profiles_section, recode_adjudication_section,
                                                recode_agreement_section, revisions_section)
from analysis.crosscity.tables import write_tables

__all__ = ["CrossCity", "open_cross_city", "headline", "agreement_section", "agreement_by_element",
           "agreement_by_mechanism", "adjudication_section", "revisions_section", "recode_agreement_section",
           "recode_adjudication_section", "five_city_table", "codebook_table", "matrix_section", "profiles_section",
           "readings", "consensus_section", "groupings_section", "similarity_section", "stability_section",
           "sensitivity_section", "outcomes_section", "sites_section", "write_tables"]
