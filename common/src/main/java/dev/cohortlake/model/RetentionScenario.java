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
    int n = base.size();
    double[][] terms = new double[n][];
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              double alive = model.probabilityAlive(base.x()[i], base.tx()[i], base.t()[i]);
              double w = base.weight()[i];
              terms[i] =
                  new double[] {
                    w * alive, w * alive * model.survivalIfAlive(t, base.x()[i], base.t()[i])
                  };
            });
    double now = 0;
    double later = 0;
    for (double[] term : terms) {
      now += term[0];
      later += term[1];
    }
    return later / now;
  }
}
