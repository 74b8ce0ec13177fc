package dev.cohortlake.model;

import org.hipparchus.analysis.differentiation.Derivative;
import org.hipparchus.special.Gamma;
import org.hipparchus.util.FastMath;

/**
 * Special functions for the models: log-gamma and log-beta over Hipparchus {@link Derivative} types
 * (so that one likelihood formula yields its value, exact gradient and exact Hessian), and the
 * Gaussian hypergeometric function for the predictions.
 *
 * <p>2F1 is summed as its power series, which converges for {@code 0 <= z < 1}: every argument the
 * predictions pass is of the form {@code t / (alpha + t)} or {@code |alpha - beta| / (max + t)}.
 */
public final class SpecialFunctions {

  private static final int MAX_TERMS = 2_000_000;
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
      throw new IllegalArgumentException(
          "logGamma supports derivatives up to order 2, not " + order);
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

  private static void checkArgument(double z) {
    if (!(z >= 0 && z < 1)) {
      throw new IllegalArgumentException("hyp2f1 needs 0 <= z < 1, got z = " + z);
    }
  }

  private static IllegalArgumentException notConverged(double a, double b, double c, double z) {
    return new IllegalArgumentException(
        String.format(
            "hyp2f1(%g, %g; %g; %g) did not converge in %d terms", a, b, c, z, MAX_TERMS));
  }
}
