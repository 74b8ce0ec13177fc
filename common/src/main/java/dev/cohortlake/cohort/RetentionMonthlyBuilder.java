package dev.cohortlake.cohort;

import static dev.cohortlake.cohort.CustomerActivity.monthsBetween;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Builds retention_monthly: the customer base month by month, with the seed formula {@code (E - N)
 * / S x 100} and its exact form {@code |S and E| / S x 100}.
 *
 * <p>A customer is in the base at the end of month M when they ordered in the trailing window (M -
 * w, M]. Each customer's active months become events: acquired (first month), reactivated (an order
 * after more than w silent months) and churned (w months after an order with no order since). Spark
 * sums the events per split and month, reading only customer × month activity, never order lines;
 * the driver accumulates those sums month by month into E, with S the previous month's E, over at
 * most splits × months rows.
 */
public final class RetentionMonthlyBuilder {

  private static final List<String> FLOWS =
      List.of(
          "new_customers",
          "reactivated",
          "churned",
          "one_time_delta",
          "active_customers",
          "first_order_revenue",
          "revenue");

  private RetentionMonthlyBuilder() {}

  public static Dataset<Row> build(CustomerActivity activity, int windowMonths, String runId) {
    Date asOf = Date.valueOf(activity.asOf());
    Column asOfMonth = trunc(lit(asOf), "month");
    Dataset<Row> active = activeMonths(activity);

    Column first = col("prev").isNull();
    Column secondAfterOneOrder =
        col("prev").isNotNull().and(col("prev2").isNull()).and(col("prev_orders").equalTo(1));
    Dataset<Row> orderEvents =
        active.select(
            flows(
                activity.segments(),
                col("month"),
                flag(first),
                flag(
                    col("prev")
                        .isNotNull()
                        .and(monthsBetween(col("month"), col("prev")).gt(windowMonths))),
                lit(0L),
                when(first.and(col("orders").equalTo(1)), 1L)
                    .when(secondAfterOneOrder, -1L)
                    .otherwise(0L),
                lit(1L),
                when(col("period").equalTo(0), col("customer_first_order_revenue")),
                col("revenue")));
    Dataset<Row> churnEvents =
        active
            .filter(
                col("next").isNull().or(monthsBetween(col("next"), col("month")).gt(windowMonths)))
            .select(
                flows(
                    activity.segments(),
                    add_months(col("month"), windowMonths),
                    lit(0L),
                    lit(0L),
                    lit(1L),
                    lit(0L),
                    lit(0L),
                    lit(null),
                    lit(null)));

    List<Row> events =
        Segments.collect(
            Segments.split(orderEvents.unionByName(churnEvents), activity.segments())
                .filter(col("month").leq(asOfMonth))
                .groupBy(Segments.keys("month"))
                .agg(
                    sum(col(FLOWS.get(0))).as(FLOWS.get(0)),
                    sumsOf(FLOWS.subList(1, FLOWS.size()))),
            "split months",
            activity.segments());

    Map<Split, NavigableMap<LocalDate, Row>> bySplit = new TreeMap<>();
    for (Row row : events) {
      bySplit
          .computeIfAbsent(Split.of(row), k -> new TreeMap<>())
          .put(row.getDate(row.fieldIndex("month")).toLocalDate(), row);
    }
    List<Row> rows = new ArrayList<>();
    bySplit.forEach(
        (split, months) -> new Base(split).addMonths(rows, months, activity.asOf(), runId));
    return activity
        .customerMonths()
        .sparkSession()
        .createDataFrame(rows, Tables.RETENTION_MONTHLY.schema());
  }

  /**
   * Each customer's months with an order, with the previous two and the next such month and the
   * previous one's orders, taken along the customer's months array: no shuffle, no window.
   */
  private static Dataset<Row> activeMonths(CustomerActivity activity) {
    List<Column> perCustomer =
        new ArrayList<>(
            List.of(
                col("first_order_revenue").as("customer_first_order_revenue"),
                filter(col("months"), m -> m.getField("orders").gt(0)).as("active")));
    activity.segments().forEach(s -> perCustomer.add(col(s)));
    List<Column> perMonth =
        new ArrayList<>(
            List.of(
                col("customer_first_order_revenue"),
                col("m.month").as("month"),
                col("m.orders").as("orders"),
                col("m.revenue").as("revenue"),
                col("m.period").as("period"),
                neighbour(-1, "month").as("prev"),
                neighbour(-2, "month").as("prev2"),
                neighbour(-1, "orders").as("prev_orders"),
                neighbour(1, "month").as("next")));
    activity.segments().forEach(s -> perMonth.add(col(s)));
    List<Column> exploded = new ArrayList<>(List.of(col("*")));
    exploded.add(posexplode(col("active")).as(new String[] {"i", "m"}));
    return activity
        .customersWithMonths()
        .select(perCustomer.toArray(Column[]::new))
        .select(exploded.toArray(Column[]::new))
        .select(perMonth.toArray(Column[]::new));
  }

  /** A field of the active month {@code offset} places from month {@code i}, null past the ends. */
  private static Column neighbour(int offset, String field) {
    Column index = col("i").plus(offset);
    return when(
        index.geq(0).and(index.lt(size(col("active")))),
        col("active").getItem(index).getField(field));
  }

  private static Column flag(Column condition) {
    return when(condition, 1L).otherwise(0L);
  }

  private static Column[] flows(List<String> segments, Column month, Column... values) {
    Column[] columns = new Column[FLOWS.size() + 1 + segments.size()];
    columns[0] = month.as("month");
    for (int i = 0; i < FLOWS.size(); i++) {
      String name = FLOWS.get(i);
      columns[i + 1] =
          name.endsWith("revenue") ? values[i].cast("decimal(28,2)").as(name) : values[i].as(name);
    }
    for (int i = 0; i < segments.size(); i++) {
      columns[FLOWS.size() + 1 + i] = col(segments.get(i));
    }
    return columns;
  }

  private static Column[] sumsOf(List<String> names) {
    return names.stream().map(n -> sum(col(n)).as(n)).toArray(Column[]::new);
  }

  /** One split's customer base, carried from month to month. */
  private static final class Base {
    private final Split split;
    private long customers;
    private long acquired;
    private long oneTimeBuyers;

    Base(Split split) {
      this.split = split;
    }

    /** Adds a row per month from the split's first event to the as-of month. */
    void addMonths(
        List<Row> rows, NavigableMap<LocalDate, Row> events, LocalDate asOf, String runId) {
      Date asOfDate = Date.valueOf(asOf);
      for (LocalDate month = events.firstKey();
          !month.isAfter(asOf.withDayOfMonth(1));
          month = month.plusMonths(1)) {
        Row flows = events.get(month);
        long newCustomers = count(flows, "new_customers");
        long churned = count(flows, "churned");
        long reactivated = count(flows, "reactivated");
        long active = count(flows, "active_customers");
        long start = customers;
        customers += newCustomers + reactivated - churned;
        acquired += newCustomers;
        oneTimeBuyers += count(flows, "one_time_delta");
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
                repeatToFirstSpend(amount(flows, "revenue"), amount(flows, "first_order_revenue")),
                CustomerActivity.monthComplete(month, asOf),
                runId));
      }
    }

    private static long count(Row flows, String name) {
      return flows == null ? 0L : flows.getLong(flows.fieldIndex(name));
    }

    private static BigDecimal amount(Row flows, String name) {
      return flows == null ? null : flows.getDecimal(flows.fieldIndex(name));
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
