package dev.cohortlake.model;

import org.hipparchus.analysis.differentiation.Derivative;
import org.hipparchus.special.Gamma;
import org.hipparchus.util.FastMath;

/**
 * Special functions for the likelihoods, in plain doubles and over Hipparchus {@link Derivative}
 * types, so that one formula yields its value, exact gradient and exact Hessian.
 *
 * <p>The Gaussian hypergeometric function is summed as its power series, which converges for
 * {@code 0 <= z < 1}: every argument the models pass is of the form {@code t / (alpha + t)} or
 * {@code |alpha - beta| / (max + t)}, inside that interval.
 */
public final class SpecialFunctions {

  private static final int MAX_TERMS = 2_000_000;
  /** Fewer terms for the differentiable series: a likelihood that needs more is treated as infeasible. */
  private static final int MAX_DIFFERENTIABLE_TERMS = 100_000;
  private static final double RELATIVE_TOLERANCE = 1e-16;

  private SpecialFunctions() {}

  /** ln Γ(x) with its derivatives (digamma, trigamma) up to the order of {@code x}. */
  public static <T extends Derivative<T>> T logGamma(T x) {
    double v = x.getValue();
    int order = x.getOrder();
    double[] f = new double[order + 1];
    f[0] = Gamma.logGamma(v);
    if (order >= 1) {
      f[1] = Gamma.digamma(v);
    }
    if (order >= 2) {
      f[2] = Gamma.trigamma(v);
    }
    if (order > 2) {
      throw new IllegalArgumentException("logGamma supports derivatives up to order 2, not " + order);
    }
    return x.compose(f);
  }

  /** ln B(a, b). */
  public static <T extends Derivative<T>> T logBeta(T a, T b) {
    return logGamma(a).add(logGamma(b)).subtract(logGamma(a.add(b)));
  }

  /** ln B(a, b) in doubles. */
  public static double logBeta(double a, double b) {
    return Gamma.logGamma(a) + Gamma.logGamma(b) - Gamma.logGamma(a + b);
  }

  /**
   * The Gaussian hypergeometric function 2F1(a, b; c; z) for {@code 0 <= z < 1}.
   *
   * @throws IllegalArgumentException if z is outside [0, 1) or the series does not converge
   */
  public static double hyp2f1(double a, double b, double c, double z) {
    checkArgument(z);
    double term = 1.0;
    double sum = 1.0;
    for (int k = 0; k < MAX_TERMS; k++) {
      term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
      sum += term;
      if (FastMath.abs(term) <= RELATIVE_TOLERANCE * FastMath.abs(sum)) {
        return sum;
      }
    }
    throw notConverged(a, b, c, z);
  }

  /**
   * 2F1(a, b; c; z) with derivatives in all four arguments. Outside 0 <= z < 1, or where the
   * series does not converge, the value is NaN: a likelihood evaluated there is infeasible, and
   * {@link MaximumLikelihood} treats it as such instead of failing the fit.
   */
  public static <T extends Derivative<T>> T hyp2f1(T a, T b, T c, T z) {
    T term = a.getField().getOne();
    if (!(z.getValue() >= 0 && z.getValue() < 1)) {
      return term.withValue(Double.NaN);
    }
    T sum = term;
    for (int k = 0; k < MAX_DIFFERENTIABLE_TERMS; k++) {
      term = term.multiply(a.add(k)).multiply(b.add(k)).divide(c.add(k).multiply(k + 1)).multiply(z);
      sum = sum.add(term);
      if (FastMath.abs(term.getValue()) <= RELATIVE_TOLERANCE * FastMath.abs(sum.getValue())) {
        return sum;
      }
    }
    return sum.withValue(Double.NaN);
  }

  private static void checkArgument(double z) {
    if (!(z >= 0 && z < 1)) {
      throw new IllegalArgumentException("hyp2f1 needs 0 <= z < 1, got z = " + z);
    }
  }

  private static IllegalArgumentException notConverged(double a, double b, double c, double z) {
    return new IllegalArgumentException(String.format(
        "hyp2f1(%g, %g; %g; %g) did not converge in %d terms", a, b, c, z, MAX_TERMS));
  }
}
