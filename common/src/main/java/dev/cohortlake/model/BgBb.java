package dev.cohortlake.model;

import static dev.cohortlake.model.SpecialFunctions.logBeta;

import java.util.List;
import org.hipparchus.analysis.differentiation.Derivative;
import org.hipparchus.special.Gamma;
import org.hipparchus.util.FastMath;

/**
 * The BG/BB model for discrete purchase opportunities (e.g. yearly donations): while alive, a
 * customer transacts at each opportunity with probability p ~ Beta(α, β) and drops out before each
 * opportunity with probability θ ~ Beta(γ, δ).
 *
 * <p>Fader, P. S., Hardie, B. G. S. and Shang, J. (2010), "Customer-base analysis in a
 * discrete-time noncontractual setting", Marketing Science 29(6), 1086-1108: likelihood eq. (5),
 * P(X(n) = x) eq. (7), E[X(n)] eq. (8), P(alive at n + 1) eq. (11), E[X(n, n + n*) | x, t_x, n] eq.
 * (13).
 *
 * @param alpha first shape of the transaction-probability distribution
 * @param beta second shape of the transaction-probability distribution
 * @param gamma first shape of the dropout-probability distribution
 * @param delta second shape of the dropout-probability distribution
 */
public record BgBb(double alpha, double beta, double gamma, double delta) {

  public static final List<String> PARAMETERS = List.of("alpha", "beta", "gamma", "delta");

  public BgBb {
    Parameters.requirePositive(PARAMETERS, alpha, beta, gamma, delta);
  }

  /**
   * Fits on discrete patterns.
   *
   * @param x transactions in n opportunities
   * @param tx the opportunity of the last transaction (0 when x = 0)
   * @param n opportunities
   * @param weight customers with the pattern
   */
  public static Fitted<BgBb> fit(int[] x, int[] tx, int[] n, double[] weight) {
    MleFit fit = MaximumLikelihood.fit(likelihood(x, tx, n, weight), 1, 1, 1, 1);
    double[] e = fit.estimates();
    return new Fitted<>(new BgBb(e[0], e[1], e[2], e[3]), fit);
  }

  public static LogLikelihood likelihood(int[] x, int[] tx, int[] n, double[] weight) {
    return new WeightedLikelihood(PARAMETERS, weight) {

      @Override
      public <T extends Derivative<T>> T logLikelihood(T[] p, int i) {
        T alpha = p[0];
        T beta = p[1];
        T gamma = p[2];
        T delta = p[3];
        T transactions = logBeta(alpha, beta);
        T dropouts = logBeta(gamma, delta);
        T result =
            logBeta(alpha.add(x[i]), beta.add(n[i] - x[i]))
                .subtract(transactions)
                .add(logBeta(gamma, delta.add(n[i])))
                .subtract(dropouts);
        for (int j = 0; j < n[i] - tx[i]; j++) {
          T diedAfter =
              logBeta(alpha.add(x[i]), beta.add(tx[i] - x[i] + j))
                  .subtract(transactions)
                  .add(logBeta(gamma.add(1), delta.add(tx[i] + j)))
                  .subtract(dropouts);
          result = LogSpace.logAddExp(result, diedAfter);
        }
        return result;
      }
    };
  }

  /** The likelihood of one pattern, in doubles. */
  private double likelihood(int x, int tx, int n) {
    double value =
        FastMath.exp(
            logBeta(alpha + x, beta + n - x)
                - logBeta(alpha, beta)
                + logBeta(gamma, delta + n)
                - logBeta(gamma, delta));
    for (int j = 0; j < n - tx; j++) {
      value +=
          FastMath.exp(
              logBeta(alpha + x, beta + tx - x + j)
                  - logBeta(alpha, beta)
                  + logBeta(gamma + 1, delta + tx + j)
                  - logBeta(gamma, delta));
    }
    return value;
  }

  /** P(X(n) = x): probability of x transactions in the first n opportunities. */
  public double probabilityOfPurchases(int n, int x) {
    double value =
        FastMath.exp(
            logChoose(n, x)
                + logBeta(alpha + x, beta + n - x)
                - logBeta(alpha, beta)
                + logBeta(gamma, delta + n)
                - logBeta(gamma, delta));
    for (int i = x; i < n; i++) {
      value +=
          FastMath.exp(
              logChoose(i, x)
                  + logBeta(alpha + x, beta + i - x)
                  - logBeta(alpha, beta)
                  + logBeta(gamma + 1, delta + i)
                  - logBeta(gamma, delta));
    }
    return value;
  }

  /** E[X(n)]: expected transactions in the first n opportunities. */
  public double expectedPurchases(int n) {
    return alpha
        / (alpha + beta)
        * delta
        / (gamma - 1)
        * (1
            - FastMath.exp(
                Gamma.logGamma(gamma + delta)
                    - Gamma.logGamma(gamma + delta + n)
                    + Gamma.logGamma(1 + delta + n)
                    - Gamma.logGamma(1 + delta)));
  }

  /** P(alive at opportunity n + 1 | x, t_x, n). */
  public double probabilityAlive(int x, int tx, int n) {
    return FastMath.exp(
            logBeta(alpha + x, beta + n - x)
                - logBeta(alpha, beta)
                + logBeta(gamma, delta + n + 1)
                - logBeta(gamma, delta))
        / likelihood(x, tx, n);
  }

  /**
   * E[X(n, n + future) | x, t_x, n]: expected transactions in the next {@code future}
   * opportunities.
   */
  public double conditionalExpectedPurchases(int future, int x, int tx, int n) {
    double scale =
        FastMath.exp(
                logBeta(alpha + x + 1, beta + n - x)
                    - logBeta(alpha, beta)
                    + Gamma.logGamma(gamma + delta)
                    - Gamma.logGamma(1 + delta))
            * delta
            / (gamma - 1);
    double bracket =
        FastMath.exp(Gamma.logGamma(1 + delta + n) - Gamma.logGamma(gamma + delta + n))
            - FastMath.exp(
                Gamma.logGamma(1 + delta + n + future)
                    - Gamma.logGamma(gamma + delta + n + future));
    return scale * bracket / likelihood(x, tx, n);
  }

  private static double logChoose(int n, int k) {
    return Gamma.logGamma(n + 1.0) - Gamma.logGamma(k + 1.0) - Gamma.logGamma(n - k + 1.0);
  }
}
