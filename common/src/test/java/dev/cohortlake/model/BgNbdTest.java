package dev.cohortlake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * BG/NBD against the values published for the CDNOW sample (weeks): Fader, Hardie & Lee (2005) and
 * lifetimes 0.11.3 on the same file, as listed in ../shared/data/cdnow/README.md and issue 4.
 */
class BgNbdTest {

  private static final BgNbd PUBLISHED = new BgNbd(0.243, 4.414, 0.793, 2.426);

  @Test
  void maximumLikelihoodOnCdnowMatchesPublishedEstimates() {
    Fitted<BgNbd> fitted = BgNbd.fit(CdnowSummary.load().patterns());
    BgNbd m = fitted.model();
    assertThat(fitted.fit().converged()).isTrue();
    assertThat(m.r()).as("r").isCloseTo(0.2426, within(5e-5));
    assertThat(m.alpha()).as("alpha").isCloseTo(4.4135, within(5e-5));
    assertThat(m.a()).as("a").isCloseTo(0.7929, within(5e-5));
    assertThat(m.b()).as("b").isCloseTo(2.4258, within(5e-5));
    assertThat(fitted.fit().logLikelihood())
        .as("log-likelihood")
        .isCloseTo(-9582.43, within(0.005));
    assertThat(fitted.fit().observations()).isEqualTo(2357.0);
    assertThat(java.util.Arrays.stream(fitted.fit().standardErrors()).boxed().toList())
        .allSatisfy(se -> assertThat(se).isPositive().isFinite());
  }

  /**
   * The paper's E[X(t)] values are those of the unrounded MLE (at the rounded parameters E[X(1)] is
   * 0.05327). They match to the four digits given up to t = 32; at t = 78 the MLE gives 1.85797
   * against 1.8576, which lifetimes' own test also accepts only to three decimals.
   */
  @Test
  void expectedPurchasesOfANewCustomerAtTheMleMatchPaper() {
    BgNbd mle = BgNbd.fit(CdnowSummary.load().patterns()).model();
    double[] t = {0.1429, 1, 3, 31.8571, 32, 78};
    double[] expected = {0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576};
    double[] tolerance = {5e-5, 5e-5, 5e-5, 5e-5, 5e-5, 5e-4};
    for (int i = 0; i < t.length; i++) {
      assertThat(mle.expectedPurchases(t[i]))
          .as("E[X(%s)]", t[i])
          .isCloseTo(expected[i], within(tolerance[i]));
    }
  }

  @Test
  void conditionalExpectationAndZeroPurchaseProbabilityMatchPaper() {
    assertThat(PUBLISHED.conditionalExpectedPurchases(39, 2, 30.43, 38.86))
        .isCloseTo(1.226, within(5e-4));
    assertThat(PUBLISHED.probabilityOfPurchases(39, 0)).isCloseTo(0.5737864, within(5e-7));
  }

  @Test
  void customer1516AtFittedValuesMatchesLifetimes() {
    BgNbd fitted = new BgNbd(0.2426, 4.4135, 0.7929, 2.4258);
    assertThat(fitted.conditionalExpectedPurchases(52, 26, 30.85714, 31))
        .isCloseTo(25.757, within(5e-3));
    assertThat(fitted.probabilityAlive(26, 30.85714, 31)).isCloseTo(0.96885, within(5e-5));
  }

  @Test
  void purchaseCountDistributionSumsToOneWithMeanEqualToExpectedPurchases() {
    ModelChecks.countDistributionIsConsistent(PUBLISHED, 39);
  }
}
