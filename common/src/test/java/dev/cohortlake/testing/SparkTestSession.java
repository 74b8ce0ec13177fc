package dev.cohortlake.testing;

import dev.cohortlake.fs.NioLocalFileSystem;
import java.util.Locale;
import java.util.TimeZone;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: {@code local[2]}, two shuffle partitions, no UI, loopback
 * host, UTC and an English locale, Delta Lake enabled, local files written as the command line
 * writes them ({@link NioLocalFileSystem}). Created on first use, stopped at JVM exit.
 */
public final class SparkTestSession {

  private static SparkSession session;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
      Locale.setDefault(Locale.US);
      SparkSession.Builder builder =
          SparkSession.builder()
              .master("local[2]")
              .appName("cohortlake-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.default.parallelism", "2")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
              .config(
                  "spark.sql.catalog.spark_catalog",
                  "org.apache.spark.sql.delta.catalog.DeltaCatalog")
              .config("spark.databricks.delta.snapshotPartitions", "2");
      NioLocalFileSystem.sparkSettings().forEach(builder::config);
      session = builder.getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }
}
