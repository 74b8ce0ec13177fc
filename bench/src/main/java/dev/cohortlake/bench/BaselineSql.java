package dev.cohortlake.bench;

/**
 * The baseline's two queries (cohort table and per-customer summary, each from the raw order lines)
 * in the dialect of each engine, written once so that DuckDB and Spark run the same SQL: only how a
 * Parquet folder is named and how whole months between two dates are counted differ.
 */
enum BaselineSql {
  DUCKDB("read_parquet('%s/*.parquet')", "datediff('month', cohort, m)"),
  SPARK("parquet.`%s`", "CAST(months_between(m, cohort) AS INT)");

  private static final String LINES =
      "SELECT customer_id, order_id, order_ts, amount FROM %s"
          + " WHERE customer_id IS NOT NULL AND order_ts IS NOT NULL AND order_id NOT LIKE 'C%%'"
          + " AND CAST(order_ts AS DATE) <= DATE '%s'";

  private static final String ORDERS =
      "SELECT order_id, customer_id, min(order_ts) AS ts,"
          + " sum(amount) AS revenue FROM (%s) lines GROUP BY order_id, customer_id";

  private static final String COHORTS =
      """
      WITH orders AS (%s),
      months AS (SELECT customer_id, date_trunc('month', ts) AS m, count(*) AS n, sum(revenue) AS revenue
                 FROM orders GROUP BY ALL),
      firsts AS (SELECT customer_id, min(m) AS cohort FROM months GROUP BY ALL)
      SELECT cohort, %s AS period, count(*) AS active, sum(n) AS orders, sum(revenue) AS revenue
      FROM months JOIN firsts USING (customer_id) GROUP BY ALL ORDER BY ALL""";

  /** One row: customers, orders, purchase days, revenue, distinct first-order dates, last order. */
  private static final String CUSTOMER_CHECKSUM =
      """
      WITH orders AS (%s),
      customers AS (SELECT customer_id, min(CAST(ts AS DATE)) AS first_order, max(CAST(ts AS DATE)) AS last_order,
                           count(*) AS orders, count(DISTINCT CAST(ts AS DATE)) AS purchase_days,
                           sum(revenue) AS revenue
                    FROM orders GROUP BY ALL)
      SELECT count(*), sum(orders), sum(purchase_days), sum(revenue), count(DISTINCT first_order),
             CAST(max(last_order) AS STRING)
      FROM customers""";

  /** The first step of both queries alone: order lines merged into orders, counted. */
  private static final String ORDER_COUNT = "SELECT count(*) FROM (%s) orders";

  private final String parquetRelation;
  private final String monthsBetween;

  BaselineSql(String parquetRelation, String monthsBetween) {
    this.parquetRelation = parquetRelation;
    this.monthsBetween = monthsBetween;
  }

  /** Active customers, orders and revenue per cohort month and period, ordered by both. */
  String cohortTable(String parquet, String asOf) {
    return String.format(COHORTS, orders(parquet, asOf), monthsBetween);
  }

  /** The per-customer summary, reduced to one checksum row (see {@link #CUSTOMER_CHECKSUM}). */
  String customerSummary(String parquet, String asOf) {
    return String.format(CUSTOMER_CHECKSUM, orders(parquet, asOf));
  }

  /**
   * The same summary from orders already merged and stored as Parquet: the work of Cohort Lake's
   * customers stage, which starts from its {@code orders} table.
   */
  String customerSummaryFromOrders(String ordersParquet) {
    return String.format(
        CUSTOMER_CHECKSUM, "SELECT * FROM " + String.format(parquetRelation, ordersParquet));
  }

  /** The orders merged from the lines: order id, customer id, first line's time, revenue. */
  String orders(String parquet, String asOf) {
    return String.format(ORDERS, lines(parquet, asOf));
  }

  /** The number of orders: the single aggregation every other step builds on. */
  String orderCount(String parquet, String asOf) {
    return String.format(ORDER_COUNT, orders(parquet, asOf));
  }

  private String lines(String parquet, String asOf) {
    return String.format(LINES, String.format(parquetRelation, parquet), asOf);
  }
}
