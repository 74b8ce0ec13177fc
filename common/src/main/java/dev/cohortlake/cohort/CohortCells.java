package dev.cohortlake.cohort;

import static org.apache.spark.sql.functions.col;

import dev.cohortlake.run.Errors;
import dev.cohortlake.table.Tables;
import java.io.Serializable;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The sums the cohort tables are assembled from, for every split of the customer base: per cohort
 * month and period, the active customers, orders, revenue and the customers whose last order falls
 * in the period (cohort_monthly and retention_curve); per calendar month, the flows of the customer
 * base (retention_monthly).
 *
 * <p>One pass over the customer rows computes them all: each partition folds its customers into
 * cells in plain Java, walking every customer's months array once, and the driver merges the
 * partitions' cells. No row is repeated per split, no aggregation is keyed by strings in Spark, and
 * the cells grow with splits × cohorts × periods, never with customers or orders. The cells do not
 * depend on the as-of date: a customer's churn is counted in the month their window runs out, even
 * when that month is still ahead, and the builders keep the months up to the as-of month.
 */
public final class CohortCells implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Most cells the driver assembles the tables from. */
  static final int MAX_CELLS = 1_000_000;

  // Fields of an element of a customer's months array.
  private static final int MONTH = Tables.CUSTOMER_MONTH.fieldIndex("month");
  private static final int ORDERS = Tables.CUSTOMER_MONTH.fieldIndex("orders");
  private static final int REVENUE = Tables.CUSTOMER_MONTH.fieldIndex("revenue");
  private static final int PERIOD = Tables.CUSTOMER_MONTH.fieldIndex("period");

  private final LocalDate asOf;
  private final boolean hasRevenue;
  private final List<String> segments;
  private final int windowMonths;
  private final int maxCells;
  private final Map<CohortKey, CohortSums> cohorts = new HashMap<>();
  private final Map<MonthKey, MonthFlows> months = new HashMap<>();
  private boolean overflowed;

  private CohortCells(
      LocalDate asOf, boolean hasRevenue, List<String> segments, int windowMonths, int maxCells) {
    this.asOf = asOf;
    this.hasRevenue = hasRevenue;
    this.segments = List.copyOf(segments);
    this.windowMonths = windowMonths;
    this.maxCells = maxCells;
  }

  /**
   * Sums the activity's customers into cells, split by the activity's segments.
   *
   * @param windowMonths a customer is in the base while their last order is at most this many
   *     months back (retention_monthly)
   */
  public static CohortCells of(CustomerActivity activity, int windowMonths) {
    return of(activity, windowMonths, MAX_CELLS);
  }

  /**
   * {@link #of(CustomerActivity, int)} with another bound on the cells.
   *
   * @throws dev.cohortlake.run.CohortLakeException when there are more than {@code maxCells} cells,
   *     which only a segment with very many values causes
   */
  static CohortCells of(CustomerActivity activity, int windowMonths, int maxCells) {
    CohortCells empty =
        new CohortCells(
            activity.asOf(), activity.hasRevenue(), activity.segments(), windowMonths, maxCells);
    List<Column> input =
        new ArrayList<>(
            List.of(
                col("cohort_month"),
                col("last_period"),
                col("first_order_revenue"),
                col("months")));
    activity.segments().forEach(s -> input.add(col(s)));
    List<CohortCells> partitions =
        activity
            .customersWithMonths()
            .select(input.toArray(Column[]::new))
            .mapPartitions(new Fold(empty), Encoders.javaSerialization(CohortCells.class))
            .collectAsList();
    CohortCells cells = empty.emptyCopy();
    partitions.forEach(cells::merge);
    if (cells.overflowed) {
      throw Errors.tooManyCohortCells(maxCells, activity.segments());
    }
    return cells;
  }

  /** Cells of cohort_monthly: one per split, cohort month and period with a customer's month. */
  Map<CohortKey, CohortSums> cohorts() {
    return cohorts;
  }

  /** Cells of retention_monthly: one per split and month with an event, including later months. */
  Map<MonthKey, MonthFlows> months() {
    return months;
  }

  /** Cohort and month cells together. */
  public int size() {
    return cohorts.size() + months.size();
  }

  public LocalDate asOf() {
    return asOf;
  }

  public boolean hasRevenue() {
    return hasRevenue;
  }

  private CohortCells emptyCopy() {
    return new CohortCells(asOf, hasRevenue, segments, windowMonths, maxCells);
  }

  /**
   * Adds one customer: {@code cohort_month}, {@code last_period}, {@code first_order_revenue}, the
   * {@code months} array (elements as in {@link Tables#CUSTOMER_MONTH}) and the segment values, in
   * that order.
   */
  private void add(Row customer) {
    if (overflowed) {
      return;
    }
    Months activity = new Months(customer.getList(3));
    int cohortMonth = monthIndex(customer.getDate(0));
    int lastPeriod = customer.getInt(1);
    BigDecimal firstOrderRevenue = customer.getDecimal(2);
    for (int s = 0; s <= segments.size(); s++) {
      Split split =
          s == 0 ? Split.WHOLE_BASE : new Split(segments.get(s - 1), customer.getString(3 + s));
      addCohortPeriods(split, cohortMonth, lastPeriod, activity);
      addFlows(split, firstOrderRevenue, activity);
    }
    overflowed = size() > maxCells;
  }

  private void addCohortPeriods(Split split, int cohortMonth, int lastPeriod, Months activity) {
    for (int i = 0; i < activity.size(); i++) {
      CohortSums sums =
          cohorts.computeIfAbsent(
              new CohortKey(split, cohortMonth, activity.period[i]), k -> new CohortSums());
      if (activity.orders[i] > 0) {
        sums.active++;
      }
      sums.orders += activity.orders[i];
      sums.revenue = plus(sums.revenue, activity.revenue[i]);
    }
    cohorts.computeIfAbsent(new CohortKey(split, cohortMonth, lastPeriod), k -> new CohortSums())
        .leaving++;
  }

  /**
   * The customer's events in the base: acquired in the first month with an order, reactivated by an
   * order after more than the window's silent months, churned when the window after an order runs
   * out with no order since; with the one-time buyers' change and the revenues.
   */
  private void addFlows(Split split, BigDecimal firstOrderRevenue, Months activity) {
    int first = -1; // index of the first month with an order
    int previous = -1; // index of the previous month with an order
    for (int i = 0; i < activity.size(); i++) {
      if (activity.orders[i] == 0) {
        continue;
      }
      int month = activity.month[i];
      MonthFlows flows = flows(split, month);
      if (first < 0) {
        first = i;
        flows.newCustomers++;
        if (activity.orders[i] == 1) {
          flows.oneTimeDelta++;
        }
      } else {
        if (month - activity.month[previous] > windowMonths) {
          flows.reactivated++;
          flows(split, activity.month[previous] + windowMonths).churned++;
        }
        if (previous == first && activity.orders[first] == 1) {
          flows.oneTimeDelta--;
        }
      }
      flows.active++;
      if (activity.period[i] == 0) {
        flows.firstOrderRevenue = plus(flows.firstOrderRevenue, firstOrderRevenue);
      }
      flows.revenue = plus(flows.revenue, activity.revenue[i]);
      previous = i;
    }
    if (previous >= 0) {
      flows(split, activity.month[previous] + windowMonths).churned++;
    }
  }

  private MonthFlows flows(Split split, int month) {
    return months.computeIfAbsent(new MonthKey(split, month), k -> new MonthFlows());
  }

  private void merge(CohortCells other) {
    overflowed |= other.overflowed;
    other.cohorts.forEach((key, sums) -> cohorts.merge(key, sums, CohortSums::plus));
    other.months.forEach((key, flows) -> months.merge(key, flows, MonthFlows::plus));
    overflowed |= size() > maxCells;
  }

  /** A sum that stays null while every value is null, as SQL's SUM does. */
  private static BigDecimal plus(BigDecimal sum, BigDecimal value) {
    if (value == null) {
      return sum;
    }
    return sum == null ? value : sum.add(value);
  }

  /** Months since year 0 of a first-of-month date: month arithmetic as integer arithmetic. */
  private static int monthIndex(Date firstOfMonth) {
    LocalDate month = firstOfMonth.toLocalDate();
    return month.getYear() * 12 + month.getMonthValue() - 1;
  }

  /** The first day of the month with the index. */
  static LocalDate month(int monthIndex) {
    return LocalDate.of(monthIndex / 12, monthIndex % 12 + 1, 1);
  }

  /** One customer's months array as columns, read once for every split. */
  private static final class Months {
    final int[] month;
    final long[] orders;
    final BigDecimal[] revenue;
    final int[] period;

    Months(List<Row> rows) {
      int n = rows.size();
      month = new int[n];
      orders = new long[n];
      revenue = new BigDecimal[n];
      period = new int[n];
      for (int i = 0; i < n; i++) {
        Row row = rows.get(i);
        month[i] = monthIndex(row.getDate(MONTH));
        orders[i] = row.getLong(ORDERS);
        revenue[i] = row.getDecimal(REVENUE);
        period[i] = row.getInt(PERIOD);
      }
    }

    int size() {
      return month.length;
    }
  }

  /** A cell of cohort_monthly: split, cohort month (as a month index) and period. */
  record CohortKey(Split split, int cohortMonth, int period) implements Serializable {}

  /** A cell of retention_monthly: split and calendar month (as a month index). */
  record MonthKey(Split split, int month) implements Serializable {}

  /** What a cohort's customers did in one period. */
  static final class CohortSums implements Serializable {
    private static final long serialVersionUID = 1L;
    long active;
    long orders;
    BigDecimal revenue;
    long leaving;

    CohortSums plus(CohortSums other) {
      active += other.active;
      orders += other.orders;
      revenue = CohortCells.plus(revenue, other.revenue);
      leaving += other.leaving;
      return this;
    }
  }

  /** The customer base's flows in one calendar month. */
  static final class MonthFlows implements Serializable {
    private static final long serialVersionUID = 1L;
    long newCustomers;
    long reactivated;
    long churned;
    long oneTimeDelta;
    long active;
    BigDecimal firstOrderRevenue;
    BigDecimal revenue;

    MonthFlows plus(MonthFlows other) {
      newCustomers += other.newCustomers;
      reactivated += other.reactivated;
      churned += other.churned;
      oneTimeDelta += other.oneTimeDelta;
      active += other.active;
      firstOrderRevenue = CohortCells.plus(firstOrderRevenue, other.firstOrderRevenue);
      revenue = CohortCells.plus(revenue, other.revenue);
      return this;
    }
  }

  /** Folds one partition of customers into cells. */
  private static final class Fold implements MapPartitionsFunction<Row, CohortCells> {
    private static final long serialVersionUID = 1L;
    private final CohortCells empty;

    Fold(CohortCells empty) {
      this.empty = empty;
    }

    @Override
    public Iterator<CohortCells> call(Iterator<Row> customers) {
      CohortCells cells = empty.emptyCopy();
      customers.forEachRemaining(cells::add);
      return List.of(cells).iterator();
    }
  }
}
