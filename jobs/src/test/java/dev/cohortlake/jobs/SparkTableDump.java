package dev.cohortlake.jobs;

import dev.cohortlake.config.CatalogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What Spark reads from a Delta table, as JSON lines, in the CLI's own session: the reference the
 * reader module's test (which has no Spark on its classpath) compares Delta Kernel's rows with, run
 * in a child JVM.
 *
 * <p>Usage: {@code SparkTableDump TABLE_PATH VERSION OUTPUT_FILE}.
 */
public final class SparkTableDump {

  private SparkTableDump() {}

  public static void main(String[] args) throws IOException {
    SparkSession spark = SparkSessions.create(CatalogConfig.off());
    try {
      Dataset<Row> table =
          spark.read().format("delta").option("versionAsOf", args[1]).load(args[0]);
      Files.write(Path.of(args[2]), table.toJSON().collectAsList());
    } finally {
      spark.stop();
    }
  }
}
