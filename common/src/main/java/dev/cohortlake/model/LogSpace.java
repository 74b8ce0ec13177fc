package dev.cohortlake.model;

import java.util.List;
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

  /** ln Σ e^(terms). */
  static <T extends Derivative<T>> T logSumExp(List<T> terms) {
    T largest = terms.get(0);
    for (T term : terms) {
      if (term.getValue() > largest.getValue()) {
        largest = term;
      }
    }
    T sum = largest.getField().getZero();
    for (T term : terms) {
      sum = sum.add(term.subtract(largest).exp());
    }
    return largest.add(sum.log());
  }
}
