package dev.cohortlake.cohort;

import dev.cohortlake.table.Tables;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Builds retention_monthly: the customer base month by month, with the seed formula {@code (E - N)
 * / S x 100} and its exact form {@code |S and E| / S x 100}.
 *
 * <p>A customer is in the base at the end of month M when they ordered in the trailing window (M -
 * w, M]. {@link CohortCells} sums each customer's events per split and month: acquired (first month
 * with an order), reactivated (an order after more than w silent months) and churned (w months
 * after an order with no order since). The driver accumulates those sums month by month into E,
 * with S the previous month's E, over at most splits × months cells.
 */
public final class RetentionMonthlyBuilder {

  private RetentionMonthlyBuilder() {}

  /** The rows of retention_monthly from the first month with an event to the as-of month. */
  public static Dataset<Row> build(SparkSession spark, CohortCells cells, String runId) {
    LocalDate asOfMonth = cells.asOf().withDayOfMonth(1);
    Map<Split, NavigableMap<LocalDate, CohortCells.MonthFlows>> bySplit = new TreeMap<>();
    cells
        .months()
        .forEach(
            (key, flows) -> {
              LocalDate month = CohortCells.month(key.month());
              if (!month.isAfter(asOfMonth)) {
                bySplit.computeIfAbsent(key.split(), k -> new TreeMap<>()).put(month, flows);
              }
            });
    List<Row> rows = new ArrayList<>();
    bySplit.forEach(
        (split, months) -> new Base(split).addMonths(rows, months, cells.asOf(), runId));
    return spark.createDataFrame(rows, Tables.RETENTION_MONTHLY.schema());
  }

  /** One split's customer base, carried from month to month. */
  private static final class Base {
    private static final CohortCells.MonthFlows NO_EVENTS = new CohortCells.MonthFlows();
    private final Split split;
    private long customers;
    private long acquired;
    private long oneTimeBuyers;

    Base(Split split) {
      this.split = split;
    }

    /** Adds a row per month from the split's first event to the as-of month. */
    void addMonths(
        List<Row> rows,
        NavigableMap<LocalDate, CohortCells.MonthFlows> events,
        LocalDate asOf,
        String runId) {
      Date asOfDate = Date.valueOf(asOf);
      for (LocalDate month = events.firstKey();
          !month.isAfter(asOf.withDayOfMonth(1));
          month = month.plusMonths(1)) {
        CohortCells.MonthFlows flows = events.getOrDefault(month, NO_EVENTS);
        long newCustomers = flows.newCustomers;
        long churned = flows.churned;
        long reactivated = flows.reactivated;
        long active = flows.active;
        long start = customers;
        customers += newCustomers + reactivated - churned;
        acquired += newCustomers;
        oneTimeBuyers += flows.oneTimeDelta;
        long retained = start - churned;
        rows.add(
            RowFactory.create(
                asOfDate,
                split.segment(),
                split.value(),
                Date.valueOf(month),
                start,
                customers,
                newCustomers,
                retained,
                churned,
                reactivated,
                active,
                start > 0 ? (customers - newCustomers) * 100.0 / start : null,
                start > 0 ? retained * 100.0 / start : null,
                active > 0 ? (double) (active - newCustomers) / active : null,
                acquired > 0 ? (double) oneTimeBuyers / acquired : null,
                repeatToFirstSpend(flows.revenue, flows.firstOrderRevenue),
                CustomerActivity.monthComplete(month, asOf),
                runId));
      }
    }

    private static Double repeatToFirstSpend(BigDecimal revenue, BigDecimal firstOrderRevenue) {
      if (revenue == null || firstOrderRevenue == null || firstOrderRevenue.signum() <= 0) {
        return null;
      }
      return revenue
          .subtract(firstOrderRevenue)
          .divide(firstOrderRevenue, MathContext.DECIMAL64)
          .doubleValue();
    }
  }
}
