package dev.cohortlake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Pareto/NBD against the values published for the CDNOW sample (weeks), lifetimes 0.11.3. */
class ParetoNbdTest {

  @Test
  void maximumLikelihoodOnCdnowMatchesPublishedEstimates() {
    Fitted<ParetoNbd> fitted = ParetoNbd.fit(CdnowSummary.load().patterns());
    ParetoNbd m = fitted.model();
    assertThat(fitted.fit().converged()).isTrue();
    assertThat(m.r()).as("r").isCloseTo(0.553, within(5e-4));
    assertThat(m.alpha()).as("alpha").isCloseTo(10.58, within(5e-3));
    assertThat(m.s()).as("s").isCloseTo(0.606, within(5e-4));
    assertThat(m.beta()).as("beta").isCloseTo(11.67, within(5e-3));
    // −9594.974 here: a hair above the published −9594.98, the exact optimum being slightly higher.
    assertThat(fitted.fit().logLikelihood()).as("log-likelihood").isCloseTo(-9594.98, within(0.01));
  }

  @Test
  void customer1516AtFittedValuesMatchesLifetimes() {
    ParetoNbd fitted = ParetoNbd.fit(CdnowSummary.load().patterns()).model();
    assertThat(fitted.conditionalExpectedPurchases(52, 26, 30.85714, 31))
        .isCloseTo(25.456, within(5e-3));
    assertThat(fitted.probabilityAlive(26, 30.85714, 31)).isCloseTo(0.99787, within(5e-5));
  }

  @Test
  void expectationsAtManyHorizonsEqualOneAtATime() {
    ParetoNbd model = new ParetoNbd(0.553, 10.58, 0.606, 11.67);
    double[] horizons = {4.35, 8.7, 52, 260};
    double[] atOnce = model.forecast(horizons, 3, 20.5, 38).expectedPurchases();
    for (int i = 0; i < horizons.length; i++) {
      assertThat(atOnce[i])
          .as("E[Y(%s)]", horizons[i])
          .isCloseTo(model.conditionalExpectedPurchases(horizons[i], 3, 20.5, 38), within(1e-12));
    }
  }

  @Test
  void purchaseCountDistributionSumsToOneWithMeanEqualToExpectedPurchases() {
    ModelChecks.countDistributionIsConsistent(new ParetoNbd(0.553, 10.58, 0.606, 11.67), 39);
    ModelChecks.countDistributionIsConsistent(new ParetoNbd(0.553, 11.67, 0.606, 10.58), 39);
  }
}
