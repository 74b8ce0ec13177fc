package dev.cohortlake.clv;

import dev.cohortlake.clv.SegmentPatterns.Group;
import dev.cohortlake.config.ClvConfig.PurchaseModelKind;
import dev.cohortlake.model.DeltaMethod;
import dev.cohortlake.model.Fitted;
import dev.cohortlake.model.GammaGamma;
import dev.cohortlake.model.PurchaseModel;
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

  /**
   * One model's predictions for each cell of a group, per customer: computed once (the costly
   * part), then summed with or without spend, and reused by the interval and the what-if.
   *
   * @param aliveNow P(alive at T) per cell
   * @param aliveAtEnd P(alive at T + H) per cell
   * @param purchases E[Y(H)] per cell
   * @param discounted discounted purchases per cell
   */
  public record Cells(
      double[] aliveNow, double[] aliveAtEnd, double[] purchases, double[] discounted) {

    /** Predicts every cell of the group; {@code full = false} leaves P(alive at T + H) at 0. */
    static Cells of(PurchaseModel model, Group group, ClvHorizon horizon, boolean full) {
      int n = group.days().length;
      double[] horizons = horizon.horizons();
      Cells cells = new Cells(new double[n], new double[n], new double[n], new double[n]);
      IntStream.range(0, n)
          .parallel()
          .forEach(
              i -> {
                double x = group.rfm().x()[i];
                double tx = group.rfm().tx()[i];
                double age = group.rfm().t()[i];
                PurchaseModel.Forecast forecast = model.forecast(horizons, x, tx, age);
                cells.aliveNow[i] = forecast.probabilityAlive();
                cells.purchases[i] = forecast.expectedPurchases()[horizons.length - 1];
                cells.discounted[i] = horizon.discounted(forecast.expectedPurchases());
                if (full) {
                  cells.aliveAtEnd[i] =
                      forecast.probabilityAlive() * model.survivalIfAlive(horizon.units(), x, age);
                }
              });
      return cells;
    }

    /** Predicts every cell of the group. */
    public static Cells of(PurchaseModel model, Group group, ClvHorizon horizon) {
      return of(model, group, horizon, true);
    }
  }

  /** Sums the model's predictions over the group's cells. */
  public static Outlook of(
      PurchaseModel model, Optional<GammaGamma> spend, Group group, ClvHorizon horizon) {
    return sum(Cells.of(model, group, horizon), spend, group);
  }

  /** Sums predicted cells over the group's customers. */
  public static Outlook sum(Cells cells, Optional<GammaGamma> spend, Group group) {
    double[] sums = new double[6];
    double[] weight = group.rfm().weight();
    for (int i = 0; i < weight.length; i++) {
      double value = spend.isPresent() ? expectedValue(spend.get(), group, i) : Double.NaN;
      sums[0] += weight[i];
      sums[1] += weight[i] * cells.aliveNow()[i];
      sums[2] += weight[i] * cells.aliveAtEnd()[i];
      sums[3] += weight[i] * cells.purchases()[i];
      sums[4] += value * cells.purchases()[i];
      sums[5] += value * cells.discounted()[i];
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
   * estimated independently, as in Fader, Hardie and Lee 2005); NaN without a spend model. The
   * gradient in the purchase model's parameters is a forward difference over re-predicted cells; in
   * the spend parameters only the expected values move, so the cells at the estimates serve.
   *
   * @param cells the purchase model's predictions at its estimates
   */
  public static double clvStandardError(
      PurchaseModelKind kind,
      Fitted<PurchaseModel> purchases,
      Optional<Fitted<GammaGamma>> spend,
      Group group,
      ClvHorizon horizon,
      Cells cells) {
    if (spend.isEmpty()) {
      return Double.NaN;
    }
    GammaGamma gg = spend.get().model();
    double base = sum(cells, Optional.of(gg), group).clv();
    double[] theta = purchases.fit().estimates();
    double[] purchaseGradient = new double[theta.length];
    for (int k = 0; k < theta.length; k++) {
      double[] shifted = theta.clone();
      double h = DeltaMethod.step(theta[k]);
      shifted[k] += h;
      Cells moved = Cells.of(PurchaseModels.at(kind, shifted), group, horizon, false);
      purchaseGradient[k] = (sum(moved, Optional.of(gg), group).clv() - base) / h;
    }
    double[] spendGradient =
        DeltaMethod.gradient(
            p -> sum(cells, Optional.of(new GammaGamma(p[0], p[1], p[2])), group).clv(),
            spend.get().fit().estimates());
    double variance =
        DeltaMethod.variance(purchaseGradient, purchases.fit().covariance())
            + DeltaMethod.variance(spendGradient, spend.get().fit().covariance());
    return variance >= 0 ? Math.sqrt(variance) : Double.NaN;
  }
}
