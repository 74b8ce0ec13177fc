package dev.cohortlake.model;

import static dev.cohortlake.model.SpecialFunctions.hyp2f1;
import static dev.cohortlake.model.SpecialFunctions.logGamma;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.Derivative;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.hipparchus.special.Gamma;
import org.hipparchus.util.FastMath;

/**
 * The Pareto/NBD model: Poisson purchases with rate ~ Gamma(r, α) and an exponential lifetime
 * with rate ~ Gamma(s, β).
 *
 * <p>Schmittlein, D. C., Morrison, D. G. and Colombo, R. (1987), "Counting your customers: who
 * are they and what will they do next?", Management Science 33(1), 1-24. The likelihood and
 * P(alive) follow Fader, P. S. and Hardie, B. G. S. (2005), "A note on deriving the Pareto/NBD
 * model and related expressions", with the dropout integral evaluated by quadrature in log space;
 * P(X(t) = x) follows Fader and Hardie (2006), "Deriving an expression for P(X(t) = x) under the
 * Pareto/NBD model".
 *
 * @param r shape of the purchase-rate distribution
 * @param alpha scale of the purchase-rate distribution
 * @param s shape of the dropout-rate distribution
 * @param beta scale of the dropout-rate distribution
 */
public record ParetoNbd(double r, double alpha, double s, double beta) implements PurchaseModel {

  public static final List<String> PARAMETERS = List.of("r", "alpha", "s", "beta");
  private static final DSFactory VALUES = new DSFactory(4, 0);
  private static final GaussIntegrator LEGENDRE = new GaussIntegratorFactory().legendre(20, -1, 1);
  private static final double[] LEGENDRE_NODES = new double[LEGENDRE.getNumberOfPoints()];
  private static final double[] LEGENDRE_WEIGHTS = new double[LEGENDRE.getNumberOfPoints()];

  static {
    for (int i = 0; i < LEGENDRE_NODES.length; i++) {
      LEGENDRE_NODES[i] = LEGENDRE.getPoint(i);
      LEGENDRE_WEIGHTS[i] = LEGENDRE.getWeight(i);
    }
  }

  public ParetoNbd {
    Parameters.requirePositive(PARAMETERS, r, alpha, s, beta);
  }

  /**
   * Fits by maximum likelihood, starting from the BG/NBD estimates of the purchase process (r, α
   * mean the same in both models) and a dropout scale of the customers' mean age.
   */
  public static Fitted<ParetoNbd> fit(RfmPatterns data) {
    BgNbd start = BgNbd.fit(data).model();
    MleFit fit = MaximumLikelihood.fit(likelihood(data), start.r(), start.alpha(), 1, data.meanAge());
    double[] e = fit.estimates();
    return new Fitted<>(new ParetoNbd(e[0], e[1], e[2], e[3]), fit);
  }

  public static LogLikelihood likelihood(RfmPatterns data) {
    return new WeightedLikelihood(PARAMETERS, data.weight()) {
      @Override
      public <T extends Derivative<T>> T logLikelihood(T[] p, int i) {
        double x = data.x()[i];
        double age = data.t()[i];
        T r = p[0];
        T alpha = p[1];
        T s = p[2];
        T beta = p[3];
        T common = logGamma(r.add(x)).subtract(logGamma(r))
            .add(r.multiply(alpha.log())).add(s.multiply(beta.log()));
        T alive = r.add(x).multiply(alpha.add(age).log()).add(s.multiply(beta.add(age).log())).negate();
        if (data.tx()[i] >= age) {
          return common.add(alive);
        }
        T dropped = s.log().add(logDropoutIntegral(p, x, data.tx()[i], age));
        return common.add(LogSpace.logAddExp(alive, dropped));
      }
    };
  }

