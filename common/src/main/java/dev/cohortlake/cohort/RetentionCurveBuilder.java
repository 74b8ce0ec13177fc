package dev.cohortlake.cohort;

import dev.cohortlake.table.JoinKeys;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds retention_curve from cohort_monthly: per segment split and period, retention pooled over
 * the cohorts that completed the period, with the spread across cohorts, joined with the
 * {@link RetentionProjection} fit and its projected periods ({@code projected = true}).
 */
public final class RetentionCurveBuilder {

  private RetentionCurveBuilder() {}

  /**
   * @param cohortMonthly the output of {@link CohortMonthlyBuilder#build}
   * @param projection the output of {@link RetentionProjection#fit}
   */
  public static Dataset<Row> build(Dataset<Row> cohortMonthly, Dataset<Row> projection, LocalDate asOf,
      String runId) {
    Dataset<Row> empirical = cohortMonthly
        .filter(col("period_complete"))
        .groupBy(Segments.keys("as_of_date", "period"))
        .agg(
            count(lit(1)).cast("int").as("cohorts"),
            sum(col("cohort_size")).as("customers_at_risk"),
            sum(col("active_customers")).as("retained"),
            min(col("retention_rate")).as("min_retention_rate"),
            max(col("retention_rate")).as("max_retention_rate"),
            sum(col(CohortMonthlyBuilder.ROLLING_ACTIVE)).as("rolling_retained"))
        .withColumn("retention_rate", col("retained").divide(col("customers_at_risk")))
        .withColumn("rolling_retention_rate", col("rolling_retained").divide(col("customers_at_risk")))
        .drop("as_of_date");
    return empirical
        .join(projection, JoinKeys.of("segment", "segment_value", "period"), "full_outer")
        .withColumn("projected", coalesce(col("projected"), lit(false)))
        .withColumn("as_of_date", lit(Date.valueOf(asOf)))
        .withColumn("run_id", lit(runId));
  }
}
