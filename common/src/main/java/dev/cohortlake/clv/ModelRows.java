package dev.cohortlake.clv;

import dev.cohortlake.clv.SegmentFits.LikelihoodRatio;
import dev.cohortlake.config.ClvConfig;
import dev.cohortlake.model.DeltaMethod;
import dev.cohortlake.model.MleFit;
import dev.cohortlake.table.ScalaMaps;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** The rows of {@code clv_model}, in the order of its schema, for one run. */
public final class ModelRows {

  private final Date asOf;
  private final String timeUnit;
  private final Date calibrationEnd;
  private final String runId;

  public ModelRows(ClvConfig clv, LocalDate asOf, LocalDate calibrationEnd, String runId) {
    this.asOf = Date.valueOf(asOf);
    this.timeUnit = clv.timeUnit().name().toLowerCase(Locale.ROOT);
    this.calibrationEnd = Date.valueOf(calibrationEnd);
    this.runId = runId;
  }

  /**
   * A segment's expected CLV with its standard error (NaN where unknown).
   *
   * @param total the sum of the segment's discounted CLV
   * @param standardError its delta-method standard error
   */
  public record ExpectedClv(double total, double standardError) {
    public static final ExpectedClv NONE = new ExpectedClv(Double.NaN, Double.NaN);
  }

  /**
   * A fitted model's row.
   *
   * @param own whether the fit is the row's own: a segment that keeps the pooled fit reports the
   *     pooled parameters but no log-likelihood of its own
   */
  public Row fitted(
      String model,
      String fitBy,
      String segmentValue,
      String status,
      String note,
      MleFit fit,
      boolean own,
      long customers,
      long patterns,
      Optional<LikelihoodRatio> test,
      ExpectedClv clv) {
    double low = clv.total() - DeltaMethod.Z95 * clv.standardError();
    double high = clv.total() + DeltaMethod.Z95 * clv.standardError();
    return RowFactory.create(
        asOf,
        model,
        fitBy,
        segmentValue,
        status,
        note,
        ScalaMaps.of(fit.estimatesByName()),
        ScalaMaps.of(fit.standardErrorsByName()),
        own ? fit.logLikelihood() : null,
        own ? fit.aic() : null,
        own ? fit.bic() : null,
        customers,
        patterns,
        own ? fit.iterations() : null,
        fit.converged(),
        own ? fit.seconds() : null,
        timeUnit,
        calibrationEnd,
        test.map(LikelihoodRatio::statistic).orElse(null),
        test.map(LikelihoodRatio::degreesOfFreedom).orElse(null),
        test.map(LikelihoodRatio::pValue).orElse(null),
        orNull(clv.total()),
        orNull(low),
        orNull(high),
        runId);
  }

  /** The row of a model that was not fitted, with the reason. */
  public Row skipped(String model, String note, long customers, long patterns) {
    return RowFactory.create(
        asOf,
        model,
        ClvConfig.ALL,
        ClvConfig.ALL,
        "skipped",
        note,
        ScalaMaps.of(Map.<String, Double>of()),
        ScalaMaps.of(Map.<String, Double>of()),
        null,
        null,
        null,
        customers,
        patterns,
        null,
        false,
        null,
        timeUnit,
        calibrationEnd,
        null,
        null,
        null,
        null,
        null,
        null,
        runId);
  }

  private static Double orNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
