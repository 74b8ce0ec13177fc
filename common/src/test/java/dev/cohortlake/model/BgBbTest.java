package dev.cohortlake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cohortlake.testing.SharedData;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BG/BB on the 1995 donor cohort (11,104 donors, 6 opportunities): Fader, Hardie & Shang (2010).
 */
class BgBbTest {

  @Test
  void maximumLikelihoodOnDonationsMatchesPublishedEstimates() throws Exception {
    List<String> lines = Files.readAllLines(SharedData.file("cdnow/donations.csv"));
    int n = lines.size() - 1;
    int[] x = new int[n];
    int[] tx = new int[n];
    int[] periods = new int[n];
    double[] weight = new double[n];
    for (int i = 0; i < n; i++) {
      String[] f = lines.get(i + 1).split(",");
      x[i] = Integer.parseInt(f[0]);
      tx[i] = Integer.parseInt(f[1]);
      periods[i] = Integer.parseInt(f[2]);
      weight[i] = Double.parseDouble(f[3]);
    }
    Fitted<BgBb> fitted = BgBb.fit(x, tx, periods, weight);
    BgBb m = fitted.model();
    assertThat(fitted.fit().observations()).isEqualTo(11_104.0);
    assertThat(m.alpha()).as("alpha").isCloseTo(1.204, within(5e-4));
    assertThat(m.beta()).as("beta").isCloseTo(0.750, within(5e-4));
    assertThat(m.gamma()).as("gamma").isCloseTo(0.657, within(5e-4));
    assertThat(m.delta()).as("delta").isCloseTo(2.783, within(5e-4));
    assertThat(fitted.fit().logLikelihood()).isCloseTo(-33225.6, within(0.05));

    double total = 0;
    double mean = 0;
    for (int k = 0; k <= 6; k++) {
      total += m.probabilityOfPurchases(6, k);
      mean += k * m.probabilityOfPurchases(6, k);
    }
    assertThat(total).isCloseTo(1.0, within(1e-9));
    assertThat(mean).isCloseTo(m.expectedPurchases(6), within(1e-9));
    assertThat(m.probabilityAlive(6, 6, 6)).isBetween(0.0, 1.0);
  }
}
