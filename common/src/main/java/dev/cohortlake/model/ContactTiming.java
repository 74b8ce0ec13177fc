package dev.cohortlake.model;

import org.hipparchus.analysis.solvers.BrentSolver;
import org.hipparchus.util.FastMath;

/**
 * The timing questions of a contact calendar, answered by a fitted purchase model for one customer
 * history (x, t_x, T), in the model's time unit.
 *
 * <p>The at-risk crossing solves P(alive | x, t_x, T + Δ) = threshold for Δ: how long the customer
 * can stay silent before the model no longer believes they are active (Fader, Hardie and Lee 2005,
 * P(alive) as a function of T with x and t_x fixed, which falls as silence grows). The wait for the
 * next purchase uses the posterior purchase rate of an active customer, λ ~ Gamma(r + x, α + T),
 * common to the BG/NBD, MBG/NBD and Pareto/NBD models.
 */
public final class ContactTiming {

  /** How precisely Δ is found, in model units: a few minutes in days or weeks, dates are days. */
  private static final double CROSSING_ACCURACY = 1e-3;

  private ContactTiming() {}

  /**
   * Δ ≥ 0 at which P(alive | x, t_x, T + Δ) falls to {@code threshold}: 0 if it already has, NaN if
   * it does not within {@code maxUnits} (a BG/NBD customer with no repeat purchase never does: the
   * model lets customers drop out only after a repeat purchase).
   */
  public static double unitsUntilProbabilityAliveBelow(
      PurchaseModel model, double x, double tx, double age, double threshold, double maxUnits) {
    if (model.probabilityAlive(x, tx, age) <= threshold) {
      return 0;
    }
    if (model.probabilityAlive(x, tx, age + maxUnits) > threshold) {
      return Double.NaN;
    }
    return new BrentSolver(1e-12, CROSSING_ACCURACY)
        .solve(200, delta -> model.probabilityAlive(x, tx, age + delta) - threshold, 0, maxUnits);
  }

  /**
   * The median wait for the next purchase of a customer who is still active: the t with P(no
   * purchase in (T, T + t] | alive) = ((α + T) / (α + T + t))^(r + x) = 1/2, so t = (α + T) (2^(1 /
   * (r + x)) − 1). The mean wait is infinite when r + x ≤ 1, the median is always finite.
   */
  public static double medianUnitsToNextPurchase(PurchaseModel model, double x, double age) {
    return (model.alpha() + age) * (FastMath.pow(2, 1 / (model.r() + x)) - 1);
  }
}
