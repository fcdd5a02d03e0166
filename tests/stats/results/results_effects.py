"""Reference values for ``analysis.stats.effects`` (tests/stats/test_effects.py)."""
from tests.stats.results.results_inference import SLEEP_SUMMARIES, SLEEP_WELCH

# Borenstein, Hedges, Higgins and Rothstein (2009), Introduction to Meta-Analysis (Wiley), chapter 4,
# "Effect sizes based on means", worked example: means 103 and 100, SDs 5.5 and 4.5, n 50 and 50:
# d = 0.5970, V_d = 0.0418, J = 0.9923, g = 0.5924, V_g = 0.0411 (four decimals as printed).
BORENSTEIN = dict(args=(103, 5.5, 50, 100, 4.5, 50), g=0.5924, var_g=0.0411, j=0.9923)

# Welch interval of the mean difference, group 1 minus group 2, from the sleep summaries.
# R: t.test(extra ~ group, data = sleep)$conf.int
SLEEP_MEAN_DIFFERENCE = dict(args=tuple(SLEEP_SUMMARIES[k] for k in ("m1", "s1", "n1", "m2", "s2", "n2")),
                             estimate=0.75 - 2.33, low=SLEEP_WELCH["conf_low"], high=SLEEP_WELCH["conf_high"])

# Wald interval of a risk difference, 30/100 vs 20/100.
# R: prop.test(c(30, 20), c(100, 100), correct = FALSE)$conf.int
RISK_DIFFERENCE = dict(args=(30, 100, 20, 100), estimate=0.1, low=-0.0192199548589424, high=0.2192199548589424)

# Katz log interval of a risk ratio, 30/100 vs 20/100: SE(ln RR) = sqrt(1/30 - 1/100 + 1/20 - 1/100).
# R: 1.5 * exp(c(-1, 1) * qnorm(0.975) * sqrt(1/30 - 1/100 + 1/20 - 1/100))
# statsmodels 0.14.5: Table2x2(np.array([[30, 70], [20, 80]])).riskratio_confint() gives the same interval.
RISK_RATIO = dict(args=(30, 100, 20, 100), estimate=1.5, low=0.915960829322366, high=2.456436921723569)

# Poisson log interval of a rate ratio, 45 events per 437 vs 27 per 312: SE(ln IRR) = sqrt(1/45 + 1/27).
# R: rr <- (45/437)/(27/312); c(rr, rr * exp(c(-1, 1) * qnorm(0.975) * sqrt(1/45 + 1/27)))
RATE_RATIO = dict(args=(45, 437, 27, 312), estimate=1.189931350114416, low=0.738434538691545, high=1.917484277609848)
