package dev.cohortlake.model;

import org.hipparchus.special.Gamma;
import org.hipparchus.util.FastMath;

/** The negative binomial (Gamma-Poisson) count distribution shared by BG/NBD and MBG/NBD. */
final class Nbd {

  private Nbd() {}

  /** ln P(N(t) = n) for N(t) Poisson with rate ~ Gamma(r, α). */
  static double logProbability(double r, double alpha, double t, int n) {
    return Gamma.logGamma(r + n)
        - Gamma.logGamma(r)
        - Gamma.logGamma(n + 1.0)
        + r * FastMath.log(alpha / (alpha + t))
        + n * FastMath.log(t / (alpha + t));
  }

  /** P(N(t) < n). */
  static double below(double r, double alpha, double t, int n) {
    double sum = 0;
    for (int j = 0; j < n; j++) {
      sum += FastMath.exp(logProbability(r, alpha, t, j));
    }
    return sum;
  }
}
