package dev.cohortlake.clv;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.cohortlake.config.ClvConfig.PurchaseGrain;
import dev.cohortlake.config.ClvConfig.TimeUnit;
import dev.cohortlake.model.PurchaseModel;
import dev.cohortlake.table.JoinKeys;
import dev.cohortlake.table.Tables;
import java.sql.Date;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Compares predictions with what customers did after calibration: {@code clv_validation} (mean
 * holdout purchases by calibration frequency, with MAE, RMSE and total error) and {@code
 * clv_tracking} (cumulative repeat purchases per period, actual against expected), as in Fader,
 * Hardie & Lee (2005), figures 2 to 4.
 */
public final class HoldoutCheck {

  private static final int TOP_BIN = 7;

  private final SparkSession spark;
  private final LocalDate calibrationEnd;
  private final LocalDate holdoutEnd;
  private final TimeUnit unit;

  /** One row per purchase (customer and date) up to the holdout end, at the configured grain. */
  private final Dataset<Row> purchases;

  /**
   * @param orders the orders table
   * @param calibrationEnd last day of calibration
   * @param holdoutEnd last day of the holdout
   * @param grain what counts as one purchase, as in the calibration summary
   */
  public HoldoutCheck(
      SparkSession spark,
      Dataset<Row> orders,
      LocalDate calibrationEnd,
      LocalDate holdoutEnd,
      TimeUnit unit,
      PurchaseGrain grain) {
    this.spark = spark;
    this.calibrationEnd = calibrationEnd;
    this.holdoutEnd = holdoutEnd;
    this.unit = unit;
    Dataset<Row> saleOrders =
        orders
            .filter(
                col("is_return")
                    .unary_$bang()
                    .and(col("order_date").leq(lit(Date.valueOf(holdoutEnd)))))
            .select("customer_id", "order_date");
    this.purchases = grain == PurchaseGrain.DAY ? saleOrders.distinct() : saleOrders;
  }

  /** Holdout length in model time units. */
  public double holdoutUnits() {
    return (double) ChronoUnit.DAYS.between(calibrationEnd, holdoutEnd) / unit.days();
  }

  /** The scored customers with their actual holdout purchases. */
  public Dataset<Row> withActual(Dataset<Row> scoredWithHoldoutExpected) {
    Dataset<Row> actual =
        purchases
            .filter(col("order_date").gt(lit(Date.valueOf(calibrationEnd))))
            .groupBy("customer_id")
            .agg(count(lit(1)).as("holdout_actual"));
    return scoredWithHoldoutExpected
        .join(actual, JoinKeys.of("customer_id"), "left")
        .withColumn("holdout_actual", coalesce(col("holdout_actual"), lit(0L)));
  }

  /**
   * Rows of clv_validation for one model from customers with holdout_actual and holdout_expected.
   */
  public Dataset<Row> validation(Dataset<Row> customers) {
    Dataset<Row> binned =
        customers.withColumn(
            "frequency_bin",
            when(col("x").geq(TOP_BIN), lit(TOP_BIN + "+")).otherwise(col("x").cast("string")));
    Dataset<Row> bins =
        binned
            .groupBy("model", "frequency_bin")
            .agg(
                count(lit(1)).as("customers"),
                avg(col("holdout_actual")).as("actual_mean_purchases"),
                avg(col("holdout_expected")).as("predicted_mean_purchases"))
            .withColumn("mae", lit(null).cast("double"))
            .withColumn("rmse", lit(null).cast("double"))
            .withColumn("total_error", lit(null).cast("double"));
    Dataset<Row> totals =
        binned
            .groupBy("model")
            .agg(
                count(lit(1)).as("customers"),
                avg(col("holdout_actual")).as("actual_mean_purchases"),
                avg(col("holdout_expected")).as("predicted_mean_purchases"),
                avg(abs(col("holdout_expected").minus(col("holdout_actual")))).as("mae"),
                sqrt(avg(pow(col("holdout_expected").minus(col("holdout_actual")), 2))).as("rmse"),
                sum(col("holdout_expected")).minus(sum(col("holdout_actual"))).as("total_error"))
            .withColumn("frequency_bin", lit("total"));
    return bins.unionByName(totals);
  }

  /**
   * What every model's tracking curve compares against, collected once: customers acquired per
   * first-purchase date and actual repeat purchases per date, of the customers in the summary.
   *
   * @param acquired customers per first-purchase date
   * @param repeats repeat purchases per date
   */
  public record Actuals(Map<LocalDate, Long> acquired, Map<LocalDate, Long> repeats) {}

  /**
   * Repeat purchases on a date are all purchases on it less the customers acquired on it (each
   * customer's first purchase), which holds at both grains: at the order grain a second order on
   * the first day is a repeat purchase.
   */
  public Actuals actuals(Dataset<Row> summary) {
    Dataset<Row> firsts = summary.select(col("customer_id"), col("first_order_date"));
    Map<LocalDate, Long> acquired = collectCounts(summary.groupBy("first_order_date").count());
    Map<LocalDate, Long> repeats =
        collectCounts(
            purchases.join(firsts, JoinKeys.of("customer_id")).groupBy("order_date").count());
    acquired.forEach((date, customers) -> repeats.merge(date, -customers, Long::sum));
    return new Actuals(acquired, repeats);
  }

  /**
   * Rows of clv_tracking for one model: per period from the first acquisition to the holdout end,
   * cumulative repeat purchases of the customers acquired by calibration end, and the model's
   * expectation Σ_d n_d E[X(t − d)] over their first-purchase dates d.
   */
  public Dataset<Row> tracking(PurchaseModel model, Actuals actuals, LocalDate asOf, String runId) {
    Map<LocalDate, Long> acquired = actuals.acquired();
    Map<LocalDate, Long> repeats = actuals.repeats();
    LocalDate start = acquired.keySet().iterator().next();
    List<Row> rows = new ArrayList<>();
    double actual = 0;
    LocalDate periodStart = start;
    for (int period = 0; !periodStart.isAfter(holdoutEnd); period++) {
      LocalDate periodEnd = periodStart.plusDays(unit.days() - 1L);
      LocalDate last = periodEnd.isAfter(holdoutEnd) ? holdoutEnd : periodEnd;
      for (LocalDate d = periodStart; !d.isAfter(last); d = d.plusDays(1)) {
        actual += repeats.getOrDefault(d, 0L);
      }
      double expected = 0;
      for (Map.Entry<LocalDate, Long> e : acquired.entrySet()) {
        long days = ChronoUnit.DAYS.between(e.getKey(), last);
        if (days > 0) {
          expected += e.getValue() * model.expectedPurchases((double) days / unit.days());
        }
      }
      rows.add(
          RowFactory.create(
              Date.valueOf(asOf),
              model.name(),
              period,
              Date.valueOf(last),
              actual,
              expected,
              last.isAfter(calibrationEnd),
              runId));
      periodStart = periodEnd.plusDays(1);
    }
    return spark.createDataFrame(rows, Tables.CLV_TRACKING.schema());
  }

  private static Map<LocalDate, Long> collectCounts(Dataset<Row> counts) {
    Map<LocalDate, Long> map = new TreeMap<>();
    for (Row row : counts.collectAsList()) {
      map.put(row.getDate(0).toLocalDate(), row.getLong(1));
    }
    return map;
  }
}
