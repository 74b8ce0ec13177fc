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
}
