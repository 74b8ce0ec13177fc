package dev.cohortlake.cohort;

import dev.cohortlake.table.Tables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Builds retention_curve from the cells of cohort_monthly: per segment split and period, retention
 * pooled over the cohorts that completed the period, with the spread across cohorts, beside the
 * {@link RetentionProjection} fit and its projected periods ({@code projected = true}). It works on
 * the driver, on at most splits × cohorts × periods cells.
 */
public final class RetentionCurveBuilder {

  private RetentionCurveBuilder() {}

  /**
   * @param periods the cells of cohort_monthly ({@link CohortMonthlyBuilder#periods})
   * @param fitted the fitted curves ({@link RetentionProjection#fit})
   */
  public static Dataset<Row> build(
      SparkSession spark,
      List<CohortPeriod> periods,
      List<RetentionProjection.Point> fitted,
      LocalDate asOf,
      String runId) {
    Map<SplitPeriod, Pooled> curve = new TreeMap<>();
    for (CohortPeriod cell : periods) {
      if (cell.complete()) {
        curve
            .computeIfAbsent(new SplitPeriod(cell.split(), cell.period()), k -> new Pooled())
            .add(cell);
      }
    }
    for (RetentionProjection.Point point : fitted) {
      curve.computeIfAbsent(new SplitPeriod(point.split(), point.period()), k -> new Pooled())
              .fitted =
          point;
    }
    Date asOfDate = Date.valueOf(asOf);
    List<Row> rows = new ArrayList<>();
    curve.forEach((key, pooled) -> rows.add(pooled.toRow(asOfDate, key, runId)));
    return spark.createDataFrame(rows, Tables.RETENTION_CURVE.schema());
  }

  /** One split's period: the key of a curve row. */
  private record SplitPeriod(Split split, int period) implements Comparable<SplitPeriod> {
    @Override
    public int compareTo(SplitPeriod other) {
      int bySplit = split.compareTo(other.split);
      return bySplit != 0 ? bySplit : Integer.compare(period, other.period);
    }
  }

  /** The cohorts that completed one period of one split, pooled, and the fit at that period. */
  private static final class Pooled {
    int cohorts;
    long atRisk;
    long retained;
    long rollingRetained;
    double minRate = Double.POSITIVE_INFINITY;
    double maxRate = Double.NEGATIVE_INFINITY;
    RetentionProjection.Point fitted;

    void add(CohortPeriod cell) {
      cohorts++;
      atRisk += cell.cohortSize();
      retained += cell.activeCustomers();
      rollingRetained += cell.rollingActiveCustomers();
      minRate = Math.min(minRate, cell.retentionRate());
      maxRate = Math.max(maxRate, cell.retentionRate());
    }

    /** The row of retention_curve, in the order of its schema; empirical columns null if none. */
    Row toRow(Date asOf, SplitPeriod key, String runId) {
      boolean observed = cohorts > 0;
      return RowFactory.create(
          asOf,
          key.split().segment(),
          key.split().value(),
          key.period(),
          observed ? cohorts : null,
          observed ? atRisk : null,
          observed ? retained : null,
          observed ? (double) retained / atRisk : null,
          observed ? minRate : null,
          observed ? maxRate : null,
          observed ? (double) rollingRetained / atRisk : null,
          fitted == null ? null : fitted.rate(),
          fitted == null || Double.isNaN(fitted.low()) ? null : fitted.low(),
          fitted == null || Double.isNaN(fitted.high()) ? null : fitted.high(),
          fitted != null && fitted.projected(),
          runId);
    }
  }
}
