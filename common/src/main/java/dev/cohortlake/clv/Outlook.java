package dev.cohortlake.clv;

import dev.cohortlake.clv.SegmentPatterns.Group;
import dev.cohortlake.config.ClvConfig.PurchaseModelKind;
import dev.cohortlake.model.DeltaMethod;
import dev.cohortlake.model.Fitted;
import dev.cohortlake.model.GammaGamma;
import dev.cohortlake.model.PurchaseModel;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * What a fitted purchase model (and the Gamma-Gamma spend model, when there is revenue) expects of
 * a group of customers over the CLV horizon, summed over the group: customers active now and at the
 * horizon's end, purchases, revenue and discounted CLV. The sums are exact per pattern: the
 * customers of a cell share every prediction, and the expected spend of a cell's repeat buyers is
 * linear in their mean spend.
 *
 * @param customers customers in the group
 * @param aliveNow Σ P(alive at T)
 * @param aliveAtEnd Σ P(alive at T + H)
 * @param purchases Σ E[Y(H)]
 * @param revenue Σ E[value] E[Y(H)]; NaN without a spend model
 * @param clv Σ E[value] × discounted purchases; NaN without a spend model
 */
public record Outlook(
    double customers,
    double aliveNow,
    double aliveAtEnd,
    double purchases,
    double revenue,
    double clv) {

  /** Sums the model's predictions over the group's cells. */
  public static Outlook of(
      PurchaseModel model, Optional<GammaGamma> spend, Group group, ClvHorizon horizon) {
    int n = group.days().length;
    double[][] cells = new double[n][];
    double[] horizons = horizon.horizons();
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              double x = group.rfm().x()[i];
              double tx = group.rfm().tx()[i];
              double age = group.rfm().t()[i];
              double customers = group.rfm().weight()[i];
              PurchaseModel.Forecast forecast = model.forecast(horizons, x, tx, age);
              double expected = forecast.expectedPurchases()[horizons.length - 1];
              double value = spend.map(gg -> expectedValue(gg, group, i)).orElse(Double.NaN);
              cells[i] =
                  new double[] {
                    customers,
                    customers * forecast.probabilityAlive(),
                    customers * model.probabilityAliveAt(horizon.units(), x, tx, age),
                    customers * expected,
                    value * expected,
                    value * horizon.discounted(forecast.expectedPurchases())
                  };
            });
    double[] sums = new double[6];
    for (double[] cell : cells) {
      for (int k = 0; k < sums.length; k++) {
        sums[k] += cell[k];
      }
    }
    return new Outlook(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5]);
  }

  /**
   * Σ E[M | x, m_x] over a cell's customers: (γ + m x) p / (p x + q − 1) for each repeat buyer with
   * spend, summed over their mean spends m, and the population mean for the others.
   */
  private static double expectedValue(GammaGamma gg, Group group, int i) {
    double x = group.rfm().x()[i];
    double spenders = group.spenders()[i];
    double others = group.rfm().weight()[i] - spenders;
    double repeat =
        spenders == 0
            ? 0
            : gg.p() / (gg.p() * x + gg.q() - 1) * (spenders * gg.gamma() + x * group.spend()[i]);
    return repeat + others * gg.conditionalExpectedAverageValue(0, 0);
  }

  /**
   * The standard error of {@link #clv()} from the uncertainty of both fits (delta method, the two
   * estimated independently, as in Fader, Hardie and Lee 2005): NaN without a spend model.
   */
  public static double clvStandardError(
      PurchaseModelKind kind,
      Fitted<PurchaseModel> purchases,
      Optional<Fitted<GammaGamma>> spend,
      Group group,
      ClvHorizon horizon) {
    if (spend.isEmpty()) {
      return Double.NaN;
    }
    double[] model = purchases.fit().estimates();
    double[] gg = spend.get().fit().estimates();
    double[] joint = Arrays.copyOf(model, model.length + gg.length);
    System.arraycopy(gg, 0, joint, model.length, gg.length);
    int m = model.length;
    return DeltaMethod.standardError(
        p ->
            of(
                    PurchaseModels.at(kind, Arrays.copyOf(p, m)),
                    Optional.of(new GammaGamma(p[m], p[m + 1], p[m + 2])),
                    group,
                    horizon)
                .clv(),
        joint,
        DeltaMethod.blockDiagonal(purchases.fit().covariance(), spend.get().fit().covariance()));
  }
}
