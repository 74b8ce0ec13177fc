package dev.cohortlake.jobs;

import dev.cohortlake.config.CohortLakeConfig;
import dev.cohortlake.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Runs SQL statements as a Spark SQL user of the catalog would: in the CLI's own session with
 * {@code catalog.enabled} over a warehouse, writing each statement's rows as JSON lines to {@code
 * OUTPUT_DIR/<n>.json}. Run in a child JVM, since the embedded metastore admits one JVM at a time
 * and the test JVM's session has no Hive support.
 *
 * <p>Usage: {@code CatalogSql WAREHOUSE OUTPUT_DIR STATEMENT...}.
 */
public final class CatalogSql {

  private CatalogSql() {}

  public static void main(String[] args) throws IOException {
    CohortLakeConfig config =
        ConfigLoader.load(
            CohortLakeCli.DEFAULT_CONFIG,
            List.of("catalog.enabled=true", "warehouse.root=" + args[0]));
    SparkSession spark = SparkSessions.create(config.catalog());
    try {
      for (int i = 2; i < args.length; i++) {
        Files.write(
            Path.of(args[1], (i - 2) + ".json"), spark.sql(args[i]).toJSON().collectAsList());
      }
    } finally {
      spark.stop();
    }
  }
}
