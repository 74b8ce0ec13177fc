package dev.cohortlake.cohort;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.months_between;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * What every cohort table and the CLV summary are derived from: the orders on or before the as-of
 * date, shuffled once by customer, sorted by time within each partition and walked customer by
 * customer in plain Java ({@link CustomerPass}).
 *
 * <p>{@link #customerMonths()} has one row per acquired customer and calendar month with an order
 * or a return from the cohort month on, with {@code period} and the customer's segments; {@link
 * #customers()} one row per customer with at least one order (returns do not acquire a customer),
 * including {@code first_day_revenue}, the revenue of the first purchase day. Both are views of one
 * cached pass, so order lines are read and shuffled once; {@link #fromOrders} fills it and counts
 * the customers.
 */
public final class CustomerActivity implements AutoCloseable {

  private final Dataset<Row> pass;
  private final Dataset<Row> customers;
  private final Dataset<Row> customerMonths;
  private final long customerCount;
  private final LocalDate asOf;
  private final List<String> segments;
  private final boolean hasRevenue;

  private CustomerActivity(
      Dataset<Row> pass,
      Dataset<Row> customers,
      Dataset<Row> customerMonths,
      long customerCount,
      LocalDate asOf,
      List<String> segments,
      boolean hasRevenue) {
    this.pass = pass;
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
    List<Column> input = new ArrayList<>();
    CustomerPass.INPUT.forEach(c -> input.add(col(c)));
    segments.forEach(s -> input.add(col(s).cast("string")));
    // Orders of one customer at the same instant are walked in order-id order, so the first
    // order (its revenue, its segment values) is the same on every run.
    input.add(col("order_id"));
    StructType schema = CustomerPass.schema(segments);
    Dataset<Row> pass =
        orders
            .filter(col("order_date").leq(lit(Date.valueOf(asOf))))
            .select(input.toArray(Column[]::new))
            .repartition(col("customer_id"))
            .sortWithinPartitions("customer_id", "order_ts", "order_id")
            .mapPartitions(new CustomerPass(segments.size()), Encoders.row(schema))
            .persist(StorageLevel.MEMORY_AND_DISK());

    List<Column> customerColumns =
        new ArrayList<>(
            List.of(
                col("customer_id"),
                col("c_orders").as("orders"),
                col("c_revenue").as("revenue"),
                col("c_purchase_days").as("purchase_days"),
                col("c_first_order_date").as("first_order_date"),
                col("c_last_order_date").as("last_order_date"),
                col("c_first_order_ts").as("first_order_ts"),
                col("customer_first_order_revenue").as("first_order_revenue"),
                col("c_first_day_revenue").as("first_day_revenue")));
    segments.forEach(s -> customerColumns.add(col(s)));
    customerColumns.add(col("cohort_month"));
    customerColumns.add(col("last_period"));
    Dataset<Row> customers =
        pass.filter(col(CustomerPass.FIRST_MONTH)).select(customerColumns.toArray(Column[]::new));

    List<String> monthColumns =
        new ArrayList<>(
            List.of(
                "customer_id",
                "month",
                "orders",
                "revenue",
                "purchase_days",
                "first_order_date",
                "last_order_date",
                "first_order_ts",
                "first_order_revenue",
                "first_day_revenue",
                "cohort_month",
                "customer_first_order_revenue"));
    monthColumns.addAll(segments);
    monthColumns.add("period");
    Dataset<Row> customerMonths =
        pass.select(monthColumns.stream().map(functions::col).toArray(Column[]::new));
    long customerCount = customers.count();
    return new CustomerActivity(
        pass, customers, customerMonths, customerCount, asOf, segments, hasRevenue);
  }

  /** Months between two first-of-month dates, as a whole number. */
  static Column monthsBetween(Column laterMonth, Column earlierMonth) {
    return months_between(laterMonth, earlierMonth).cast("int");
  }

  /** Whether the calendar month starting on {@code month} has ended by {@code asOf}. */
  static boolean monthComplete(LocalDate month, LocalDate asOf) {
    return !month.plusMonths(1).minusDays(1).isAfter(asOf);
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
        pass, customers, customerMonths, customerCount, asOf, splitSegments, hasRevenue);
  }

  public boolean hasRevenue() {
    return hasRevenue;
  }

  @Override
  public void close() {
    pass.unpersist();
  }
}
