package dev.cohortlake.cohort;

import dev.cohortlake.table.JoinKeys;
import static dev.cohortlake.cohort.CustomerActivity.monthsBetween;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import dev.cohortlake.table.Tables;
import java.sql.Date;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Builds cohort_monthly: for every segment split, acquisition month and period since acquisition,
 * the cohort's size, active customers, retention, rolling retention, orders and revenue. Every
 * period from 0 to the as-of month is present, with zeros where no customer was active.
 *
 * <p>Reads only {@link CustomerActivity}: customers active in a month are counted once, so no
 * distinct count over order lines is needed.
 */
public final class CohortMonthlyBuilder {

  /** Customers of the cohort whose last active period is this period or later (internal column). */
  static final String ROLLING_ACTIVE = "rolling_active_customers";

  private CohortMonthlyBuilder() {}

  public static Dataset<Row> build(CustomerActivity activity, String runId) {
    Date asOf = Date.valueOf(activity.asOf());
    Column asOfMonth = trunc(lit(asOf), "month");

    Dataset<Row> periods = Segments.split(activity.customerMonths(), activity.segments())
        .groupBy(Segments.keys("cohort_month", "period"))
        .agg(
            sum(when(col("orders").gt(0), 1L).otherwise(0L)).as("active_customers"),
            sum(col("orders")).as("orders"),
            sum(col("revenue")).as("revenue"));

    Dataset<Row> lastPeriods = Segments.split(activity.customers(), activity.segments())
        .groupBy(Segments.keys("cohort_month", "last_period"))
        .agg(count(lit(1)).as("leaving"))
        .withColumnRenamed("last_period", "period");

    Dataset<Row> grid = periods
        .filter(col("period").equalTo(0))
        .select(col("segment"), col("segment_value"), col("cohort_month"),
            col("active_customers").as("cohort_size"))
        .withColumn("period",
            explode(sequence(lit(0), monthsBetween(asOfMonth, col("cohort_month")))));

    String[] keys = {"segment", "segment_value", "cohort_month", "period"};
    WindowSpec cohort = Window.partitionBy(Segments.keys("cohort_month"));
    WindowSpec upToPeriod = cohort.orderBy(col("period"))
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    WindowSpec fromPeriod = cohort.orderBy(col("period").desc())
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Column size = col("cohort_size");
    return grid
        .join(periods.drop("cohort_size"), JoinKeys.of(keys), "left")
        .join(lastPeriods, JoinKeys.of(keys), "left")
        .withColumn("active_customers", coalesce(col("active_customers"), lit(0L)))
        .withColumn("orders", coalesce(col("orders"), lit(0L)))
        .withColumn("revenue", activity.hasRevenue()
            ? coalesce(col("revenue"), lit(0).cast(Tables.MONEY))
            : lit(null).cast(Tables.MONEY))
        .withColumn(ROLLING_ACTIVE, sum(coalesce(col("leaving"), lit(0L))).over(fromPeriod))
        .withColumn("retention_rate", col("active_customers").divide(size))
        .withColumn("rolling_retention_rate", col(ROLLING_ACTIVE).divide(size))
        .withColumn("revenue_per_customer", col("revenue").divide(size))
        .withColumn("cumulative_revenue_per_customer", sum(col("revenue")).over(upToPeriod).divide(size))
        .withColumn("cumulative_orders_per_customer", sum(col("orders")).over(upToPeriod).divide(size))
        .withColumn("period_complete",
            date_add(add_months(col("cohort_month"), col("period").plus(1)), -1).leq(lit(asOf)))
        .withColumn("as_of_date", lit(asOf))
        .withColumn("run_id", lit(runId));
  }
}
