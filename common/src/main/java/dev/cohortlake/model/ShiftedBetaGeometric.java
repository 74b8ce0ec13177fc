package dev.cohortlake.model;

import java.util.List;
import org.hipparchus.analysis.differentiation.Derivative;

/**
 * The shifted-beta-geometric model of retention: each customer churns at the end of a period with
 * probability θ ~ Beta(α, β).
 *
 * <p>Fader, P. S. and Hardie, B. G. S. (2007), "How to project customer retention", Journal of
 * Interactive Marketing 21(1), 76-90: P(T = t) = B(α + 1, β + t − 1) / B(α, β) by the recursion of
 * eq. (7), and the survivor function S(t) = B(α, β + t) / B(α, β).
 *
 * @param alpha first shape of the churn-probability distribution
 * @param beta second shape of the churn-probability distribution
 */
public record ShiftedBetaGeometric(double alpha, double beta) {

  public static final List<String> PARAMETERS = List.of("alpha", "beta");

  public ShiftedBetaGeometric {
    Parameters.requirePositive(PARAMETERS, alpha, beta);
  }

  /**
   * Fits on churn counts with right-censoring.
   *
   * @param churned churned[t] customers lost at the end of period t (index 0 unused)
   * @param censored censored[t] customers still active when observation stopped after period t
   */
  public static Fitted<ShiftedBetaGeometric> fit(double[] churned, double[] censored) {
    if (churned.length != censored.length) {
      throw new IllegalArgumentException("churned and censored must have the same length");
    }
    MleFit fit = MaximumLikelihood.fit(likelihood(churned, censored), 1, 1);
    return new Fitted<>(new ShiftedBetaGeometric(fit.estimates()[0], fit.estimates()[1]), fit);
  }

  /** Fits on a survivor curve: survivors[0] customers at the start, survivors[t] after period t. */
  public static Fitted<ShiftedBetaGeometric> fitSurvivors(double[] survivors) {
    double[] churned = new double[survivors.length];
    double[] censored = new double[survivors.length];
    for (int t = 1; t < survivors.length; t++) {
      churned[t] = survivors[t - 1] - survivors[t];
    }
    censored[survivors.length - 1] = survivors[survivors.length - 1];
    return fit(churned, censored);
  }

  public static LogLikelihood likelihood(double[] churned, double[] censored) {
    int periods = churned.length;
    double[] weights = new double[2 * periods];
    System.arraycopy(churned, 0, weights, 0, periods);
    System.arraycopy(censored, 0, weights, periods, periods);
    return new WeightedLikelihood(PARAMETERS, weights) {

      @Override
      public <T extends Derivative<T>> T logLikelihood(T[] p, int i) {
        int t = i < periods ? i : i - periods;
        T alpha = p[0];
        T beta = p[1];
        T churn = alpha.divide(alpha.add(beta));
        T survival = churn.negate().add(1);
        for (int k = 2; k <= t; k++) {
          churn = churn.multiply(beta.add(k - 2)).divide(alpha.add(beta).add(k - 1));
          survival = survival.subtract(churn);
        }
        if (i < periods) {
          return t == 0 ? alpha.getField().getZero() : churn.log();
        }
        return t == 0 ? alpha.getField().getZero() : survival.log();
      }
    };
  }

  /** S(t): the share of a cohort still retained after t periods. */
  public double survival(int t) {
    double churn = alpha / (alpha + beta);
    double survival = 1 - churn;
    if (t == 0) {
      return 1;
    }
    for (int k = 2; k <= t; k++) {
      churn *= (beta + k - 2) / (alpha + beta + k - 1);
      survival -= churn;
    }
    return survival;
  }

  /**
   * The scale k of the mean churn probability α / (α + β) that raises the first period's retention
   * β / (α + β) by {@code points}: k = (α / (α + β) − points) / (α / (α + β)). The same k applied
   * to another model's mean dropout ({@link PurchaseModel#withDropoutScaledBy}) is that model's
   * equivalent of "+points of retention": the same relative cut in churn.
   *
   * @throws IllegalArgumentException if the churn is not above {@code points}
   */
  public double dropoutScaleForRetentionPoints(double points) {
    double churn = alpha / (alpha + beta);
    if (!(churn > points)) {
      throw new IllegalArgumentException(
          String.format(
              "monthly retention is %.4f already; %.4f more would reach 100%%", 1 - churn, points));
    }
    return (churn - points) / churn;
  }

  /** The same customers with the mean churn probability times k, α + β (heterogeneity) fixed. */
  public ShiftedBetaGeometric withChurnScaledBy(double k) {
    return new ShiftedBetaGeometric(k * alpha, alpha + beta - k * alpha);
  }

  /**
   * Expected lifetime in periods, counting the first: Σ_{t ≥ 0} S(t) = (α + β − 1) / (α − 1) for α
   * > 1 (Fader and Hardie 2007, the discounted expected lifetime at zero discount); infinite
   * otherwise.
   */
  public double expectedLifetime() {
    return alpha > 1 ? (alpha + beta - 1) / (alpha - 1) : Double.POSITIVE_INFINITY;
  }

  /** r(t) = S(t) / S(t − 1) = (β + t − 1) / (α + β + t − 1): retention rate in period t. */
  public double retentionRate(int t) {
    return (beta + t - 1) / (alpha + beta + t - 1);
  }
}
