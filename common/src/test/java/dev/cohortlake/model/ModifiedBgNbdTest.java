package dev.cohortlake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** MBG/NBD against the estimates published for the CDNOW sample (weeks), lifetimes 0.11.3. */
class ModifiedBgNbdTest {

  @Test
  void maximumLikelihoodOnCdnowMatchesPublishedEstimates() {
    Fitted<ModifiedBgNbd> fitted = ModifiedBgNbd.fit(CdnowSummary.load().patterns());
    ModifiedBgNbd m = fitted.model();
    assertThat(fitted.fit().converged()).isTrue();
    assertThat(m.r()).as("r").isCloseTo(0.525, within(5e-4));
    assertThat(m.alpha()).as("alpha").isCloseTo(6.183, within(5e-4));
    assertThat(m.a()).as("a").isCloseTo(0.891, within(5e-4));
    assertThat(m.b()).as("b").isCloseTo(1.614, within(5e-4));
  }

  @Test
  void purchaseCountDistributionSumsToOneWithMeanEqualToExpectedPurchases() {
    ModelChecks.countDistributionIsConsistent(new ModifiedBgNbd(0.525, 6.183, 0.891, 1.614), 39);
  }
}
