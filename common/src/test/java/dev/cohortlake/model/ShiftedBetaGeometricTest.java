package dev.cohortlake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** sBG on the two customer segments of Fader & Hardie (2007), survivors at years 0-7. */
class ShiftedBetaGeometricTest {

  @Test
  void regularSegmentMatchesPaper() {
    ShiftedBetaGeometric m =
        ShiftedBetaGeometric.fitSurvivors(new double[] {1000, 631, 468, 382, 326, 289, 262, 241})
            .model();
    assertThat(m.alpha()).isCloseTo(0.704, within(5e-4));
    assertThat(m.beta()).isCloseTo(1.182, within(5e-4));
  }

  @Test
  void highEndSegmentMatchesPaper() {
    Fitted<ShiftedBetaGeometric> fitted =
        ShiftedBetaGeometric.fitSurvivors(new double[] {1000, 869, 743, 653, 593, 551, 517, 491});
    assertThat(fitted.model().alpha()).isCloseTo(0.668, within(5e-4));
    assertThat(fitted.model().beta()).isCloseTo(3.806, within(5e-4));
    assertThat(fitted.model().survival(7) / fitted.model().survival(6))
        .isCloseTo(fitted.model().retentionRate(7), within(1e-12));
  }

  /**
   * S(1) = β / (α + β) has the gradient (−β, α) / (α + β)²; the delta method's standard error is
   * the square root of that gradient through the fit's covariance, and the interval is about the
   * binomial one of the 131 customers lost out of 1,000 in year 1.
   */
  @Test
  void intervalOfTheFirstYearsRetentionIsTheDeltaMethodOnTheFitsCovariance() {
    Fitted<ShiftedBetaGeometric> fitted =
        ShiftedBetaGeometric.fitSurvivors(new double[] {1000, 869, 743, 653, 593, 551, 517, 491});
    double a = fitted.model().alpha();
    double b = fitted.model().beta();
    double[][] c = fitted.fit().covariance();
    double[] g = {-b / ((a + b) * (a + b)), a / ((a + b) * (a + b))};
    double byHand =
        Math.sqrt(g[0] * g[0] * c[0][0] + 2 * g[0] * g[1] * c[0][1] + g[1] * g[1] * c[1][1]);

    double error =
        DeltaMethod.standardError(
            p -> new ShiftedBetaGeometric(p[0], p[1]).survival(1), new double[] {a, b}, c);

    assertThat(error).isCloseTo(byHand, within(1e-9));
    assertThat(error).as("near sqrt(0.869 × 0.131 / 1000)").isBetween(0.005, 0.015);
  }

  /**
   * α = 2, β = 6: churn 2 / 8 = 0.25 and an expected lifetime of (2 + 6 − 1) / (2 − 1) = 7 periods.
   * Five points more retention cut churn to 0.20, k = 0.8: α' = 1.6, β' = 6.4, lifetime 7 / 0.6 =
   * 11.67 periods.
   */
  @Test
  void fivePointsMoreRetentionIsAComputableLongerLifetime() {
    ShiftedBetaGeometric base = new ShiftedBetaGeometric(2, 6);
    double k = base.dropoutScaleForRetentionPoints(0.05);
    ShiftedBetaGeometric raised = base.withChurnScaledBy(k);

    assertThat(k).isCloseTo(0.8, within(1e-12));
    assertThat(raised.alpha()).isCloseTo(1.6, within(1e-12));
    assertThat(raised.beta()).isCloseTo(6.4, within(1e-12));
    assertThat(raised.retentionRate(1)).isCloseTo(0.80, within(1e-12));
    assertThat(base.expectedLifetime()).isCloseTo(7, within(1e-12));
    assertThat(raised.expectedLifetime()).isCloseTo(7 / 0.6, within(1e-12));
    double sum = 0;
    double survival = 1;
    for (int t = 0; t < 10_000_000; t++) {
      sum += survival;
      survival *= base.retentionRate(t + 1);
    }
    assertThat(sum)
        .as("the closed form is the sum of the survival curve")
        .isCloseTo(7, within(1e-4));
  }
}
