package dev.cohortlake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.hipparchus.util.FastMath;
import org.junit.jupiter.api.Test;

/**
 * The survival of active customers, the "+5 points of retention" scenario and the contact timing of
 * each purchase model, against direct integration, hand-computed cases and a grid.
 */
class RetentionScenarioTest {

  private static final BgNbd BG_NBD = new BgNbd(0.8, 6.0, 1.5, 2.5);
  private static final ModifiedBgNbd MBG_NBD = new ModifiedBgNbd(0.8, 6.0, 1.5, 2.5);
  private static final ParetoNbd PARETO_NBD = new ParetoNbd(0.55, 10.6, 0.61, 11.7);

  /**
   * E[e^(−λ p t)] over λ ~ Gamma(r + x, α + T) and p ~ Beta(a, b + x + shift), integrated over p by
   * the midpoint rule (the λ integral is the Gamma Laplace transform).
   */
  private static double survivalByIntegration(
      double r, double alpha, double a, double b, double t, double x, double age) {
    int steps = 200_000;
    double logBeta = SpecialFunctions.logBeta(a, b);
    double sum = 0;
    for (int i = 0; i < steps; i++) {
      double p = (i + 0.5) / steps;
      double density = FastMath.exp((a - 1) * Math.log(p) + (b - 1) * Math.log(1 - p) - logBeta);
      sum += density * FastMath.pow((alpha + age) / (alpha + age + p * t), r + x) / steps;
    }
    return sum;
  }

  @Test
  void survivalOfAnActiveCustomerMatchesTheIntegralOverTheDropoutPosterior() {
    for (double[] c : List.of(new double[] {4, 0, 0}, new double[] {10, 3, 20})) {
      double t = c[0];
      double x = c[1];
      double age = c[2];
      assertThat(BG_NBD.survivalIfAlive(t, x, age))
          .as("BG/NBD t=%s x=%s T=%s", t, x, age)
          .isCloseTo(survivalByIntegration(0.8, 6.0, 1.5, 2.5 + x, t, x, age), within(1e-7));
      assertThat(MBG_NBD.survivalIfAlive(t, x, age))
          .as("MBG/NBD t=%s x=%s T=%s", t, x, age)
          .isCloseTo(survivalByIntegration(0.8, 6.0, 1.5, 2.5 + x + 1, t, x, age), within(1e-7));
    }
    assertThat(PARETO_NBD.survivalIfAlive(5, 2, 20))
        .isCloseTo(FastMath.pow(31.7 / 36.7, 0.61), within(1e-15));
    assertThat(MBG_NBD.probabilityAliveAt(4, 0, 0, 0))
        .as("a new MBG/NBD customer first survives the dropout after the first purchase")
        .isCloseTo(2.5 / 4.0 * survivalByIntegration(0.8, 6.0, 1.5, 3.5, 4, 0, 0), within(1e-7));
  }

  @Test
  void scaledDropoutKeepsPurchasesAndHeterogeneityAndRaisesRetention() {
    RfmPatterns base =
        new RfmPatterns(
            new double[] {0, 2, 5},
            new double[] {0, 10, 20},
            new double[] {8, 26, 30},
            new double[] {50, 30, 20});
    for (PurchaseModel model : List.<PurchaseModel>of(BG_NBD, MBG_NBD, PARETO_NBD)) {
      PurchaseModel raised = model.withDropoutScaledBy(0.8);
      assertThat(RetentionScenario.retention(raised, base, 4.345))
          .as(model.name())
          .isGreaterThan(RetentionScenario.retention(model, base, 4.345));
      assertThat(raised.r()).isEqualTo(model.r());
      assertThat(raised.alpha()).isEqualTo(model.alpha());
      assertThat(raised.expectedPurchases(52))
          .as("%s: customers who stay longer buy more", model.name())
          .isGreaterThan(model.expectedPurchases(52));
    }
    BgNbd bg = BG_NBD.withDropoutScaledBy(0.8);
    assertThat(bg.a() + bg.b()).as("a + b kept").isCloseTo(4.0, within(1e-12));
    assertThat(bg.a() / 4.0).as("mean dropout 0.375 x 0.8").isCloseTo(0.3, within(1e-12));
    ParetoNbd pareto = PARETO_NBD.withDropoutScaledBy(0.8);
    assertThat(pareto.s() / pareto.beta())
        .as("mean dropout rate s / β x 0.8, s kept")
        .isCloseTo(0.8 * 0.61 / 11.7, within(1e-12));
  }

  @Test
  void retentionOfNewCustomersIsTheirSurvivalOverThePeriod() {
    // s = 2, β = 10, one unit: (10 / 11)^2 = 0.826446, by hand.
    RfmPatterns newCustomers =
        new RfmPatterns(new double[] {0}, new double[] {0}, new double[] {0}, new double[] {1});
    assertThat(RetentionScenario.retention(new ParetoNbd(1, 1, 2, 10), newCustomers, 1))
        .isCloseTo(0.826446, within(1e-6));
  }

  @Test
  void theAtRiskCrossingIsWhereTheModelOnAGridFallsBelowTheThreshold() {
    for (PurchaseModel model : List.<PurchaseModel>of(BG_NBD, MBG_NBD, PARETO_NBD)) {
      double x = 3;
      double tx = 10;
      double age = 14;
      double delta = ContactTiming.unitsUntilProbabilityAliveBelow(model, x, tx, age, 0.3, 520);
      double firstBelow = Double.NaN;
      for (int i = 0; i <= 520_000; i++) {
        if (model.probabilityAlive(x, tx, age + i / 1000.0) < 0.3) {
          firstBelow = i / 1000.0;
          break;
        }
      }
      assertThat(delta).as(model.name()).isPositive().isCloseTo(firstBelow, within(2e-3));
    }
    assertThat(ContactTiming.unitsUntilProbabilityAliveBelow(BG_NBD, 0, 0, 30, 0.3, 520))
        .as("BG/NBD: no repeat purchase, no dropout, no crossing")
        .isNaN();
    assertThat(ContactTiming.unitsUntilProbabilityAliveBelow(BG_NBD, 1, 1, 400, 0.3, 520))
        .as("already below")
        .isZero();
  }

  @Test
  void theMedianWaitLeavesHalfOfActiveCustomersWithoutAPurchase() {
    double wait = ContactTiming.medianUnitsToNextPurchase(BG_NBD, 2, 20);
    assertThat(FastMath.pow(26.0 / (26.0 + wait), 2.8)).isCloseTo(0.5, within(1e-12));
  }
}
