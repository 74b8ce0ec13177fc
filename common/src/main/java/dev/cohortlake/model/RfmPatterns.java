package dev.cohortlake.model;

import java.util.Optional;

/**
 * Unique (x, t_x, T) purchase patterns with the number of customers sharing each: the compressed
 * input of the continuous-time purchase models.
 *
 * @param x repeat purchases (distinct purchase periods − 1)
 * @param tx time of the last repeat purchase since the first purchase (recency); 0 when x = 0
 * @param t time from the first purchase to the end of calibration (customer age T)
 * @param weight customers with the pattern
 */
public record RfmPatterns(double[] x, double[] tx, double[] t, double[] weight) {

  public RfmPatterns {
    int n = x.length;
    if (tx.length != n || t.length != n || weight.length != n) {
      throw new IllegalArgumentException("x, tx, t and weight must have the same length");
    }
    for (int i = 0; i < n; i++) {
      if (x[i] < 0
          || tx[i] < 0
          || tx[i] > t[i] + 1e-9
          || weight[i] < 0
          || (x[i] == 0 && tx[i] != 0)) {
        throw new IllegalArgumentException(
            String.format(
                "Pattern %d is invalid: x=%s, t_x=%s, T=%s, weight=%s (need x >= 0, 0 <= t_x <= T,"
                    + " t_x = 0 when x = 0)",
                i, x[i], tx[i], t[i], weight[i]));
      }
    }
  }

  /** One customer per row, each with weight 1. */
  public static RfmPatterns unweighted(double[] x, double[] tx, double[] t) {
    double[] ones = new double[x.length];
    java.util.Arrays.fill(ones, 1.0);
    return new RfmPatterns(x, tx, t, ones);
  }

  public int size() {
    return x.length;
  }

  /**
   * Why these patterns cannot identify a purchase model's parameters, or empty when they can: the
   * dropout and purchase rates need repeat buyers, and at least two distinct patterns.
   */
  public Optional<String> tooThinBecause() {
    double repeatBuyers = 0;
    for (int i = 0; i < x.length; i++) {
      repeatBuyers += x[i] > 0 ? weight[i] : 0;
    }
    if (repeatBuyers == 0) {
      return Optional.of(
          "no customer has a repeat purchase yet, and the purchase models need"
              + " repeat buyers to estimate purchase and dropout rates");
    }
    if (x.length < 2) {
      return Optional.of(
          "every customer has the same (x, t_x, T) pattern, which cannot identify"
              + " the model's parameters");
    }
    return Optional.empty();
  }

  /** Mean customer age, weighted: a scale for starting values. */
  public double meanAge() {
    double sum = 0;
    double weights = 0;
    for (int i = 0; i < x.length; i++) {
      sum += t[i] * weight[i];
      weights += weight[i];
    }
    return sum / weights;
  }
}
