package dev.cohortlake.model;

import java.util.stream.IntStream;

/**
 * "What if we kept more customers?" for a fitted purchase model and a customer base. The base's
 * retention over a period t is the share of its active customers still active t later, Σ P(alive at
 * T + t | x, t_x, T) / Σ P(alive at T | x, t_x, T), the analogue of the shifted-beta-geometric
 * retention rate (Fader and Hardie 2007) for a base of mixed ages. A scenario scales the model's
 * mean dropout ({@link PurchaseModel#withDropoutScaledBy}) by the k of {@link
 * ShiftedBetaGeometric#dropoutScaleForRetentionPoints}: customers leave less often, buy at the same
 * rate, and differ from each other as much as before.
 */
public final class RetentionScenario {

  private RetentionScenario() {}

  /** The base's retention over t model units. */
  public static double retention(PurchaseModel model, RfmPatterns base, double t) {
    double[] alive = new double[base.size()];
    IntStream.range(0, base.size())
        .parallel()
        .forEach(i -> alive[i] = model.probabilityAlive(base.x()[i], base.tx()[i], base.t()[i]));
    return retention(model, base, alive, t);
  }

  /** The base's retention over t model units, with P(alive at T) of each pattern already known. */
  public static double retention(
      PurchaseModel model, RfmPatterns base, double[] aliveNow, double t) {
    int n = base.size();
    double[] later = new double[n];
    IntStream.range(0, n)
        .parallel()
        .forEach(i -> later[i] = aliveNow[i] * model.survivalIfAlive(t, base.x()[i], base.t()[i]));
    double sumNow = 0;
    double sumLater = 0;
    for (int i = 0; i < n; i++) {
      sumNow += base.weight()[i] * aliveNow[i];
      sumLater += base.weight()[i] * later[i];
    }
    return sumLater / sumNow;
  }
}
