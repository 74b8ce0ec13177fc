package dev.cohortlake.model;

import org.hipparchus.analysis.differentiation.Derivative;

/** Sums of exponentials without overflow, over derivative types. */
final class LogSpace {

  private LogSpace() {}

  /** ln(e^u + e^v). */
  static <T extends Derivative<T>> T logAddExp(T u, T v) {
    if (u.getValue() < v.getValue()) {
      return logAddExp(v, u);
    }
    if (v.getValue() == Double.NEGATIVE_INFINITY) {
      return u;
    }
    return u.add(v.subtract(u).exp().log1p());
  }

  /** ln(e^u − e^v) for v < u. */
  static <T extends Derivative<T>> T logSubExp(T u, T v) {
    return u.add(v.subtract(u).expm1().negate().log());
  }
}
