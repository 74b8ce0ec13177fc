package dev.cohortlake.cohort;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.cohortlake.table.Tables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * What every cohort table and the CLV summary are derived from: one row per acquired customer in
 * the shape of {@link Tables#CUSTOMER_STATE}, with the customer's months as an array, for one as-of
 * date. It comes either from a pass over the orders up to the as-of date ({@link #fromOrders}: the
 * orders shuffled once by customer, sorted by time within each partition and walked customer by
 * customer in plain Java by {@link CustomerPass}) or from the persisted {@link CustomerState} when
 * no order is dated after the as-of date ({@link #of}).
 *
 * <p>{@link #customers()} has one row per customer with at least one order (returns do not acquire
 * a customer), including {@code first_day_revenue}, the revenue of the first purchase day; {@link
 * #customersWithMonths()} the same rows with the customer's months, from the cohort month on, with
 * an order or a return. Both are views of one cached dataset, which the factories fill and count.
 */
public final class CustomerActivity implements AutoCloseable {

  private final Dataset<Row> state;
  private final long customerCount;
  private final LocalDate asOf;
  private final List<String> segments;
  private final boolean hasRevenue;

  private CustomerActivity(
      Dataset<Row> state,
      long customerCount,
      LocalDate asOf,
      List<String> segments,
      boolean hasRevenue) {
    this.state = state;
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
    return of(
        pass(orders.filter(col("order_date").leq(lit(Date.valueOf(asOf)))), segments),
        asOf,
        segments,
        hasRevenue);
  }

  /**
   * Aggregates orders as {@link dev.cohortlake.clean.OrdersBuilder} gives them, each customer's
   * orders together in one partition and in time order (then order id): the pass walks them as they
   * are, without the shuffle and sort of {@link #fromOrders}. Ingest hands over the orders it has
   * just written this way, so that order grain is not read back.
   */
  public static CustomerActivity fromMergedOrders(
      Dataset<Row> orders, LocalDate asOf, List<String> segments, boolean hasRevenue) {
    Dataset<Row> upToAsOf = orders.filter(col("order_date").leq(lit(Date.valueOf(asOf))));
    return of(walk(passInput(upToAsOf, segments), segments), asOf, segments, hasRevenue);
  }

  /**
   * The activity of customer rows already computed (customer_state, read when no order is dated
   * after {@code asOf}); cached and counted here. Cached, because three readers (the customers
   * snapshot, the cohort cells and the CLV summary) scanning the table each cost more than one
   * cache (measured at 10M lines, bench/RESULTS.md).
   */
  public static CustomerActivity of(
      Dataset<Row> customerRows, LocalDate asOf, List<String> segments, boolean hasRevenue) {
    Dataset<Row> state =
        customerRows.storageLevel().useMemory()
            ? customerRows
            : customerRows.persist(StorageLevel.MEMORY_AND_DISK());
    return new CustomerActivity(state, state.count(), asOf, segments, hasRevenue);
  }

  /**
   * One row per acquired customer in {@code orders}, in the shape of customer_state without its
   * lineage columns, computed by one shuffle by customer, one sort and {@link CustomerPass}.
   */
  static Dataset<Row> pass(Dataset<Row> orders, List<String> segments) {
    // Orders of one customer at the same instant are walked in order-id order, so the first
    // order (its revenue, its segment values) is the same on every run.
    return walk(
        passInput(orders, segments)
            .repartition(col("customer_id"))
            .sortWithinPartitions("customer_id", "order_ts", "order_id"),
        segments);
  }

  /** The columns {@link CustomerPass} reads, in its order, then the order id. */
  private static Dataset<Row> passInput(Dataset<Row> orders, List<String> segments) {
    List<Column> input = new ArrayList<>();
    CustomerPass.INPUT.forEach(c -> input.add(col(c)));
    segments.forEach(s -> input.add(col(s).cast("string")));
    input.add(col("order_id"));
    return orders.select(input.toArray(Column[]::new));
  }

  /** {@link CustomerPass} over orders already grouped by customer and in time order. */
  private static Dataset<Row> walk(Dataset<Row> orderedOrders, List<String> segments) {
    return orderedOrders.mapPartitions(
        new CustomerPass(segments.size()), Encoders.row(CustomerPass.schema(segments)));
  }

  /** Whether the calendar month starting on {@code month} has ended by {@code asOf}. */
  static boolean monthComplete(LocalDate month, LocalDate asOf) {
    return !month.plusMonths(1).minusDays(1).isAfter(asOf);
  }

  /** One row per acquired customer with lifetime aggregates up to the as-of date. */
  public Dataset<Row> customers() {
    return state.drop("months");
  }

  /**
   * One row per customer with the customer's months as the array {@code months} (elements as in
   * {@link Tables#CUSTOMER_MONTH}), for work along a customer's months without a shuffle.
   */
  public Dataset<Row> customersWithMonths() {
    return state;
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
    return new CustomerActivity(state, customerCount, asOf, splitSegments, hasRevenue);
  }

  public boolean hasRevenue() {
    return hasRevenue;
  }

  @Override
  public void close() {
    state.unpersist();
  }
}
