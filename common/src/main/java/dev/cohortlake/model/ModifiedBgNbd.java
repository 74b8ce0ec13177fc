package dev.cohortlake.model;

import static dev.cohortlake.model.SpecialFunctions.hyp2f1;
import static dev.cohortlake.model.SpecialFunctions.logBeta;

import java.util.List;
import org.hipparchus.util.FastMath;

/**
 * The MBG/NBD model: the BG/NBD with one more dropout opportunity, right after the first purchase,
 * so that a customer with no repeat purchase can also be inactive.
 *
 * <p>Batislam, E. P., Denizel, M. and Filiztekin, A. (2007), "Empirical validation and comparison
 * of models for customer base analysis", International Journal of Research in Marketing 24(3),
 * 201-209. E[X(t)] = b / (a − 1) [1 − (α / (α + t))^r 2F1(r, b + 1; a + b; t / (α + t))], which is
 * the conditional expectation at x = t_x = T = 0.
 *
 * @param r shape of the purchase-rate distribution
 * @param alpha scale of the purchase-rate distribution
 * @param a first shape of the dropout-probability distribution
 * @param b second shape of the dropout-probability distribution
 */
public record ModifiedBgNbd(double r, double alpha, double a, double b) implements PurchaseModel {

  public static final List<String> PARAMETERS = BgNbdLikelihood.PARAMETERS;

  public ModifiedBgNbd {
    Parameters.requirePositive(PARAMETERS, r, alpha, a, b);
  }

  public static Fitted<ModifiedBgNbd> fit(RfmPatterns data) {
    MleFit fit = MaximumLikelihood.fit(likelihood(data), 1, data.meanAge(), 1, 1);
    double[] e = fit.estimates();
    return new Fitted<>(new ModifiedBgNbd(e[0], e[1], e[2], e[3]), fit);
  }

  public static LogLikelihood likelihood(RfmPatterns data) {
    return BgNbdLikelihood.modifiedBgNbd(data);
  }

  @Override
  public String name() {
    return "mbg_nbd";
  }

  @Override
  public double expectedPurchases(double t) {
    return conditionalExpectedPurchases(t, 0, 0, 0);
  }

  @Override
  public double probabilityOfPurchases(double t, int n) {
    double alive =
        FastMath.exp(logBeta(a, b + n + 1) - logBeta(a, b) + Nbd.logProbability(r, alpha, t, n));
    return alive
        + FastMath.exp(logBeta(a + 1, b + n) - logBeta(a, b)) * (1 - Nbd.below(r, alpha, t, n));
  }

  @Override
  public double conditionalExpectedPurchases(double t, double x, double tx, double age) {
    double z = t / (alpha + age + t);
    double numerator =
        (a + b + x)
            / (a - 1)
            * (1
                - FastMath.pow((alpha + age) / (alpha + age + t), r + x)
                    * hyp2f1(r + x, b + x + 1, a + b + x, z));
    return numerator / (1 + deadOdds(x, tx, age));
  }

  @Override
  public double probabilityAlive(double x, double tx, double age) {
    return 1 / (1 + deadOdds(x, tx, age));
  }

  /**
   * As {@link BgNbd#survivalIfAlive} with one more dropout opportunity survived: p ~ Beta(a, b + x
   * + 1) given alive, so ((α + T) / (α + T + t))^a 2F1(a + b + 1 − r, a; a + b + x + 1; t / (α + T
   * + t)).
   */
  @Override
  public double survivalIfAlive(double t, double x, double age) {
    double c = alpha + age;
    return FastMath.pow(c / (c + t), a) * hyp2f1(a + b + 1 - r, a, a + b + x + 1, t / (c + t));
  }

  /** Mean dropout probability a / (a + b) times k, a + b fixed: a' = k a, b' = a + b − k a. */
  @Override
  public ModifiedBgNbd withDropoutScaledBy(double k) {
    return new ModifiedBgNbd(r, alpha, k * a, a + b - k * a);
  }

  private double deadOdds(double x, double tx, double age) {
    return a / (b + x) * FastMath.exp((r + x) * FastMath.log((alpha + age) / (alpha + tx)));
  }
}