  /**
   * ln ∫_{t_x}^{T} (α + τ)^−(r+x) (β + τ)^−(s+1) dτ: the likelihood of dropping out between the
   * last purchase and T (Fader and Hardie 2005, the integral before it is written with 2F1).
   *
   * <p>The closed form needs 2F1 at arguments that approach 1 when α and β are far apart, where
   * its series needs tens of thousands of terms. Instead, with u = ln(min(α, β) + τ) the integrand
   * is smooth, and composite Gauss-Legendre quadrature on panels of unit width in u reaches double
   * precision with a fixed, small number of evaluations, in log space and with exact derivatives.
   */
  private static <T extends Derivative<T>> T logDropoutIntegral(T[] p, double x, double tx, double age) {
    T r = p[0];
    T alpha = p[1];
    T s = p[2];
    T beta = p[3];
    boolean alphaSmaller = alpha.getValue() <= beta.getValue();
    T smaller = alphaSmaller ? alpha : beta;
    T gap = alphaSmaller ? beta.subtract(alpha) : alpha.subtract(beta);
    T smallerPower = alphaSmaller ? r.add(x) : s.add(1);
    T largerPower = alphaSmaller ? s.add(1) : r.add(x);
    T from = smaller.add(tx).log();
    T to = smaller.add(age).log();
    int panels = Math.max(1, (int) Math.ceil(to.getValue() - from.getValue()));
    T halfWidth = to.subtract(from).divide(2.0 * panels);
    T logHalfWidth = halfWidth.log();
    List<T> terms = new ArrayList<>(panels * LEGENDRE_NODES.length);
    for (int panel = 0; panel < panels; panel++) {
      T middle = from.add(halfWidth.multiply(2 * panel + 1));
      for (int i = 0; i < LEGENDRE_NODES.length; i++) {
        T u = middle.add(halfWidth.multiply(LEGENDRE_NODES[i]));
        T logIntegrand = u.multiply(smallerPower.negate().add(1))
            .subtract(largerPower.multiply(gap.add(u.exp()).log()));
        terms.add(logIntegrand.add(logHalfWidth).add(Math.log(LEGENDRE_WEIGHTS[i])));
      }
    }
    return LogSpace.logSumExp(terms);
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
    double first = FastMath.exp(Gamma.logGamma(r + n) - Gamma.logGamma(r) - Gamma.logGamma(n + 1.0)
        + r * FastMath.log(alpha / (alpha + t)) + n * FastMath.log(t / (alpha + t))
        + s * FastMath.log(beta / (beta + t)));
    boolean alphaLarger = alpha >= beta;
    double larger = Math.max(alpha, beta);
    double gap = Math.abs(alpha - beta);
    double second = alphaLarger ? s + 1 : r + n;
    double c = r + s + n + 1;
    double b1 = hyp2f1(r + s, second, c, gap / larger) / FastMath.pow(larger, r + s);
    double sum = 0;
    for (int j = 0; j <= n; j++) {
      sum += FastMath.exp(Gamma.logGamma(r + s + j) - Gamma.logGamma(r + s) - Gamma.logGamma(j + 1.0)
          + j * FastMath.log(t) - (r + s + j) * FastMath.log(larger + t))
          * hyp2f1(r + s + j, second, c, gap / (larger + t));
    }
    double weight = FastMath.exp(r * FastMath.log(alpha) + s * FastMath.log(beta)
        + SpecialFunctions.logBeta(r + n, s + 1) - SpecialFunctions.logBeta(r, s));
    // B1 − Σ cancels to roundoff in the far tail; a probability below zero there is zero.
    return Math.max(0, first + weight * (b1 - sum));
  }

  @Override
  public double conditionalExpectedPurchases(double t, double x, double tx, double age) {
    return (r + x) * (beta + age) / ((alpha + age) * (s - 1))
        * (1 - FastMath.pow((beta + age) / (beta + age + t), s - 1))
        * probabilityAlive(x, tx, age);
  }

  @Override
  public double probabilityAlive(double x, double tx, double age) {
    if (tx >= age) {
      return 1;
    }
    DerivativeStructure[] p = {
        VALUES.constant(r), VALUES.constant(alpha), VALUES.constant(s), VALUES.constant(beta)};
    double logOdds = FastMath.log(s) + (r + x) * FastMath.log(alpha + age)
        + s * FastMath.log(beta + age) + logDropoutIntegral(p, x, tx, age).getValue();
    return 1 / (1 + FastMath.exp(logOdds));
  }
}
