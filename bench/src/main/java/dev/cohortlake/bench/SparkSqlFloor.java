package dev.cohortlake.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How fast Spark itself can answer the DuckDB baseline's own queries on this machine: the same SQL
 * ({@link BaselineSql}) over the same Parquet files, in one local[2] session, repeated so that the
 * last rounds run in a warm JVM. Nothing of Cohort Lake runs: no cleaning, no caches, no Delta.
 *
 * <p>It exists to tell the product's ratios to DuckDB apart from the engine's: when plain Spark SQL
 * is already several times slower than DuckDB on a query, no pipeline built on Spark answers that
 * query within a smaller multiple. It also times the one step both queries start with, merging the
 * order lines into orders, which bounds every query over orders from below. The results are checked
 * against DuckDB's, so the two engines are known to have done the same work.
 *
 * <p>Arguments: the Parquet folder, the as-of date, the number of rounds (default 3) and the shuffle
 * partitions (default 4, as in {@code scripts/cohortlake}).
 */
public final class SparkSqlFloor {

  private SparkSqlFloor() {}

  public static void main(String[] args) throws SQLException {
    String parquet = args[0];
    String asOf = args[1];
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    String shufflePartitions = args.length > 3 ? args[3] : "4";

    DuckDbBaseline.Result duck = DuckDbBaseline.run(parquet, asOf);
    System.out.printf("duckdb cohort_table_seconds=%.2f customer_summary_seconds=%.2f%n", duck.cohortSeconds(),
        duck.customerSeconds());

    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", shufflePartitions)
        .getOrCreate();
    double cohortSeconds = Double.MAX_VALUE;
    double customerSeconds = Double.MAX_VALUE;
    double orderSeconds = Double.MAX_VALUE;
    for (int round = 1; round <= rounds; round++) {
      long start = System.nanoTime();
      List<String> cohorts = cohortRows(spark.sql(BaselineSql.SPARK.cohortTable(parquet, asOf)).collectAsList());
      double cohortRound = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      Map<String, String> summary = checksum(spark.sql(BaselineSql.SPARK.customerSummary(parquet, asOf)).first());
      double customerRound = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      long orders = spark.sql(BaselineSql.SPARK.orderCount(parquet, asOf)).first().getLong(0);
      double orderRound = (System.nanoTime() - start) / 1e9;
      System.out.printf("spark round %d: cohort_table_seconds=%.2f customer_summary_seconds=%.2f"
          + " lines_to_orders_seconds=%.2f (%d orders)%n", round, cohortRound, customerRound, orderRound, orders);
      if (!cohorts.equals(duck.cohorts()) || !summary.equals(duck.summary())) {
        System.out.println("spark  summary " + summary + "\nduckdb summary " + duck.summary());
        System.exit(4);
      }
      cohortSeconds = Math.min(cohortSeconds, cohortRound);
      customerSeconds = Math.min(customerSeconds, customerRound);
      orderSeconds = Math.min(orderSeconds, orderRound);
    }
    double fromOrdersSeconds = summaryFromStoredOrders(spark, parquet, asOf, rounds, duck.summary());
    spark.stop();
    System.out.printf("results_identical=true; best of %d rounds as multiples of DuckDB:"
        + " cohort table %.1fx, customer summary %.1fx, customer summary from stored orders %.1fx;"
        + " lines to orders alone %.1fx of the cohort table's and %.1fx of the customer summary's DuckDB"
        + " time%n", rounds, cohortSeconds / duck.cohortSeconds(), customerSeconds / duck.customerSeconds(),
        fromOrdersSeconds / duck.customerSeconds(), orderSeconds / duck.cohortSeconds(),
        orderSeconds / duck.customerSeconds());
  }

  /**
   * Stores the merged orders as Parquet (not timed), then times the customer summary from them: the
   * work of Cohort Lake's customers stage without its roll-up caches and Delta commit.
   */
  private static double summaryFromStoredOrders(SparkSession spark, String parquet, String asOf, int rounds,
      Map<String, String> expected) {
    Path folder;
    try {
      folder = Files.createTempDirectory("floor-orders");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String orders = folder.resolve("orders").toString();
    spark.sql(BaselineSql.SPARK.orders(parquet, asOf)).write().parquet(orders);
    double best = Double.MAX_VALUE;
    for (int round = 1; round <= rounds; round++) {
      long start = System.nanoTime();
      Map<String, String> summary = checksum(spark.sql(BaselineSql.SPARK.customerSummaryFromOrders(orders)).first());
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("spark round %d: customer_summary_from_stored_orders_seconds=%.2f%n", round, seconds);
      if (!summary.equals(expected)) {
        System.out.println("spark  summary " + summary + "\nduckdb summary " + expected);
        System.exit(4);
      }
      best = Math.min(best, seconds);
    }
    FileUtils.deleteQuietly(folder.toFile());
    return best;
  }

  private static List<String> cohortRows(List<Row> rows) {
    List<String> formatted = new ArrayList<>();
    for (Row row : rows) {
      formatted.add(DuckDbBaseline.cohortRow(row.get(0), row.getInt(1), row.getLong(2), row.getLong(3),
          row.getDecimal(4)));
    }
    return formatted;
  }

  private static Map<String, String> checksum(Row row) {
    Map<String, String> values = new TreeMap<>();
    for (int i = 0; i < row.length(); i++) {
      values.put(String.valueOf(i + 1), DuckDbBaseline.checksumValue(row.get(i)));
    }
    return values;
  }
}
