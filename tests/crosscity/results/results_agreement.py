"""Published output for Cohen's kappa (tests/crosscity/test_agreement.py).

Both printouts are pasted in statsmodels' own tests (statsmodels/stats/tests/test_inter_rater.py); the package
computes kappa with statsmodels' cohens_kappa, and these are the outputs of SAS and R that it is checked against.
"""

# SAS PROC FREQ, AGREE option, on the 3x3 table [[0, 4, 1], [0, 8, 0], [0, 1, 5]] (TestUnweightedCohens):
#   Simple Kappa Coefficient: Kappa 0.4842, ASE 0.1380, 95% Lower Conf Limit 0.2137, 95% Upper Conf Limit 0.7547
# (four decimals as printed). Raw agreement by hand: (0 + 8 + 5) / 19 = 13/19.
SAS_TABLE = [[0, 4, 1], [0, 8, 0], [0, 1, 5]]
SAS_KAPPA = dict(kappa=0.4842, se=0.1380, low=0.2137, high=0.7547, agreement=13 / 19)

# R, package irr (Gamer, Lemon, Fellows and Singh), data set ``anxiety``: 20 subjects rated by 3 raters.
# R: irr::kappa2(anxiety[, 2:3])
#    Cohen's Kappa for 2 Raters (Weights: unweighted); Subjects = 20, Raters = 2, Kappa = -0.00629
#    (full precision as statsmodels pastes it: -0.006289308)
ANXIETY = [3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3,    # rater 1
           3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4,    # rater 2
           2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2]    # rater 3
IRR_KAPPA2_RATERS_2_3 = dict(kappa=-0.006289308, n=20)

# By hand: ratings (p, p, n, n) and (p, n, n, n): p_o = 3/4; marginals (2, 2) and (1, 3) of 4 give
# p_e = (2 * 1 + 2 * 3) / 16 = 1/2, so kappa = (3/4 - 1/2) / (1 - 1/2) = 1/2.
BY_HAND = dict(first=["p", "p", "n", "n"], second=["p", "n", "n", "n"], kappa=0.5, agreement=0.75)


def kappa_by_definition(a, b):
    """Cohen's kappa from its definition, (p_o - p_e) / (1 - p_e), NaN when p_e = 1 (Cohen 1960, eq. 1): the
    reference the package's statsmodels-based kappa is compared with where no printout exists."""
    import numpy as np
    a, b = np.asarray(a), np.asarray(b)
    cats = sorted(set(a) | set(b))
    po = np.mean(a == b)
    pe = sum(np.mean(a == c) * np.mean(b == c) for c in cats)
    return np.nan if pe == 1 else (po - pe) / (1 - pe)
