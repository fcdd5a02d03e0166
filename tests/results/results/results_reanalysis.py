"""Known answers for the re-analysis (tests/results/test_reanalysis.py), computed in R 4.2.2 by the textbook formulas.

Zigong Table 5, mean length of stay: 2020 10.63 +/- 2.16 (n = 312), 2022 8.05 +/- 1.81 (n = 437); the effect is
2022 minus 2020. Hedges' g: Borenstein et al. (2009), ch. 4 (the formulas of analysis.stats.effects.hedges_g,
whose worked example tests/stats checks); the Welch interval: the formula R's t.test uses.

R: m1 <- 10.63; s1 <- 2.16; n1 <- 312; m2 <- 8.05; s2 <- 1.81; n2 <- 437
   sp <- sqrt(((n1 - 1) * s1^2 + (n2 - 1) * s2^2) / (n1 + n2 - 2)); d <- (m2 - m1) / sp
   J <- 1 - 3 / (4 * (n1 + n2) - 9); g <- J * d; se <- J * sqrt((n1 + n2) / (n1 * n2) + d^2 / (2 * (n1 + n2)))
   c(g, g - qnorm(.975) * se, g + qnorm(.975) * se)
   v1 <- s1^2 / n1; v2 <- s2^2 / n2; df <- (v1 + v2)^2 / (v1^2 / (n1 - 1) + v2^2 / (n2 - 1))
   c(m2 - m1, m2 - m1 + c(-1, 1) * qt(.975, df) * sqrt(v1 + v2))
"""
LOS_HEDGES_G = dict(estimate=-1.31278625419906, low=-1.47241086395030, high=-1.15316164444782)
LOS_MEAN_DIFFERENCE = dict(estimate=-2.58, low=-2.87427112935951, high=-2.28572887064049)

# qingpu_medical_group: 55.89 (10,000 people) contracted at 43.96% imply a population of 100 * 55.89 / 43.96.
# R: 100 * 55.89 / 43.96  ->  127.138307552320
# The earlier contracting rate, 43.96% after a change of 29.57: 43.96 - 29.57 = 14.39 if the change is in points,
# 43.96 / 1.2957 = 33.9276 if it is relative. R: c(43.96 - 29.57, 43.96 / 1.2957)  ->  14.39 33.9276066990816
QINGPU_POPULATION = 127.138307552320
QINGPU_PREVIOUS_RATE = (14.39, 33.9276066990816)
