"""Reference values for the clustering (tests/crosscity/test_clustering.py)."""

# Four sites with distances ab = 1, ac = 3, ad = 4, bc = 2, bd = 5, cd = 6. Average linkage by hand: a and b
# merge at 1; {ab}-c = (3 + 2) / 2 = 2.5, {ab}-d = (4 + 5) / 2 = 4.5, c-d = 6: {ab} and c merge at 2.5;
# {abc}-d = (4 + 5 + 6) / 3 = 5. Cophenetic distances (ab, ac, ad, bc, bd, cd) = (1, 2.5, 5, 2.5, 5, 5); their
# Pearson correlation with the distances is 15 / sqrt(17.5 * 15) = sqrt(6/7).
# R: d <- matrix(c(0, 1, 3, 4, 1, 0, 2, 5, 3, 2, 0, 6, 4, 5, 6, 0), 4)
#    h <- hclust(as.dist(d), "average"); cor(cophenetic(h), as.dist(d))  ->  0.925820099772552
#    as.vector(cophenetic(h))  ->  1.0 2.5 5.0 2.5 5.0 5.0
FOUR_SITES = [[0, 1, 3, 4], [1, 0, 2, 5], [3, 2, 0, 6], [4, 5, 6, 0]]
FOUR_SITES_COPHENETIC = 0.925820099772552
FOUR_SITES_TWO_GROUPS = [1, 1, 1, 2]  # cut at 2.5 < h < 5: {a, b, c} and {d}

# Adjusted Rand index, scikit-learn documentation (sklearn.metrics.adjusted_rand_score, examples):
# adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2])  ->  0.57...;  ([0, 0, 1, 1], [0, 1, 0, 1])  ->  -0.5
# By hand from the pair counts (Hubert and Arabie 1985), n = 4, 6 pairs: the first pair of partitions has 2 and 1
# pairs together and 1 in both, E = 2 * 1 / 6, ARI = (1 - 1/3) / ((2 + 1) / 2 - 1/3) = 4/7 = 0.571428...; the
# second has 2 and 2 and none in both, ARI = (0 - 2/3) / (2 - 2/3) = -0.5.
ARI = [(([0, 0, 1, 1], [0, 0, 1, 2]), 4 / 7), (([0, 0, 1, 1], [1, 1, 0, 0]), 1.0), (([0, 0, 1, 1], [0, 1, 0, 1]), -0.5)]
