package dev.cohortlake.clv;

import org.hipparchus.util.FastMath;

/**
 * The months a CLV looks ahead and how they are discounted: lifetimes' {@code
 * customer_lifetime_value} convention, Σ_{m=1..H} (E[Y(m)] − E[Y(m − 1)]) / (1 + d)^m with months
 * of {@code unitsPerMonth} model time units, so clv = E[value] × discounted purchases.
 *
 * @param unitsPerMonth model time units per month
 * @param months months predicted, H
 * @param monthlyDiscount discount rate per month, d
 */
public record ClvHorizon(double unitsPerMonth, int months, double monthlyDiscount) {

  /** The horizons of the monthly sum, in model units: one month, two months, ... H months. */
  public double[] horizons() {
    double[] horizons = new double[months];
    for (int m = 1; m <= months; m++) {
      horizons[m - 1] = m * unitsPerMonth;
    }
    return horizons;
  }

  /** The whole horizon in model units. */
  public double units() {
    return months * unitsPerMonth;
  }

  /** Discounted purchases from E[Y(m)] at the monthly horizons (extra entries are ignored). */
  public double discounted(double[] cumulative) {
    double discounted = 0;
    double previous = 0;
    for (int m = 1; m <= months; m++) {
      discounted += (cumulative[m - 1] - previous) / FastMath.pow(1 + monthlyDiscount, m);
      previous = cumulative[m - 1];
    }
    return discounted;
  }
}
