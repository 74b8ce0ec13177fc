package dev.cohortlake.model;

import static dev.cohortlake.model.SpecialFunctions.hyp2f1;

import java.util.List;
import org.hipparchus.special.Gamma;
import org.hipparchus.util.FastMath;

/**
 * The Pareto/NBD model: Poisson purchases with rate ~ Gamma(r, α) and an exponential lifetime with
 * rate ~ Gamma(s, β).
 *
 * <p>Schmittlein, D. C., Morrison, D. G. and Colombo, R. (1987), "Counting your customers: who are
 * they and what will they do next?", Management Science 33(1), 1-24. The likelihood and P(alive)
 * follow Fader, P. S. and Hardie, B. G. S. (2005), "A note on deriving the Pareto/NBD model and
 * related expressions", with the dropout integral evaluated by quadrature in log space; P(X(t) = x)
 * follows Fader and Hardie (2006), "Deriving an expression for P(X(t) = x) under the Pareto/NBD
 * model".
 *
 * @param r shape of the purchase-rate distribution
 * @param alpha scale of the purchase-rate distribution
 * @param s shape of the dropout-rate distribution
 * @param beta scale of the dropout-rate distribution
 */
public record ParetoNbd(double r, double alpha, double s, double beta) implements PurchaseModel {

  public static final List<String> PARAMETERS = ParetoNbdLikelihood.PARAMETERS;

  public ParetoNbd {
    Parameters.requirePositive(PARAMETERS, r, alpha, s, beta);
  }

  /**
   * Fits by maximum likelihood, starting from the BG/NBD estimates of the purchase process (r, α
   * mean the same in both models) and a dropout scale of the customers' mean age.
   */
  public static Fitted<ParetoNbd> fit(RfmPatterns data) {
    BgNbd start = BgNbd.fit(data).model();
    MleFit fit =
        MaximumLikelihood.fit(likelihood(data), start.r(), start.alpha(), 1, data.meanAge());
    double[] e = fit.estimates();
    return new Fitted<>(new ParetoNbd(e[0], e[1], e[2], e[3]), fit);
  }

  public static LogLikelihood likelihood(RfmPatterns data) {
    return new ParetoNbdLikelihood(data);
  }

  @Override
  public String name() {
    return "pareto_nbd";
  }

  @Override
  public double expectedPurchases(double t) {
    return r * beta / (alpha * (s - 1)) * (1 - FastMath.pow(beta / (beta + t), s - 1));
  }

  @Override
  public double probabilityOfPurchases(double t, int n) {
    double first =
        FastMath.exp(
            Gamma.logGamma(r + n)
                - Gamma.logGamma(r)
                - Gamma.logGamma(n + 1.0)
                + r * FastMath.log(alpha / (alpha + t))
                + n * FastMath.log(t / (alpha + t))
                + s * FastMath.log(beta / (beta + t)));
    boolean alphaLarger = alpha >= beta;
    double larger = Math.max(alpha, beta);
    double gap = Math.abs(alpha - beta);
    double second = alphaLarger ? s + 1 : r + n;
    double c = r + s + n + 1;
    double b1 = hyp2f1(r + s, second, c, gap / larger) / FastMath.pow(larger, r + s);
    double sum = 0;
    for (int j = 0; j <= n; j++) {
      sum +=
          FastMath.exp(
                  Gamma.logGamma(r + s + j)
                      - Gamma.logGamma(r + s)
                      - Gamma.logGamma(j + 1.0)
                      + j * FastMath.log(t)
                      - (r + s + j) * FastMath.log(larger + t))
              * hyp2f1(r + s + j, second, c, gap / (larger + t));
    }
    double weight =
        FastMath.exp(
            r * FastMath.log(alpha)
                + s * FastMath.log(beta)
                + SpecialFunctions.logBeta(r + n, s + 1)
                - SpecialFunctions.logBeta(r, s));
    // B1 − Σ cancels to roundoff in the far tail; a probability below zero there is zero.
    return Math.max(0, first + weight * (b1 - sum));
  }

  @Override
  public double conditionalExpectedPurchases(double t, double x, double tx, double age) {
    return expectedPurchasesIfAlive(t, x, age) * probabilityAlive(x, tx, age);
  }

  /**
   * One dropout integral for P(alive) and all horizons: only the factor outside it depends on t.
   */
  @Override
  public Forecast forecast(double[] horizons, double x, double tx, double age) {
    double alive = probabilityAlive(x, tx, age);
    double[] expected = new double[horizons.length];
    for (int i = 0; i < horizons.length; i++) {
      expected[i] = expectedPurchasesIfAlive(horizons[i], x, age) * alive;
    }
    return new Forecast(alive, expected);
  }

  private double expectedPurchasesIfAlive(double t, double x, double age) {
    return (r + x)
        * (beta + age)
        / ((alpha + age) * (s - 1))
        * (1 - FastMath.pow((beta + age) / (beta + age + t), s - 1));
  }

  /** Given alive at T, the dropout rate μ ~ Gamma(s, β + T): ((β + T) / (β + T + t))^s. */
  @Override
  public double survivalIfAlive(double t, double x, double age) {
    return FastMath.pow((beta + age) / (beta + age + t), s);
  }

  /** Mean dropout rate s / β times k, the shape s fixed: β' = β / k. */
  @Override
  public ParetoNbd withDropoutScaledBy(double k) {
    return new ParetoNbd(r, alpha, s, beta / k);
  }

  @Override
  public double probabilityAlive(double x, double tx, double age) {
    if (tx >= age) {
      return 1;
    }
    double logOdds =
        FastMath.log(s)
            + (r + x) * FastMath.log(alpha + age)
            + s * FastMath.log(beta + age)
            + ParetoNbdLikelihood.logDropoutIntegral(r, alpha, s, beta, x, tx, age);
    return 1 / (1 + FastMath.exp(logOdds));
  }
}
