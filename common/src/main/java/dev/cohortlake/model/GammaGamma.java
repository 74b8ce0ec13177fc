package dev.cohortlake.model;

import java.util.List;

/**
 * The Gamma-Gamma model of spend per transaction: each transaction value ~ Gamma(p, ν) with the
 * customer's ν ~ Gamma(q, γ), independent of the purchase process.
 *
 * <p>Fader, P. S. and Hardie, B. G. S. (2013), "The Gamma-Gamma model of monetary value"; Fader,
 * Hardie and Lee (2005), "RFM and CLV: using iso-value curves for customer base analysis", Journal
 * of Marketing Research 42(4), 415-430, eq. (5) for E[M | x, m_x].
 *
 * @param p shape of the transaction-value distribution
 * @param q shape of the customer scale distribution
 * @param gamma scale of the customer scale distribution
 */
public record GammaGamma(double p, double q, double gamma) {

  public static final List<String> PARAMETERS = GammaGammaLikelihood.PARAMETERS;

  public GammaGamma {
    Parameters.requirePositive(PARAMETERS, p, q, gamma);
  }

  /**
   * Fits on repeat buyers.
   *
   * @param x repeat transactions of each pattern (must be positive)
   * @param meanSpend mean value of those transactions (must be positive)
   * @param weight customers with the pattern
   */
  public static Fitted<GammaGamma> fit(double[] x, double[] meanSpend, double[] weight) {
    for (int i = 0; i < x.length; i++) {
      if (!(x[i] > 0 && meanSpend[i] > 0)) {
        throw new IllegalArgumentException(
            String.format(
                "Gamma-Gamma needs repeat buyers with positive spend; pattern %d has x=%s, m=%s",
                i, x[i], meanSpend[i]));
      }
    }
    double mean = 0;
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      mean += meanSpend[i] * weight[i];
      total += weight[i];
    }
    MleFit fit = MaximumLikelihood.fit(likelihood(x, meanSpend, weight), 1, 1, mean / total);
    double[] e = fit.estimates();
    return new Fitted<>(new GammaGamma(e[0], e[1], e[2]), fit);
  }

  public static LogLikelihood likelihood(double[] x, double[] meanSpend, double[] weight) {
    return new GammaGammaLikelihood(x, meanSpend, weight);
  }

  /**
   * E[M | x, m_x]: expected value of a future transaction of a customer with x repeat transactions
   * of mean value m_x; the population mean p γ / (q − 1) when x = 0.
   */
  public double conditionalExpectedAverageValue(double x, double meanSpend) {
    if (x == 0) {
      return p * gamma / (q - 1);
    }
    return (gamma + meanSpend * x) * p / (p * x + q - 1);
  }
}
