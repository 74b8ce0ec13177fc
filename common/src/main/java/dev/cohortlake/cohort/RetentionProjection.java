package dev.cohortlake.cohort;

import static org.apache.spark.sql.functions.col;

import dev.cohortlake.model.ShiftedBetaGeometric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Fits the shifted-beta-geometric model (Fader & Hardie 2007) to each segment split's cohorts and
 * projects retention past the observed periods.
 *
 * <p>A cohort's rolling retention is its survivor curve: a customer is lost after their last
 * active period. Over the cohorts of a split, the customers lost at period t are pooled, and each
 * cohort's survivors at its last complete period are right-censored there, so young and old
 * cohorts contribute what they have observed. The result has one row per split and period, from
 * 0 to the last observed period plus the horizon, with the fitted survival S(t).
 */
public final class RetentionProjection {

  static final StructType SCHEMA = new StructType()
      .add("segment", DataTypes.StringType)
      .add("segment_value", DataTypes.StringType)
      .add("period", DataTypes.IntegerType)
      .add("fitted_retention_rate", DataTypes.DoubleType)
      .add("projected", DataTypes.BooleanType);

  private RetentionProjection() {}

  /**
   * @param cohortMonthly the output of {@link CohortMonthlyBuilder#build}
   * @param horizon periods projected past the last observed one
   */
  public static Dataset<Row> fit(SparkSession spark, Dataset<Row> cohortMonthly, int horizon) {
    List<Row> cells = cohortMonthly.filter(col("period_complete"))
        .select("segment", "segment_value", "cohort_month", "period", CohortMonthlyBuilder.ROLLING_ACTIVE)
        .orderBy("segment", "segment_value", "cohort_month", "period")
        .collectAsList();
    Map<List<String>, Split> splits = new TreeMap<>((a, b) -> (a.get(0) + "\u0000" + a.get(1))
        .compareTo(b.get(0) + "\u0000" + b.get(1)));
    for (int i = 0; i < cells.size(); i++) {
      Row row = cells.get(i);
      Split split = splits.computeIfAbsent(List.of(row.getString(0), row.getString(1)), k -> new Split());
      int period = row.getInt(3);
      long alive = row.getLong(4);
      boolean lastOfCohort = i + 1 == cells.size()
          || !cells.get(i + 1).getDate(2).equals(row.getDate(2))
          || !cells.get(i + 1).getString(1).equals(row.getString(1))
          || !cells.get(i + 1).getString(0).equals(row.getString(0));
      if (period > 0) {
        split.churned.merge(period, (double) (split.previousAlive - alive), Double::sum);
      }
      if (lastOfCohort) {
        split.censored.merge(period, (double) alive, Double::sum);
      }
      split.previousAlive = alive;
      split.lastPeriod = Math.max(split.lastPeriod, period);
    }
    List<Row> rows = new ArrayList<>();
    splits.forEach((key, split) -> split.fit().ifPresent(model -> {
      for (int t = 0; t <= split.lastPeriod + horizon; t++) {
        rows.add(RowFactory.create(key.get(0), key.get(1), t, model.survival(t), t > split.lastPeriod));
      }
    }));
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** Pooled churn and censoring counts of one split, by period. */
  private static final class Split {
    final Map<Integer, Double> churned = new TreeMap<>();
    final Map<Integer, Double> censored = new TreeMap<>();
    long previousAlive;
    int lastPeriod;

    Optional<ShiftedBetaGeometric> fit() {
      double lost = churned.values().stream().mapToDouble(Double::doubleValue).sum();
      if (lastPeriod < 2 || lost <= 0) {
        return Optional.empty();
      }
      double[] churn = new double[lastPeriod + 1];
      double[] censor = new double[lastPeriod + 1];
      churned.forEach((t, n) -> churn[t] = n);
      censored.forEach((t, n) -> censor[t] = n);
      return Optional.of(ShiftedBetaGeometric.fit(churn, censor).model());
    }
  }
}
