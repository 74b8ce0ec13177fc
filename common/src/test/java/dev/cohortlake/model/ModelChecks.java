package dev.cohortlake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Internal consistency of a purchase model, independent of published values. */
final class ModelChecks {

  private ModelChecks() {}

  /** Σ P(X(t) = n) = 1, Σ n P(X(t) = n) = E[X(t)], and E[Y(t) | 0, 0, 0] = E[X(t)]. */
  static void countDistributionIsConsistent(PurchaseModel model, double t) {
    double total = 0;
    double mean = 0;
    for (int n = 0; n < 400; n++) {
      double p = model.probabilityOfPurchases(t, n);
      assertThat(p).as("P(X(%s) = %d)", t, n).isBetween(0.0, 1.0);
      total += p;
      mean += n * p;
    }
    assertThat(total).as("sum of P(X(t) = n)").isCloseTo(1.0, within(1e-6));
    assertThat(mean).as("mean of X(t)").isCloseTo(model.expectedPurchases(t), within(1e-4));
    assertThat(model.conditionalExpectedPurchases(t, 0, 0, 0))
        .as("E[Y(t) | 0, 0, 0]")
        .isCloseTo(model.expectedPurchases(t), within(1e-9));
  }
}
