package dev.cohortlake.table;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Delta operations of the {@code maintain} job on one table: OPTIMIZE (compaction, optionally
 * Z-ordered by customer id), VACUUM and its dry run, and the data files a version reads, to tell
 * whether time travel to it still works.
 */
public final class TableMaintenance {

  private static final String RETENTION_CHECK =
      "spark.databricks.delta.retentionDurationCheck.enabled";

  /**
   * Tasks of VACUUM's file listing: Delta's default of 200 for its own setting, and Spark's 10,000
   * for partition discovery, which VACUUM also uses, cost minutes per table on two cores even for a
   * table of a few files (delta-io/delta#395, #886). Sized to the cluster's parallelism instead,
   * unless given.
   */
  private static final List<String> LISTING_PARALLELISM =
      List.of(
          "spark.databricks.delta.vacuum.fileListing.parallelism",
          "spark.sql.sources.parallelPartitionDiscovery.parallelism");

  private final SparkSession spark;
  private final int retentionHours;
  private final boolean shortRetention;

  /**
   * @param retentionHours how long VACUUM keeps files no current version needs
   * @param safeHours Delta's floor; a shorter retention turns Delta's own check off while it runs
   */
  public TableMaintenance(SparkSession spark, int retentionHours, int safeHours) {
    this.spark = spark;
    this.retentionHours = retentionHours;
    this.shortRetention = retentionHours < safeHours;
  }

  /** What OPTIMIZE did to a table. */
  public record Compaction(long filesRemoved, long filesAdded) {}

  /** Compacts the table's small files, clustering them by customer_id when {@code zOrder}. */
  public Compaction optimize(String path, boolean zOrder) {
    var optimize = DeltaTable.forPath(spark, path).optimize();
    Row metrics =
        (zOrder ? optimize.executeZOrderBy("customer_id") : optimize.executeCompaction())
            .select("metrics.numFilesRemoved", "metrics.numFilesAdded")
            .first();
    return new Compaction(metrics.getLong(0), metrics.getLong(1));
  }

  /** The files VACUUM would delete now, as paths without a scheme. */
  public Set<String> vacuumCandidates(String path) {
    return withVacuumSettings(
        () ->
            spark
                .sql("VACUUM delta.`" + path + "` RETAIN " + retentionHours + " HOURS DRY RUN")
                .select("path")
                .as(Encoders.STRING())
                .collectAsList()
                .stream()
                .map(TableMaintenance::plain)
                .collect(Collectors.toSet()));
  }

  /** Deletes the files no version within the retention needs. */
  public void vacuum(String path) {
    withVacuumSettings(
        () -> {
          DeltaTable.forPath(spark, path).vacuum(retentionHours);
          return null;
        });
  }

  /** The data files version {@code version} of the table reads, as paths without a scheme. */
  public Set<String> filesOf(String path, long version) {
    String[] files =
        spark.read().format("delta").option("versionAsOf", version).load(path).inputFiles();
    return Arrays.stream(files).map(TableMaintenance::plain).collect(Collectors.toSet());
  }

  /** Those of a version's {@code files} that are gone: time travel to it would fail. */
  public List<String> missingFiles(String path, Set<String> files) {
    Set<String> missing = new HashSet<>();
    try {
      FileSystem fs = new Path(path).getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (String file : files) {
        if (!fs.exists(new Path(file))) {
          missing.add(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return missing.stream().sorted().toList();
  }

  /**
   * Runs a VACUUM with the listing sized to the cluster and, for a short retention, Delta's check
   * off.
   */
  private <T> T withVacuumSettings(Supplier<T> work) {
    List<String> sized =
        LISTING_PARALLELISM.stream().filter(key -> !spark.conf().contains(key)).toList();
    String parallelism = String.valueOf(spark.sparkContext().defaultParallelism());
    sized.forEach(key -> spark.conf().set(key, parallelism));
    if (shortRetention) {
      spark.conf().set(RETENTION_CHECK, "false");
    }
    try {
      return work.get();
    } finally {
      sized.forEach(key -> spark.conf().unset(key));
      if (shortRetention) {
        spark.conf().unset(RETENTION_CHECK);
      }
    }
  }

  private static String plain(String file) {
    return new Path(file).toUri().getPath();
  }
}
