package dev.cohortlake.model;

import static dev.cohortlake.model.SpecialFunctions.hyp2f1;
import static dev.cohortlake.model.SpecialFunctions.logBeta;

import java.util.List;
import org.hipparchus.util.FastMath;

/**
 * The BG/NBD model: purchases follow a Poisson process with rate ~ Gamma(r, α) while the customer
 * is alive; after each purchase the customer drops out with probability p ~ Beta(a, b).
 *
 * <p>Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005), "Counting your customers the easy way:
 * an alternative to the Pareto/NBD model", Marketing Science 24(2), 275-284: likelihood eq. (6),
 * E[X(t)] eq. (9), P(alive) eq. (A.2 note), E[Y(t) | x, t_x, T] eq. (10), P(X(t) = x) eq. (8).
 *
 * @param r shape of the purchase-rate distribution
 * @param alpha scale of the purchase-rate distribution (in the time unit)
 * @param a first shape of the dropout-probability distribution
 * @param b second shape of the dropout-probability distribution
 */
public record BgNbd(double r, double alpha, double a, double b) implements PurchaseModel {

  public static final List<String> PARAMETERS = BgNbdLikelihood.PARAMETERS;

  public BgNbd {
    Parameters.requirePositive(PARAMETERS, r, alpha, a, b);
  }

  /** Fits by maximum likelihood on weighted patterns. */
  public static Fitted<BgNbd> fit(RfmPatterns data) {
    MleFit fit = MaximumLikelihood.fit(likelihood(data), 1, data.meanAge(), 1, 1);
    double[] e = fit.estimates();
    return new Fitted<>(new BgNbd(e[0], e[1], e[2], e[3]), fit);
  }

  /** The BG/NBD log-likelihood of one customer per pattern. */
  public static LogLikelihood likelihood(RfmPatterns data) {
    return BgNbdLikelihood.bgNbd(data);
  }

  @Override
  public String name() {
    return "bg_nbd";
  }

  @Override
  public double expectedPurchases(double t) {
    double z = t / (alpha + t);
    return (a + b - 1)
        / (a - 1)
        * (1 - FastMath.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, z));
  }

  @Override
  public double probabilityOfPurchases(double t, int n) {
    double alive =
        FastMath.exp(logBeta(a, b + n) - logBeta(a, b) + Nbd.logProbability(r, alpha, t, n));
    if (n == 0) {
      return alive;
    }
    return alive
        + FastMath.exp(logBeta(a + 1, b + n - 1) - logBeta(a, b)) * (1 - Nbd.below(r, alpha, t, n));
  }

  @Override
  public double conditionalExpectedPurchases(double t, double x, double tx, double age) {
    double z = t / (alpha + age + t);
    double numerator =
        (a + b + x - 1)
            / (a - 1)
            * (1
                - FastMath.pow((alpha + age) / (alpha + age + t), r + x)
                    * hyp2f1(r + x, b + x, a + b + x - 1, z));
    return numerator / (1 + deadOdds(x, tx, age));
  }

  @Override
  public double probabilityAlive(double x, double tx, double age) {
    return 1 / (1 + deadOdds(x, tx, age));
  }

  /**
   * Given alive at T after x repeat purchases, λ ~ Gamma(r + x, α + T) and p ~ Beta(a, b + x), and
   * a customer survives t more units with probability E[e^(−λ p t)] = ((α + T) / (α + T + t))^a
   * 2F1(a + b − r, a; a + b + x; t / (α + T + t)) (the Euler integral of 2F1 and Pfaff's
   * transformation).
   */
  @Override
  public double survivalIfAlive(double t, double x, double age) {
    double c = alpha + age;
    return FastMath.pow(c / (c + t), a) * hyp2f1(a + b - r, a, a + b + x, t / (c + t));
  }

  /** Mean dropout probability a / (a + b) times k, a + b fixed: a' = k a, b' = a + b − k a. */
  @Override
  public BgNbd withDropoutScaledBy(double k) {
    return new BgNbd(r, alpha, k * a, a + b - k * a);
  }

  /** δ(x > 0) a / (b + x − 1) ((α + T) / (α + t_x))^(r + x). */
  private double deadOdds(double x, double tx, double age) {
    if (x == 0) {
      return 0;
    }
    return a / (b + x - 1) * FastMath.exp((r + x) * FastMath.log((alpha + age) / (alpha + tx)));
  }
}
