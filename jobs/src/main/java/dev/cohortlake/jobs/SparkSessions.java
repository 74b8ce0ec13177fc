package dev.cohortlake.jobs;

import dev.cohortlake.config.CatalogConfig;
import dev.cohortlake.fs.NioLocalFileSystem;
import dev.cohortlake.table.WarehouseCatalog;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the one SparkSession of a command-line run: Delta Lake enabled, UTC session time, an
 * uncompressed cache and, for a local master only, local files written without a {@code chmod}
 * process per file ({@link NioLocalFileSystem}); {@code local[*]} with partition counts for a small
 * machine when no master was given (spark-submit sets one on a cluster). The cache, file system and
 * partition settings yield to values given with {@code --conf} or a {@code -Dspark.*} property.
 * With {@code catalog.enabled}, Hive support and the config's metastore.
 */
final class SparkSessions {

  private SparkSessions() {}

  static SparkSession create(CatalogConfig catalog) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName("cohortlake")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.sql.session.timeZone", "UTC");
    // The cleaned lines and the activity roll-ups are cached once and read a few times each:
    // compressing the columnar cache cost more than it saved (10M lines: customers stage 88-94 s
    // compressed, 78-79 s not; bench/RESULTS.md).
    unlessGiven(builder, conf, "spark.sql.inMemoryColumnarStorage.compressed", "false");
    if (!conf.contains("spark.master")) {
      builder.master("local[*]").config("spark.ui.showConsoleProgress", "false");
      unlessGiven(builder, conf, "spark.sql.shuffle.partitions", "4");
      unlessGiven(builder, conf, "spark.databricks.delta.snapshotPartitions", "2");
    }
    // Settings for one machine only: on a cluster the executors' file system and partition
    // counts come from the cluster's own configuration and --conf.
    if (conf.get("spark.master", "local").startsWith("local")) {
      NioLocalFileSystem.sparkSettings()
          .forEach((key, value) -> unlessGiven(builder, conf, key, value));
    }
    // The catalog (Hive support and its metastore) is chosen when the session is built.
    WarehouseCatalog.sparkSettings(catalog)
        .forEach((key, value) -> unlessGiven(builder, conf, key, value));
    return builder.getOrCreate();
  }

  /** Sets {@code key} to {@code value} unless the run gave it with --conf or -Dspark.*. */
  private static void unlessGiven(
      SparkSession.Builder builder, SparkConf conf, String key, String value) {
    builder.config(key, conf.get(key, value));
  }
}
