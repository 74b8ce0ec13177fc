package dev.cohortlake.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The DuckDB side of {@code scripts/bench.sh}: computes the cohort table and the per-customer
 * summary from the same generated Parquet files, in-process with 2 threads, times each query, and
 * checks that the results equal what Cohort Lake wrote to its Delta tables.
 *
 * <p>Arguments: the Parquet folder, the warehouse root of the Spark run, and the as-of date.
 */
public final class DuckDbBaseline {

  private static final String LINES = "SELECT customer_id, order_id, order_ts, amount"
      + " FROM read_parquet('%s/*.parquet') WHERE customer_id IS NOT NULL AND order_ts IS NOT NULL"
      + " AND order_id NOT LIKE 'C%%' AND CAST(order_ts AS DATE) <= DATE '%s'";

  private static final String ORDERS = "SELECT order_id, customer_id, min(order_ts) AS ts,"
      + " sum(amount) AS revenue FROM lines GROUP BY order_id, customer_id";

  private static final String COHORTS = """
      WITH lines AS (%s), orders AS (%s),
      months AS (SELECT customer_id, date_trunc('month', ts) AS m, count(*) AS n, sum(revenue) AS revenue
                 FROM orders GROUP BY ALL),
      firsts AS (SELECT customer_id, min(m) AS cohort FROM months GROUP BY ALL)
      SELECT cohort, datediff('month', cohort, m) AS period, count(*) AS active, sum(n) AS orders,
             sum(revenue) AS revenue
      FROM months JOIN firsts USING (customer_id) GROUP BY ALL ORDER BY ALL""";

  private static final String CUSTOMERS = """
      WITH lines AS (%s), orders AS (%s)
      SELECT customer_id, min(CAST(ts AS DATE)) AS first_order, max(CAST(ts AS DATE)) AS last_order,
             count(*) AS orders, count(DISTINCT CAST(ts AS DATE)) AS purchase_days, sum(revenue) AS revenue
      FROM orders GROUP BY ALL""";

  private DuckDbBaseline() {}

  public static void main(String[] args) throws SQLException {
    String parquet = args[0];
    String warehouse = args[1];
    String asOf = args[2];
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement()) {
      statement.execute("SET threads = 2");
      String lines = String.format(LINES, parquet, asOf);
      long start = System.nanoTime();
      List<String> cohorts = rows(statement, String.format(COHORTS, lines, ORDERS));
      double cohortSeconds = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      Map<String, String> summary = checksum(statement,
          "SELECT count(*), sum(orders), sum(purchase_days), sum(revenue), count(DISTINCT first_order),"
              + " max(last_order) FROM (" + String.format(CUSTOMERS, lines, ORDERS) + ")");
      double customerSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("duckdb cohort_table_seconds=%.2f customer_summary_seconds=%.2f%n", cohortSeconds,
          customerSeconds);
      compareWithSpark(warehouse, asOf, cohorts, summary);
    }
  }

  private static void compareWithSpark(String warehouse, String asOf, List<String> duckCohorts,
      Map<String, String> duckSummary) {
    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .getOrCreate();
    List<String> sparkCohorts = new ArrayList<>();
    for (Row row : spark.read().format("delta").load(warehouse + "/cohort_monthly")
        .where("segment = 'all' AND active_customers > 0 AND as_of_date = DATE'" + asOf + "'")
        .orderBy("cohort_month", "period")
        .selectExpr("cast(cohort_month as string)", "period", "active_customers", "orders", "revenue")
        .collectAsList()) {
      sparkCohorts.add(row.getString(0) + "|" + row.getInt(1) + "|" + row.getLong(2) + "|" + row.getLong(3)
          + "|" + row.getDecimal(4).stripTrailingZeros().toPlainString());
    }
    Row s = spark.read().format("delta").load(warehouse + "/customers")
        .where("as_of_date = DATE'" + asOf + "'")
        .selectExpr("count(*)", "sum(orders)", "sum(purchase_days)", "sum(revenue)",
            "count(DISTINCT first_order_date)", "cast(max(last_order_date) as string)").first();
    Map<String, String> sparkSummary = new TreeMap<>(Map.of(
        "1", String.valueOf(s.getLong(0)), "2", String.valueOf(s.getLong(1)), "3", String.valueOf(s.getLong(2)),
        "4", s.getDecimal(3).stripTrailingZeros().toPlainString(), "5", String.valueOf(s.getLong(4)),
        "6", s.getString(5)));
    boolean same = sparkCohorts.equals(duckCohorts) && sparkSummary.equals(duckSummary);
    System.out.printf("results_identical=%s cohort_rows=%d customers=%s%n", same, duckCohorts.size(),
        duckSummary.get("1"));
    if (!same) {
      System.out.println("spark  summary " + sparkSummary + "\nduckdb summary " + duckSummary);
      System.exit(4);
    }
    spark.stop();
  }

  private static List<String> rows(Statement statement, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getDate(1).toString().substring(0, 10) + "|" + rs.getLong(2) + "|" + rs.getLong(3) + "|"
            + rs.getLong(4) + "|" + ((BigDecimal) rs.getObject(5)).stripTrailingZeros().toPlainString());
      }
    }
    return rows;
  }

  private static Map<String, String> checksum(Statement statement, String sql) throws SQLException {
    Map<String, String> values = new TreeMap<>();
    try (ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      for (int i = 1; i <= 6; i++) {
        Object value = rs.getObject(i);
        values.put(String.valueOf(i), value instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString()
            : String.valueOf(value));
      }
    }
    return values;
  }
}
