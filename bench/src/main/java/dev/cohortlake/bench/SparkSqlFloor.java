package dev.cohortlake.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.commons.io.FileUtils;
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
 * <p>Arguments: the Parquet folder, the as-of date, the number of rounds (default 3) and the
 * shuffle partitions (default 4, as in {@code scripts/cohortlake}).
 */
public final class SparkSqlFloor {

  private SparkSqlFloor() {}

  public static void main(String[] args) throws SQLException {
    String parquet = args[0];
    String asOf = args[1];
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    String shufflePartitions = args.length > 3 ? args[3] : "4";

    DuckDbBaseline.Result duck = DuckDbBaseline.run(parquet, asOf);
    System.out.printf(
        "duckdb cohort_table_seconds=%.2f customer_summary_seconds=%.2f%n",
        duck.cohortSeconds(), duck.customerSeconds());

    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", shufflePartitions)
            .getOrCreate();
    double cohortSeconds = Double.MAX_VALUE;
    double customerSeconds = Double.MAX_VALUE;
    double orderSeconds = Double.MAX_VALUE;
    for (int round = 1; round <= rounds; round++) {
      Timed<List<String>> cohorts =
          Timed.of(
              () ->
                  DuckDbBaseline.cohortRows(
                      spark.sql(BaselineSql.SPARK.cohortTable(parquet, asOf)).collectAsList()));
      Timed<Map<String, String>> summary =
          Timed.of(
              () ->
                  DuckDbBaseline.checksum(
                      spark.sql(BaselineSql.SPARK.customerSummary(parquet, asOf)).first()));
      Timed<Long> orders =
          Timed.of(() -> spark.sql(BaselineSql.SPARK.orderCount(parquet, asOf)).first().getLong(0));
      System.out.printf(
          "spark round %d: cohort_table_seconds=%.2f customer_summary_seconds=%.2f"
              + " lines_to_orders_seconds=%.2f (%d orders)%n",
          round, cohorts.seconds(), summary.seconds(), orders.seconds(), orders.value());
      requireSame("cohort table", cohorts.value(), duck.cohorts());
      requireSame("summary", summary.value(), duck.summary());
      cohortSeconds = Math.min(cohortSeconds, cohorts.seconds());
      customerSeconds = Math.min(customerSeconds, summary.seconds());
      orderSeconds = Math.min(orderSeconds, orders.seconds());
    }
    double fromOrdersSeconds =
        summaryFromStoredOrders(spark, parquet, asOf, rounds, duck.summary());
    spark.stop();
    System.out.printf(
        "results_identical=true; best of %d rounds as multiples of DuckDB:"
            + " cohort table %.1fx, customer summary %.1fx, customer summary from stored orders %.1fx;"
            + " lines to orders alone %.1fx of the cohort table's and %.1fx of the customer summary's DuckDB"
            + " time%n",
        rounds,
        cohortSeconds / duck.cohortSeconds(),
        customerSeconds / duck.customerSeconds(),
        fromOrdersSeconds / duck.customerSeconds(),
        orderSeconds / duck.cohortSeconds(),
        orderSeconds / duck.customerSeconds());
  }

  /**
   * Stores the merged orders as Parquet (not timed), then times the customer summary from them: the
   * work of Cohort Lake's customers stage without its roll-up caches and Delta commit.
   */
  private static double summaryFromStoredOrders(
      SparkSession spark, String parquet, String asOf, int rounds, Map<String, String> expected) {
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
      Timed<Map<String, String>> summary =
          Timed.of(
              () ->
                  DuckDbBaseline.checksum(
                      spark.sql(BaselineSql.SPARK.customerSummaryFromOrders(orders)).first()));
      System.out.printf(
          "spark round %d: customer_summary_from_stored_orders_seconds=%.2f%n",
          round, summary.seconds());
      requireSame("summary", summary.value(), expected);
      best = Math.min(best, summary.seconds());
    }
    FileUtils.deleteQuietly(folder.toFile());
    return best;
  }

  /** Exits with code 4, printing both answers, when Spark's answer is not DuckDB's. */
  private static void requireSame(String what, Object spark, Object duck) {
    if (!spark.equals(duck)) {
      System.out.println("spark  " + what + " " + spark + "\nduckdb " + what + " " + duck);
      System.exit(4);
    }
  }

  /** A value and the seconds it took to compute. */
  private record Timed<T>(T value, double seconds) {

    static <T> Timed<T> of(Supplier<T> computation) {
      long start = System.nanoTime();
      T value = computation.get();
      return new Timed<>(value, (System.nanoTime() - start) / 1e9);
    }
  }
}
