package dev.cohortlake.model;

import static dev.cohortlake.model.SpecialFunctions.logGamma;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hipparchus.analysis.differentiation.Derivative;
import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * The Pareto/NBD likelihood in parameters (r, α, s, β) (Fader & Hardie 2005, "A note on deriving
 * the Pareto/NBD model and related expressions", eq. 3 before the 2F1 form). Per customer,
 *
 * <pre>
 *   ℓ = ln Γ(r + x) − ln Γ(r) + r ln α + s ln β
 *       + ln( (α + T)^−(r+x) (β + T)^−s + s I ),   I = ∫_{t_x}^{T} (α + τ)^−(r+x) (β + τ)^−(s+1) dτ,
 * </pre>
 *
 * the integral being the chance of dropping out between the last purchase and T. The first line
 * depends on x alone and {@link #sum} evaluates it once per distinct x; the second is
 * differentiated by hand per pattern, under the integral sign (its limits do not depend on the
 * parameters): with q the integrand normalised over τ, ∇ ln I = E_q[∇g] and ∇² ln I = E_q[∇²g] +
 * Cov_q(∇g), g being the log of the integrand.
 */
final class ParetoNbdLikelihood extends CountSplitLikelihood {

  static final List<String> PARAMETERS = List.of("r", "alpha", "s", "beta");
  private static final GaussIntegrator LEGENDRE = new GaussIntegratorFactory().legendre(20, -1, 1);
  private static final double[] LEGENDRE_NODES = new double[LEGENDRE.getNumberOfPoints()];
  private static final double[] LEGENDRE_WEIGHTS = new double[LEGENDRE.getNumberOfPoints()];

  static {
    for (int i = 0; i < LEGENDRE_NODES.length; i++) {
      LEGENDRE_NODES[i] = LEGENDRE.getPoint(i);
      LEGENDRE_WEIGHTS[i] = LEGENDRE.getWeight(i);
    }
  }

  private final RfmPatterns data;

  ParetoNbdLikelihood(RfmPatterns data) {
    super(PARAMETERS, data.x(), data.weight());
    this.data = data;
  }

  @Override
  public <T extends Derivative<T>> T logLikelihood(T[] p, int i) {
    double x = data.x()[i];
    double age = data.t()[i];
    T s = p[2];
    T alive =
        p[0].add(x).multiply(p[1].add(age).log()).add(s.multiply(p[3].add(age).log())).negate();
    if (data.tx()[i] >= age) {
      return countTerm(p, x).add(alive);
    }
    T dropped = s.log().add(logDropoutIntegral(p, x, data.tx()[i], age));
    return countTerm(p, x).add(LogSpace.logAddExp(alive, dropped));
  }

  @Override
  <T extends Derivative<T>> T countTerm(T[] p, double x) {
    T r = p[0];
    return logGamma(r.add(x))
        .subtract(logGamma(r))
        .add(r.multiply(p[1].log()))
        .add(p[2].multiply(p[3].log()));
  }

  /**
   * ln ∫_{t_x}^{T} (α + τ)^−(r+x) (β + τ)^−(s+1) dτ.
   *
   * <p>The closed form needs 2F1 at arguments that approach 1 when α and β are far apart, where its
   * series needs tens of thousands of terms. Instead, with u = ln(min(α, β) + τ) the integrand is
   * smooth, and composite Gauss-Legendre quadrature on panels of unit width in u reaches double
   * precision with a fixed, small number of evaluations, in log space and with exact derivatives.
   */
  static <T extends Derivative<T>> T logDropoutIntegral(T[] p, double x, double tx, double age) {
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
    int panels = panels(from.getValue(), to.getValue());
    T halfWidth = to.subtract(from).divide(2.0 * panels);
    T logHalfWidth = halfWidth.log();
    List<T> terms = new ArrayList<>(panels * LEGENDRE_NODES.length);
    for (int panel = 0; panel < panels; panel++) {
      T middle = from.add(halfWidth.multiply(2 * panel + 1));
      for (int i = 0; i < LEGENDRE_NODES.length; i++) {
        T u = middle.add(halfWidth.multiply(LEGENDRE_NODES[i]));
        T logIntegrand =
            u.multiply(smallerPower.negate().add(1))
                .subtract(largerPower.multiply(gap.add(u.exp()).log()));
        terms.add(logIntegrand.add(logHalfWidth).add(Math.log(LEGENDRE_WEIGHTS[i])));
      }
    }
    return LogSpace.logSumExp(terms);
  }

  /** {@link #logDropoutIntegral} in plain doubles, for predictions (no derivatives kept). */
  static double logDropoutIntegral(
      double r, double alpha, double s, double beta, double x, double tx, double age) {
    return new Nodes()
        .logIntegral(
            r + x, alpha, s, beta, Math.min(alpha, beta), tx, age, new double[4], new double[4][4]);
  }

  private static int panels(double from, double to) {
    return Math.max(1, (int) Math.ceil(to - from));
  }

  /**
   * Adds ln(u-term + s I) per pattern, u = −(r+x) ln(α+T) − s ln(β+T) and v = ln s + ln I, with I
   * summed over the same quadrature nodes as {@link #logDropoutIntegral}.
   */
  @Override
  void addPatterns(SecondOrderSum sum, double[] p, int from, int to) {
    double r = p[0];
    double alpha = p[1];
    double s = p[2];
    double beta = p[3];
    double smaller = Math.min(alpha, beta);
    double[] du = new double[4];
    double[][] d2u = new double[4][4];
    double[] dv = new double[4];
    double[][] d2v = new double[4][4];
    Nodes nodes = new Nodes();
    for (int i = from; i < to; i++) {
      double x = data.x()[i];
      double age = data.t()[i];
      double rx = r + x;
      double alphaAge = alpha + age;
      double betaAge = beta + age;
      double logAlphaAge = Math.log(alphaAge);
      double logBetaAge = Math.log(betaAge);
      double u = -rx * logAlphaAge - s * logBetaAge;
      du[0] = -logAlphaAge;
      du[1] = -rx / alphaAge;
      du[2] = -logBetaAge;
      du[3] = -s / betaAge;
      d2u[0][1] = -1 / alphaAge;
      d2u[1][1] = rx / (alphaAge * alphaAge);
      d2u[2][3] = -1 / betaAge;
      d2u[3][3] = s / (betaAge * betaAge);
      if (data.tx()[i] >= age) {
        sum.add(data.weight()[i], u, du, d2u);
        continue;
      }
      double v =
          Math.log(s) + nodes.logIntegral(rx, alpha, s, beta, smaller, data.tx()[i], age, dv, d2v);
      dv[2] += 1 / s;
      d2v[2][2] -= 1 / (s * s);
      sum.addLogAddExp(data.weight()[i], u, du, d2u, v, dv, d2v);
    }
  }

  /** Scratch space for the quadrature nodes of one pattern, reused across a chunk of patterns. */
  private static final class Nodes {
    private double[] logTerm = new double[0];
    private double[] logAlpha = new double[0];
    private double[] logBeta = new double[0];
    private double[] inverseAlpha = new double[0];
    private double[] inverseBeta = new double[0];
    private final double[] mean = new double[4];
    private final double[][] second = new double[4][4];

    /**
     * ln I, and its gradient and Hessian (upper triangle) written into {@code d} and {@code d2}; g
     * = −(r+x) ln(α+τ) − (s+1) ln(β+τ) at each node τ.
     */
    double logIntegral(
        double rx,
        double alpha,
        double s,
        double beta,
        double smaller,
        double tx,
        double age,
        double[] d,
        double[][] d2) {
      double from = Math.log(smaller + tx);
      double to = Math.log(smaller + age);
      int panels = panels(from, to);
      int n = panels * LEGENDRE_NODES.length;
      ensure(n);
      double halfWidth = (to - from) / (2.0 * panels);
      double logHalfWidth = Math.log(halfWidth);
      double highest = Double.NEGATIVE_INFINITY;
      int k = 0;
      for (int panel = 0; panel < panels; panel++) {
        double middle = from + halfWidth * (2 * panel + 1);
        for (int j = 0; j < LEGENDRE_NODES.length; j++, k++) {
          double node = middle + halfWidth * LEGENDRE_NODES[j];
          double tau = Math.exp(node) - smaller;
          double alphaTau = alpha + tau;
          double betaTau = beta + tau;
          logAlpha[k] = Math.log(alphaTau);
          logBeta[k] = Math.log(betaTau);
          inverseAlpha[k] = 1 / alphaTau;
          inverseBeta[k] = 1 / betaTau;
          logTerm[k] =
              node
                  - rx * logAlpha[k]
                  - (s + 1) * logBeta[k]
                  + logHalfWidth
                  + Math.log(LEGENDRE_WEIGHTS[j]);
          highest = Math.max(highest, logTerm[k]);
        }
      }
      double total = 0;
      Arrays.fill(mean, 0);
      for (double[] row : second) {
        Arrays.fill(row, 0);
      }
      for (k = 0; k < n; k++) {
        double q = Math.exp(logTerm[k] - highest);
        total += q;
        double g0 = -logAlpha[k];
        double g1 = -rx * inverseAlpha[k];
        double g2 = -logBeta[k];
        double g3 = -(s + 1) * inverseBeta[k];
        mean[0] += q * g0;
        mean[1] += q * g1;
        mean[2] += q * g2;
        mean[3] += q * g3;
        second[0][0] += q * g0 * g0;
        second[0][1] += q * (g0 * g1 - inverseAlpha[k]);
        second[0][2] += q * g0 * g2;
        second[0][3] += q * g0 * g3;
        second[1][1] += q * (g1 * g1 + rx * inverseAlpha[k] * inverseAlpha[k]);
        second[1][2] += q * g1 * g2;
        second[1][3] += q * g1 * g3;
        second[2][2] += q * g2 * g2;
        second[2][3] += q * (g2 * g3 - inverseBeta[k]);
        second[3][3] += q * (g3 * g3 + (s + 1) * inverseBeta[k] * inverseBeta[k]);
      }
      for (int a = 0; a < 4; a++) {
        d[a] = mean[a] / total;
      }
      for (int a = 0; a < 4; a++) {
        for (int b = a; b < 4; b++) {
          d2[a][b] = second[a][b] / total - d[a] * d[b];
        }
      }
      return highest + Math.log(total);
    }

    private void ensure(int n) {
      if (logTerm.length < n) {
        logTerm = new double[n];
        logAlpha = new double[n];
        logBeta = new double[n];
        inverseAlpha = new double[n];
        inverseBeta = new double[n];
      }
    }
  }
}
