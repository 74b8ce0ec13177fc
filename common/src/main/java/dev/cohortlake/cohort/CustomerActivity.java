package dev.cohortlake.cohort;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import dev.cohortlake.table.SegmentCodes;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The one pre-aggregate every cohort table is derived from: orders on or before the as-of date,
 * shuffled once by customer and rolled up to customer × day, customer × month and customer.
 *
 * <p>{@link #customers()} has one row per customer with at least one order (returns do not acquire
 * a customer), including {@code first_day_revenue}, the revenue of the first purchase day. {@link
 * #customerMonths()} has one row per customer and calendar month with an order or a return from the
 * cohort month on, with {@code period} and the customer's segments. Both are cached until {@link
 * #close()}, with the customer × month roll-up they are derived from, so order lines are read and
 * shuffled once; {@link #fromOrders} fills them and counts the customers. Segments are rolled up as
 * integer codes ({@link SegmentCodes}) so that every roll-up stays a hash aggregation.
 */
public final class CustomerActivity implements AutoCloseable {

  private final Dataset<Row> months;
  private final Dataset<Row> customers;
  private final Dataset<Row> customerMonths;
  private final long customerCount;
  private final LocalDate asOf;
  private final List<String> segments;
  private final boolean hasRevenue;

  private CustomerActivity(
      Dataset<Row> months,
      Dataset<Row> customers,
      Dataset<Row> customerMonths,
      long customerCount,
      LocalDate asOf,
      List<String> segments,
      boolean hasRevenue) {
    this.months = months;
    this.customers = customers;
    this.customerMonths = customerMonths;
    this.customerCount = customerCount;
    this.asOf = asOf;
    this.segments = List.copyOf(segments);
    this.hasRevenue = hasRevenue;
  }

  /**
   * Aggregates the orders table for one as-of date.
   *
   * @param orders the orders table
   * @param asOf orders after this date are ignored
   * @param segments segment columns of the orders table to carry
   * @param hasRevenue false for a counts-only dataset, whose revenue columns stay null
   */
  public static CustomerActivity fromOrders(
      Dataset<Row> orders, LocalDate asOf, List<String> segments, boolean hasRevenue) {
    Column sale = col("is_return").unary_$bang();
    Column saleTs = when(sale, col("order_ts"));
    List<Column> dayAggs =
        new ArrayList<>(
            List.of(
                sum(when(sale, 1).otherwise(0)).as("orders"),
                sum(col("revenue")).as("revenue"),
                min(saleTs).as("first_order_ts"),
                min_by(col("revenue"), saleTs).as("first_order_revenue")));
    segments.forEach(s -> dayAggs.add(min_by(col(s), saleTs).as(s)));
    Dataset<Row> upToAsOf = orders.filter(col("order_date").leq(lit(Date.valueOf(asOf))));
    SegmentCodes codes = SegmentCodes.of(upToAsOf, segments);
    Dataset<Row> days =
        codes
            .encode(upToAsOf)
            .repartition(col("customer_id"))
            .groupBy(col("customer_id"), col("order_date"))
            .agg(dayAggs.get(0), rest(dayAggs));

    Column active = col("orders").gt(0);
    Dataset<Row> months =
        days.withColumn("purchase_days", when(active, 1L).otherwise(0L))
            .withColumn("first_order_date", when(active, col("order_date")))
            .withColumn("last_order_date", col("first_order_date"))
            .withColumn("first_day_revenue", when(active, col("revenue")))
            .groupBy(col("customer_id"), trunc(col("order_date"), "month").as("month"))
            .agg(sum(col("orders")).as("orders"), rollUp(segments))
            .persist(StorageLevel.MEMORY_AND_DISK());

    Dataset<Row> customers =
        codes
            .decode(
                months
                    .groupBy(col("customer_id"))
                    .agg(sum(col("orders")).as("orders"), rollUp(segments))
                    .filter(col("orders").gt(0)))
            .withColumn("cohort_month", trunc(col("first_order_date"), "month"))
            .withColumn(
                "last_period",
                monthsBetween(trunc(col("last_order_date"), "month"), col("cohort_month")))
            .persist(StorageLevel.MEMORY_AND_DISK());

    List<Column> customerColumns =
        new ArrayList<>(
            List.of(
                col("customer_id"),
                col("cohort_month"),
                col("first_order_revenue").as("customer_first_order_revenue")));
    segments.forEach(s -> customerColumns.add(col(s)));
    Dataset<Row> customerMonths =
        months
            .drop(segments.toArray(String[]::new))
            .join(customers.select(customerColumns.toArray(Column[]::new)), "customer_id")
            .withColumn("period", monthsBetween(col("month"), col("cohort_month")))
            .filter(col("period").geq(0))
            .persist(StorageLevel.MEMORY_AND_DISK());
    long customerCount = customers.count();
    return new CustomerActivity(
        months, customers, customerMonths, customerCount, asOf, segments, hasRevenue);
  }

  /** Months between two first-of-month dates, as a whole number. */
  static Column monthsBetween(Column laterMonth, Column earlierMonth) {
    return months_between(laterMonth, earlierMonth).cast("int");
  }

  /** Whether the calendar month starting on {@code month} has ended by {@code asOf}. */
  static boolean monthComplete(LocalDate month, LocalDate asOf) {
    return !month.plusMonths(1).minusDays(1).isAfter(asOf);
  }

  /** Rolls finer activity rows up to a coarser grain; the same shape at every level. */
  private static Column[] rollUp(List<String> segments) {
    List<Column> aggs =
        new ArrayList<>(
            List.of(
                sum(col("revenue")).as("revenue"),
                sum(col("purchase_days")).as("purchase_days"),
                min(col("first_order_date")).as("first_order_date"),
                max(col("last_order_date")).as("last_order_date"),
                min(col("first_order_ts")).as("first_order_ts"),
                min_by(col("first_order_revenue"), col("first_order_ts")).as("first_order_revenue"),
                min_by(col("first_day_revenue"), col("first_order_ts")).as("first_day_revenue")));
    segments.forEach(s -> aggs.add(min_by(col(s), col("first_order_ts")).as(s)));
    return aggs.toArray(Column[]::new);
  }

  private static Column[] rest(List<Column> columns) {
    return columns.subList(1, columns.size()).toArray(Column[]::new);
  }

  /** One row per acquired customer with lifetime aggregates up to the as-of date. */
  public Dataset<Row> customers() {
    return customers;
  }

  /** One row per customer and month from the cohort month on, with {@code period}. */
  public Dataset<Row> customerMonths() {
    return customerMonths;
  }

  /** Customers acquired by the as-of date: the rows of {@link #customers()}. */
  public long customerCount() {
    return customerCount;
  }

  public LocalDate asOf() {
    return asOf;
  }

  public List<String> segments() {
    return segments;
  }

  /**
   * The same activity, split by fewer segments (cohort tables may use a subset of the segment
   * columns). The view shares the cached data; only the original is closed.
   */
  public CustomerActivity splitBy(List<String> splitSegments) {
    return new CustomerActivity(
        months, customers, customerMonths, customerCount, asOf, splitSegments, hasRevenue);
  }

  public boolean hasRevenue() {
    return hasRevenue;
  }

  @Override
  public void close() {
    customerMonths.unpersist();
    customers.unpersist();
    months.unpersist();
  }
}
