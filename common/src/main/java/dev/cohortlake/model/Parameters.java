package dev.cohortlake.model;

import java.util.List;

/** Checks model parameters; messages carry the offending values. */
final class Parameters {

  private Parameters() {}

  static void requirePositive(List<String> names, double... values) {
    for (int i = 0; i < values.length; i++) {
      if (!(values[i] > 0) || Double.isInfinite(values[i])) {
        throw new IllegalArgumentException(
            "Parameter " + names.get(i) + " must be positive and finite, got " + values[i]);
      }
    }
  }
}
