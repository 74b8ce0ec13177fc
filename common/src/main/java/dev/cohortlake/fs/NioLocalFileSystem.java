package dev.cohortlake.fs;

import java.util.Map;
import org.apache.hadoop.fs.LocalFileSystem;

/**
 * Hadoop's local file system ({@code file:} paths, with checksum files) without a child process per
 * file written ({@link NioRawLocalFileSystem}), for the {@code FileSystem} API that Spark's writers
 * use. {@link NioLocalFs} is the same for the {@code FileContext} API that Delta's log store
 * commits through.
 */
public final class NioLocalFileSystem extends LocalFileSystem {

  public NioLocalFileSystem() {
    super(new NioRawLocalFileSystem());
  }

  /**
   * The Spark settings that make a session use both classes for {@code file:} paths; other schemes
   * (s3a, abfss, hdfs) are unaffected.
   */
  public static Map<String, String> sparkSettings() {
    return Map.of(
        "spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName(),
        "spark.hadoop.fs.AbstractFileSystem.file.impl", NioLocalFs.class.getName());
  }
}
