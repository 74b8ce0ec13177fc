package dev.cohortlake.bench;

import java.io.IOException;
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
 * checks that the results equal what Cohort Lake wrote to its Delta tables; then times the
 * end-to-end peer ({@link DuckDbPipeline}) and checks that it wrote as many orders and customers.
 *
 * <p>Arguments: the Parquet folder, the warehouse root of the Spark run, and the as-of date.
 */
public final class DuckDbBaseline {

  private DuckDbBaseline() {}

  public static void main(String[] args) throws SQLException, IOException {
    String parquet = args[0];
    String warehouse = args[1];
    String asOf = args[2];
    Result duck = run(parquet, asOf);
    DuckDbPipeline.Result pipeline = DuckDbPipeline.run(parquet, asOf);
    System.out.printf(
        "duckdb cohort_table_seconds=%.2f customer_summary_seconds=%.2f pipeline_seconds=%.2f%n",
        duck.cohortSeconds(), duck.customerSeconds(), pipeline.seconds());
    compareWithSpark(warehouse, asOf, duck.cohorts(), duck.summary(), pipeline);
  }

  /** Runs both baseline queries in DuckDB, in-process with 2 threads, and times each. */
  static Result run(String parquet, String asOf) throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement()) {
      statement.execute("SET threads = 2");
      long start = System.nanoTime();
      List<String> cohorts = rows(statement, BaselineSql.DUCKDB.cohortTable(parquet, asOf));
      double cohortSeconds = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      Map<String, String> summary =
          checksum(statement, BaselineSql.DUCKDB.customerSummary(parquet, asOf));
      double customerSeconds = (System.nanoTime() - start) / 1e9;
      return new Result(cohorts, summary, cohortSeconds, customerSeconds);
    }
  }

  /**
   * Spark's cohort table rows as {@link #rows} prints DuckDB's: cohort month (a date, timestamp or
   * its text), period, active customers, orders, revenue.
   */
  static List<String> cohortRows(List<Row> rows) {
    List<String> formatted = new ArrayList<>();
    for (Row row : rows) {
      formatted.add(
          cohortRow(row.get(0), row.getInt(1), row.getLong(2), row.getLong(3), row.getDecimal(4)));
    }
    return formatted;
  }

  /** Spark's customer checksum row as {@link #checksum(Statement, String)} prints DuckDB's. */
  static Map<String, String> checksum(Row row) {
    Map<String, String> values = new TreeMap<>();
    for (int i = 0; i < row.length(); i++) {
      values.put(String.valueOf(i + 1), checksumValue(row.get(i)));
    }
    return values;
  }

  private static String cohortRow(
      Object cohortMonth, long period, long active, long orders, BigDecimal revenue) {
    return cohortMonth.toString().substring(0, 10)
        + "|"
        + period
        + "|"
        + active
        + "|"
        + orders
        + "|"
        + revenue.stripTrailingZeros().toPlainString();
  }

  private static String checksumValue(Object value) {
    return value instanceof BigDecimal d
        ? d.stripTrailingZeros().toPlainString()
        : String.valueOf(value);
  }

  /**
   * DuckDB's answers and times.
   *
   * @param cohorts the cohort table rows, one text each (month|period|active|orders|revenue)
   * @param summary the customer checksum by column position ("1" to "6")
   */
  record Result(
      List<String> cohorts,
      Map<String, String> summary,
      double cohortSeconds,
      double customerSeconds) {}

  private static void compareWithSpark(
      String warehouse,
      String asOf,
      List<String> duckCohorts,
      Map<String, String> duckSummary,
      DuckDbPipeline.Result pipeline) {
    SparkSession spark = BenchSpark.deltaSession();
    long sparkOrders = spark.read().format("delta").load(warehouse + "/orders").count();
    List<String> sparkCohorts =
        cohortRows(
            spark
                .read()
                .format("delta")
                .load(warehouse + "/cohort_monthly")
                .where(
                    "segment = 'all' AND active_customers > 0 AND as_of_date = DATE'" + asOf + "'")
                .orderBy("cohort_month", "period")
                .selectExpr(
                    "cast(cohort_month as string)",
                    "period",
                    "active_customers",
                    "orders",
                    "revenue")
                .collectAsList());
    Map<String, String> sparkSummary =
        checksum(
            spark
                .read()
                .format("delta")
                .load(warehouse + "/customers")
                .where("as_of_date = DATE'" + asOf + "'")
                .selectExpr(
                    "count(*)",
                    "sum(orders)",
                    "sum(purchase_days)",
                    "sum(revenue)",
                    "count(DISTINCT first_order_date)",
                    "cast(max(last_order_date) as string)")
                .first());
    // The peer's tables hold as many orders and customers as Cohort Lake's.
    boolean same =
        sparkCohorts.equals(duckCohorts)
            && sparkSummary.equals(duckSummary)
            && pipeline.orders() == sparkOrders
            && String.valueOf(pipeline.customers()).equals(duckSummary.get("1"));
    System.out.printf(
        "results_identical=%s cohort_rows=%d customers=%s orders=%d%n",
        same, duckCohorts.size(), duckSummary.get("1"), sparkOrders);
    if (!same) {
      System.out.println("spark  summary " + sparkSummary + "\nduckdb summary " + duckSummary);
      System.out.println("spark orders " + sparkOrders + ", duckdb pipeline " + pipeline);
      System.exit(4);
    }
    spark.stop();
  }

  private static List<String> rows(Statement statement, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(
            cohortRow(
                rs.getDate(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getLong(4),
                (BigDecimal) rs.getObject(5)));
      }
    }
    return rows;
  }

  private static Map<String, String> checksum(Statement statement, String sql) throws SQLException {
    Map<String, String> values = new TreeMap<>();
    try (ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      for (int i = 1; i <= 6; i++) {
        values.put(String.valueOf(i), checksumValue(rs.getObject(i)));
      }
    }
    return values;
  }
}
