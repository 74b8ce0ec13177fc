package dev.cohortlake.jobs;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the one SparkSession of a command-line run: Delta Lake enabled, UTC session time,
 * partitioned writes without a sort, and {@code local[*]} when no master was given (spark-submit
 * sets one on a cluster).
 */
final class SparkSessions {

  /**
   * Partitioned tables (orders by month, customers by cohort month, clv_customer by as-of date) are
   * written with one open file per partition value in each task, up to this many, instead of
   * sorting every row by its partition first; past the limit Spark sorts the remaining rows.
   */
  private static final String MAX_CONCURRENT_WRITERS = "spark.sql.maxConcurrentOutputFileWriters";

  private SparkSessions() {}

  static SparkSession create() {
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder()
        .appName("cohortlake")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config(MAX_CONCURRENT_WRITERS, conf.get(MAX_CONCURRENT_WRITERS, "128"));
    if (!conf.contains("spark.master")) {
      builder = builder.master("local[*]")
          .config("spark.sql.shuffle.partitions", conf.get("spark.sql.shuffle.partitions", "4"))
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.databricks.delta.snapshotPartitions", conf.get("spark.databricks.delta.snapshotPartitions", "2"));
    }
    return builder.getOrCreate();
  }
}
