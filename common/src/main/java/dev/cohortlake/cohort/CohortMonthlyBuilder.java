package dev.cohortlake.cohort;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.cohortlake.table.Tables;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Builds cohort_monthly: for every segment split, acquisition month and period since acquisition,
 * the cohort's size, active customers, retention, rolling retention, orders and revenue. Every
 * period from 0 to the as-of month is present, with zeros where no customer was active.
 *
 * <p>Spark reduces {@link CustomerActivity} to two small aggregates, one row per split, cohort and
 * period: the active customers, orders and revenue, and the customers whose last order falls in the
 * period. The grid of periods and the running sums over it are assembled on the driver from those,
 * which costs milliseconds where the same steps as Spark operators cost seconds of query planning
 * and code generation. The aggregates grow with splits × cohorts × periods, never with customers or
 * orders.
 */
public final class CohortMonthlyBuilder {

  private CohortMonthlyBuilder() {}

  /**
   * The cells of cohort_monthly for the activity's as-of date, ordered by split, cohort and period.
   */
  public static List<CohortPeriod> periods(CustomerActivity activity) {
    List<String> segments = activity.segments();
    List<Row> activeRows =
        Segments.collect(
            Segments.split(activity.customerMonths(), segments)
                .groupBy(Segments.keys("cohort_month", "period"))
                .agg(
                    sum(when(col("orders").gt(0), 1L).otherwise(0L)).as("active_customers"),
                    sum(col("orders")).as("orders"),
                    sum(col("revenue")).as("revenue")),
            "cohort periods",
            segments);
    List<Row> leavingRows =
        Segments.collect(
            Segments.split(activity.customers(), segments)
                .groupBy(Segments.keys("cohort_month", "last_period"))
                .agg(count(lit(1)).as("leaving")),
            "cohort periods",
            segments);

    // Every acquired customer has a row for their cohort month, so each cohort here starts at
    // period 0 and every customer of the leaving counts belongs to one of these cohorts.
    Map<Cohort, Cells> cohorts = new TreeMap<>();
    LocalDate asOfMonth = activity.asOf().withDayOfMonth(1);
    for (Row row : activeRows) {
      Cells cells =
          cohorts.computeIfAbsent(
              Cohort.of(row),
              cohort -> new Cells((int) ChronoUnit.MONTHS.between(cohort.month(), asOfMonth)));
      int period = row.getInt(row.fieldIndex("period"));
      cells.active[period] = row.getLong(row.fieldIndex("active_customers"));
      cells.orders[period] = row.getLong(row.fieldIndex("orders"));
      cells.revenue[period] = row.getDecimal(row.fieldIndex("revenue"));
    }
    for (Row row : leavingRows) {
      cohorts.get(Cohort.of(row)).leaving[row.getInt(row.fieldIndex("last_period"))] =
          row.getLong(row.fieldIndex("leaving"));
    }
    List<CohortPeriod> periods = new ArrayList<>();
    cohorts.forEach(
        (cohort, cells) -> cells.addTo(periods, cohort, activity.asOf(), activity.hasRevenue()));
    return periods;
  }

  /** The cells as the rows of cohort_monthly. */
  public static Dataset<Row> table(
      SparkSession spark, List<CohortPeriod> periods, LocalDate asOf, String runId) {
    Date asOfDate = Date.valueOf(asOf);
    List<Row> rows = periods.stream().map(p -> p.toRow(asOfDate, runId)).toList();
    return spark.createDataFrame(rows, Tables.COHORT_MONTHLY.schema());
  }

  /** One acquisition cohort of one split. */
  private record Cohort(Split split, LocalDate month) implements Comparable<Cohort> {

    static Cohort of(Row row) {
      return new Cohort(Split.of(row), row.getDate(row.fieldIndex("cohort_month")).toLocalDate());
    }

    @Override
    public int compareTo(Cohort other) {
      int bySplit = split.compareTo(other.split);
      return bySplit != 0 ? bySplit : month.compareTo(other.month);
    }
  }

  /** One cohort's aggregates by period, from 0 to the as-of month. */
  private static final class Cells {
    final long[] active;
    final long[] orders;
    final BigDecimal[] revenue;
    final long[] leaving;

    Cells(int lastPeriod) {
      active = new long[lastPeriod + 1];
      orders = new long[lastPeriod + 1];
      revenue = new BigDecimal[lastPeriod + 1];
      leaving = new long[lastPeriod + 1];
    }

    void addTo(List<CohortPeriod> periods, Cohort cohort, LocalDate asOf, boolean hasRevenue) {
      long size = active[0];
      long rollingActive = 0;
      for (long left : leaving) {
        rollingActive += left;
      }
      BigDecimal cumulativeRevenue = hasRevenue ? BigDecimal.ZERO : null;
      long cumulativeOrders = 0;
      for (int t = 0; t < active.length; t++) {
        BigDecimal periodRevenue =
            hasRevenue ? (revenue[t] == null ? BigDecimal.ZERO : revenue[t]) : null;
        if (hasRevenue) {
          cumulativeRevenue = cumulativeRevenue.add(periodRevenue);
        }
        cumulativeOrders += orders[t];
        periods.add(
            new CohortPeriod(
                cohort.split(),
                cohort.month(),
                t,
                size,
                active[t],
                rollingActive,
                orders[t],
                periodRevenue,
                cumulativeRevenue,
                cumulativeOrders,
                CustomerActivity.monthComplete(cohort.month().plusMonths(t), asOf)));
        rollingActive -= leaving[t];
      }
    }
  }
}
