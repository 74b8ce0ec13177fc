package dev.cohortlake.table;

import dev.cohortlake.run.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what a killed first write left at a table's location, so that the next run can create the
 * table. A process killed while it creates a Delta table leaves data files, and perhaps an empty
 * {@code _delta_log}, but no commit: no reader has ever seen those files, since Delta readers only
 * see committed files. Without this, every later create fails on a non-empty location.
 *
 * <p>Only such leftovers are removed: Parquet data files, their checksums, partition folders and a
 * {@code _delta_log} without a commit. A location holding anything else (a committed log, other
 * files) is never touched, and the run stops naming it.
 */
final class UncommittedLocation {

  private static final Logger LOG = LoggerFactory.getLogger(UncommittedLocation.class);
  private static final Pattern DATA_FILE = Pattern.compile("(part-.*\\.parquet|\\..*\\.crc)");
  private static final Pattern COMMIT = Pattern.compile("\\d{20}\\..*");
  private static final String LOG_FOLDER = "_delta_log";

  private UncommittedLocation() {}

  /** Removes the leftovers of an uncommitted create at {@code location}, if there are any. */
  static void clear(SparkSession spark, String table, String location) {
    try {
      FileSystem fs = new Path(location).getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path path = fs.makeQualified(new Path(location));
      if (!fs.exists(path)) {
        return;
      }
      long files = 0;
      RemoteIterator<LocatedFileStatus> all = fs.listFiles(path, true);
      while (all.hasNext()) {
        FileStatus file = all.next();
        if (!isLeftover(path, file.getPath())) {
          throw Errors.tableLocationNotEmpty(table, location, file.getPath().toString());
        }
        files++;
      }
      LOG.warn(
          "Table {} at {} has no committed version: removing {} files left by an interrupted"
              + " first write before creating it",
          table,
          location,
          files);
      fs.delete(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list table location " + location, e);
    }
  }

  private static boolean isLeftover(Path table, Path file) {
    boolean inLog =
        file.getParent() != null && file.getParent().getName().equals(LOG_FOLDER)
            || file.toString().contains("/" + LOG_FOLDER + "/");
    if (inLog) {
      return !COMMIT.matcher(file.getName()).matches();
    }
    if (!DATA_FILE.matcher(file.getName()).matches()) {
      return false;
    }
    for (Path folder = file.getParent(); !folder.equals(table); folder = folder.getParent()) {
      if (folder.getParent() == null || !folder.getName().contains("=")) {
        return false;
      }
    }
    return true;
  }
}
