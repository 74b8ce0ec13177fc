package dev.cohortlake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.commons.io.FileUtils;

/**
 * The end-to-end peer of {@code scripts/bench.sh}: DuckDB (2 threads, in-process) writing the
 * tables Cohort Lake's ingest → customers → cohorts writes, as Parquet, from the same order lines
 * with the same cleaning as {@link BaselineSql}: {@code orders} partitioned by month, {@code
 * customers} (one row per customer with its segments from the first order) and {@code
 * cohort_monthly} split by the whole base, country and channel. Each statement reads what the
 * previous one wrote, as the jobs do.
 */
final class DuckDbPipeline {

  private static final String ORDERS =
      """
      COPY (
        SELECT order_id, customer_id, min(order_ts) AS order_ts, CAST(min(order_ts) AS DATE) AS order_date,
               date_trunc('month', min(order_ts)) AS order_month, sum(amount) AS revenue, count(*) AS lines,
               arg_min(country, order_ts) AS country, arg_min(channel, order_ts) AS channel
        FROM read_parquet('%s/*.parquet')
        WHERE customer_id IS NOT NULL AND order_ts IS NOT NULL AND order_id NOT LIKE 'C%%'
          AND CAST(order_ts AS DATE) <= DATE '%s'
        GROUP BY order_id, customer_id
      ) TO '%s/orders' (FORMAT PARQUET, PARTITION_BY (order_month))""";

  private static final String CUSTOMERS =
      """
      COPY (
        SELECT customer_id, date_trunc('month', min(order_date)) AS cohort_month,
               min(order_date) AS first_order_date, max(order_date) AS last_order_date,
               count(*) AS orders, count(DISTINCT order_date) AS purchase_days, sum(revenue) AS revenue,
               sum(revenue) / count(*) AS aov, arg_min(revenue, (order_ts, order_id)) AS first_order_revenue,
               sum(revenue) - arg_min(revenue, (order_ts, order_id)) AS repeat_revenue,
               DATE '%s' - max(order_date) AS days_since_last_order,
               arg_min(country, (order_ts, order_id)) AS country,
               arg_min(channel, (order_ts, order_id)) AS channel
        FROM read_parquet('%s/orders/**/*.parquet', hive_partitioning = true)
        GROUP BY customer_id
      ) TO '%s/customers.parquet' (FORMAT PARQUET)""";

  /** Each customer's active months, by cohort, segments and period since the cohort month. */
  private static final String MONTHS =
      """
      SELECT o.customer_id, c.cohort_month, c.country, c.channel,
             datediff('month', c.cohort_month, date_trunc('month', o.order_date)) AS period,
             count(*) AS orders, sum(o.revenue) AS revenue
      FROM read_parquet('%1$s/orders/**/*.parquet', hive_partitioning = true) o
      JOIN read_parquet('%1$s/customers.parquet') c USING (customer_id)
      GROUP BY ALL""";

  /**
   * The cohort table's cells from {@code months} (customer, cohort month, country, channel, period,
   * orders, revenue): the same SQL in DuckDB and Spark ({@link SparkPipelineFloor}).
   */
  static String cohortMonthly(String months) {
    return """
        WITH months AS (%s),
        cells AS (
          SELECT CASE WHEN grouping(country) = 0 THEN 'country'
                      WHEN grouping(channel) = 0 THEN 'channel' ELSE 'all' END AS segment,
                 coalesce(country, channel, 'all') AS segment_value, cohort_month, period,
                 count(*) AS active_customers, sum(orders) AS orders, sum(revenue) AS revenue
          FROM months
          GROUP BY GROUPING SETS ((cohort_month, period), (country, cohort_month, period),
                                  (channel, cohort_month, period)))
        SELECT *, first_value(active_customers) OVER w AS cohort_size,
               active_customers / first_value(active_customers) OVER w AS retention_rate,
               sum(revenue) OVER w / first_value(active_customers) OVER w
                 AS cumulative_revenue_per_customer
        FROM cells
        WINDOW w AS (PARTITION BY segment, segment_value, cohort_month ORDER BY period)"""
        .formatted(months);
  }

  private DuckDbPipeline() {}

  /** What the peer wrote and how long it took. */
  record Result(double seconds, long orders, long customers) {}

  /** Writes the three tables under a new temporary folder, timed, and removes it. */
  static Result run(String parquet, String asOf) throws SQLException, IOException {
    Path out = Files.createTempDirectory("duckdb-pipeline");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement()) {
      statement.execute("SET threads = 2");
      long start = System.nanoTime();
      statement.execute(String.format(ORDERS, parquet, asOf, out));
      statement.execute(String.format(CUSTOMERS, asOf, out, out));
      statement.execute(
          "COPY ("
              + cohortMonthly(String.format(MONTHS, out))
              + ") TO '"
              + out
              + "/cohort_monthly.parquet' (FORMAT PARQUET)");
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Result(
          seconds,
          count(statement, "read_parquet('" + out + "/orders/**/*.parquet')"),
          count(statement, "read_parquet('" + out + "/customers.parquet')"));
    } finally {
      FileUtils.deleteDirectory(out.toFile());
    }
  }

  private static long count(Statement statement, String relation) throws SQLException {
    try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + relation)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
