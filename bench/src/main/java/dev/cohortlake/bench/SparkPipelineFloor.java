package dev.cohortlake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;

/**
 * How fast Spark itself writes what DuckDB's end-to-end peer ({@link DuckDbPipeline}) writes: the
 * same three statements in Spark SQL over the same Parquet files, each writing a Delta table that
 * the next one reads ({@code orders} partitioned by month, {@code customers}, {@code
 * cohort_monthly}), in one local[2] session, repeated so that the last rounds run in a warm JVM.
 * Nothing of Cohort Lake runs: no row accounting, no duplicate check, no quarantine, no caches.
 *
 * <p>It tells the end-to-end ratio's floor for this formulation apart from the product's: what
 * Spark and Delta cost for the same tables with none of the product's guarantees. The orders and
 * customers written are counted and checked equal to DuckDB's.
 *
 * <p>Arguments: the Parquet folder, the as-of date, the number of rounds (default 3) and the
 * shuffle partitions (default 4, as in {@code scripts/cohortlake}).
 */
public final class SparkPipelineFloor {

  private static final String ORDERS =
      """
      SELECT order_id, customer_id, min(order_ts) AS order_ts, CAST(min(order_ts) AS DATE) AS order_date,
             trunc(CAST(min(order_ts) AS DATE), 'MM') AS order_month, sum(amount) AS revenue,
             count(*) AS lines, min_by(country, order_ts) AS country, min_by(channel, order_ts) AS channel
      FROM parquet.`%s`
      WHERE customer_id IS NOT NULL AND order_ts IS NOT NULL AND order_id NOT LIKE 'C%%'
        AND CAST(order_ts AS DATE) <= DATE '%s'
      GROUP BY order_id, customer_id""";

  private static final String CUSTOMERS =
      """
      SELECT customer_id, trunc(min(order_date), 'MM') AS cohort_month,
             min(order_date) AS first_order_date, max(order_date) AS last_order_date,
             count(*) AS orders, count(DISTINCT order_date) AS purchase_days, sum(revenue) AS revenue,
             sum(revenue) / count(*) AS aov,
             min_by(revenue, struct(order_ts, order_id)) AS first_order_revenue,
             sum(revenue) - min_by(revenue, struct(order_ts, order_id)) AS repeat_revenue,
             datediff(DATE '%s', max(order_date)) AS days_since_last_order,
             min_by(country, struct(order_ts, order_id)) AS country,
             min_by(channel, struct(order_ts, order_id)) AS channel
      FROM delta.`%s`
      GROUP BY customer_id""";

  private static final String MONTHS =
      """
      SELECT o.customer_id, c.cohort_month, c.country, c.channel,
             CAST(months_between(trunc(o.order_date, 'MM'), c.cohort_month) AS INT) AS period,
             count(*) AS orders, sum(o.revenue) AS revenue
      FROM delta.`%1$s/orders` o JOIN delta.`%1$s/customers` c ON o.customer_id = c.customer_id
      GROUP BY ALL""";

  private SparkPipelineFloor() {}

  public static void main(String[] args) throws SQLException, IOException {
    String parquet = args[0];
    String asOf = args[1];
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    String shufflePartitions = args.length > 3 ? args[3] : "4";

    DuckDbPipeline.Result duck = DuckDbPipeline.run(parquet, asOf);
    System.out.printf(
        "duckdb pipeline_seconds=%.2f (%d orders, %d customers)%n",
        duck.seconds(), duck.orders(), duck.customers());

    SparkSession spark = BenchSpark.deltaSession();
    spark.conf().set("spark.sql.shuffle.partitions", shufflePartitions);
    double best = Double.MAX_VALUE;
    for (int round = 1; round <= rounds; round++) {
      Path out = Files.createTempDirectory("spark-pipeline");
      try {
        String orders = out.resolve("orders").toString();
        String customers = out.resolve("customers").toString();
        long start = System.nanoTime();
        spark
            .sql(String.format(ORDERS, parquet, asOf))
            .write()
            .format("delta")
            .partitionBy("order_month")
            .save(orders);
        double ordersSeconds = (System.nanoTime() - start) / 1e9;
        spark.sql(String.format(CUSTOMERS, asOf, orders)).write().format("delta").save(customers);
        double customersSeconds = (System.nanoTime() - start) / 1e9 - ordersSeconds;
        spark
            .sql(DuckDbPipeline.cohortMonthly(String.format(MONTHS, out)))
            .write()
            .format("delta")
            .save(out.resolve("cohort_monthly").toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        long orderCount = spark.read().format("delta").load(orders).count();
        long customerCount = spark.read().format("delta").load(customers).count();
        System.out.printf(
            "spark round %d: pipeline_seconds=%.2f (orders %.2f, customers %.2f, cohort_monthly"
                + " %.2f; %d orders, %d customers)%n",
            round,
            seconds,
            ordersSeconds,
            customersSeconds,
            seconds - ordersSeconds - customersSeconds,
            orderCount,
            customerCount);
        if (orderCount != duck.orders() || customerCount != duck.customers()) {
          System.out.println("spark and duckdb wrote different numbers of orders or customers");
          System.exit(4);
        }
        best = Math.min(best, seconds);
      } finally {
        FileUtils.deleteDirectory(out.toFile());
      }
    }
    spark.stop();
    System.out.printf(
        "best of %d rounds: spark %.2f s / duckdb %.2f s = %.1fx%n",
        rounds, best, duck.seconds(), best / duck.seconds());
  }
}
