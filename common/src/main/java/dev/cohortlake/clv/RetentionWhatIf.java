package dev.cohortlake.clv;

import dev.cohortlake.clv.SegmentFits.SegmentFit;
import dev.cohortlake.model.Fitted;
import dev.cohortlake.model.GammaGamma;
import dev.cohortlake.model.PurchaseModel;
import dev.cohortlake.model.RetentionScenario;
import dev.cohortlake.model.RfmPatterns;
import dev.cohortlake.model.ShiftedBetaGeometric;
import dev.cohortlake.table.ScalaMaps;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.hipparchus.exception.MathRuntimeException;

/**
 * The "+5% retention" question answered for this shop (Reichheld and Sasser 1990 quote +25–95%
 * profit for five points): a segment's expectations over the CLV horizon ({@link Outlook}) under
 * its fitted purchase model and under the scenario.
 *
 * <p>The scenario is defined where retention is a monthly rate: the shifted-beta-geometric fit of
 * the segment's cohorts (Fader and Hardie 2007). Its first-month retention b / (a + b) rises by the
 * configured points, which cuts the mean churn by a factor k ({@link
 * ShiftedBetaGeometric#dropoutScaleForRetentionPoints}); the purchase model's mean dropout is cut
 * by the same k ({@link PurchaseModel#withDropoutScaledBy}: the mean dropout probability a / (a +
 * b) with a + b kept for the BG/NBD and MBG/NBD models, the mean dropout rate s / β with s kept for
 * the Pareto/NBD model), and its purchase process stays as fitted.
 */
public final class RetentionWhatIf {

  private final LocalDate asOf;
  private final ClvHorizon horizon;
  private final double points;
  private final Optional<Double> margin;
  private final String runId;

  public RetentionWhatIf(
      LocalDate asOf, ClvHorizon horizon, double points, Optional<Double> margin, String runId) {
    this.asOf = asOf;
    this.horizon = horizon;
    this.points = points;
    this.margin = margin;
    this.runId = runId;
  }

  /**
   * The row of retention_whatif for one segment's fit.
   *
   * @param cells the fit's predictions for the segment's cells
   */
  public Row row(
      String model, String fitBy, SegmentFit fit, Outlook.Cells cells, Optional<GammaGamma> spend) {
    PurchaseModel base = fit.fitted().model();
    double month = horizon.unitsPerMonth();
    RfmPatterns patterns = fit.group().rfm();
    Outlook before = Outlook.sum(cells, spend, fit.group());
    Optional<ShiftedBetaGeometric> cohorts = Optional.empty();
    Optional<Double> scale = Optional.empty();
    String note = null;
    try {
      cohorts = fit.group().survival().fit().map(Fitted::model);
      if (cohorts.isEmpty()) {
        note = "no cohort curve to define monthly retention: fewer than three complete months";
      } else {
        scale = Optional.of(cohorts.get().dropoutScaleForRetentionPoints(points));
      }
    } catch (IllegalArgumentException | MathRuntimeException e) {
      note = e.getMessage();
    }
    Optional<Double> k = scale;
    Optional<ShiftedBetaGeometric> raisedCohorts =
        cohorts.flatMap(c -> k.map(c::withChurnScaledBy));
    Optional<PurchaseModel> raised = k.map(base::withDropoutScaledBy);
    Optional<Outlook.Cells> raisedCells =
        raised.map(m -> Outlook.Cells.of(m, fit.group(), horizon));
    Optional<Outlook> after = raisedCells.map(c -> Outlook.sum(c, spend, fit.group()));
    return RowFactory.create(
        Date.valueOf(asOf),
        model,
        fitBy,
        fit.value(),
        points,
        horizon.months(),
        cohorts.map(c -> c.retentionRate(1)).orElse(null),
        raisedCohorts.map(c -> c.retentionRate(1)).orElse(null),
        cohorts.map(c -> orNull(c.expectedLifetime())).orElse(null),
        raisedCohorts.map(c -> orNull(c.expectedLifetime())).orElse(null),
        k.orElse(null),
        RetentionScenario.retention(base, patterns, cells.aliveNow(), month),
        raised
            .map(m -> RetentionScenario.retention(m, patterns, raisedCells.get().aliveNow(), month))
            .orElse(null),
        raised.map(m -> ScalaMaps.of(PurchaseModels.parameters(m))).orElse(null),
        Math.round(before.customers()),
        before.aliveAtEnd(),
        after.map(Outlook::aliveAtEnd).orElse(null),
        before.purchases(),
        after.map(Outlook::purchases).orElse(null),
        orNull(before.revenue()),
        after.map(o -> orNull(o.revenue())).orElse(null),
        orNull(before.clv()),
        after.map(o -> orNull(o.clv())).orElse(null),
        after.map(o -> orNull(o.purchases() / before.purchases() - 1)).orElse(null),
        after.map(o -> orNull(o.clv() / before.clv() - 1)).orElse(null),
        margin.map(m -> orNull(before.revenue() * m)).orElse(null),
        margin.flatMap(m -> after.map(o -> orNull(o.revenue() * m))).orElse(null),
        note,
        runId);
  }

  private static Double orNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
