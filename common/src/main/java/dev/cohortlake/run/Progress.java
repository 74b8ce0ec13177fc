package dev.cohortlake.run;

import java.io.PrintStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the named stages of a job: labels their Spark jobs (so the Spark UI reads like the
 * pipeline), prints one progress line per stage (stage, rows, elapsed) on the console, logs its
 * start and end at INFO (with the run id, from the logging context {@link JobRunner} sets) and
 * keeps the stage times for the summary and run_log.
 */
public final class Progress {

  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

  private final SparkSession spark;
  private final PrintStream out;
  private final Map<String, Double> stageSeconds = new LinkedHashMap<>();

  public Progress(SparkSession spark, PrintStream out) {
    this.spark = spark;
    this.out = out;
  }

  /** Runs a stage whose result has no row count. */
  public <T> T stage(String name, Supplier<T> work) {
    return stage(name, work, null);
  }

  /** Runs a stage and reports the rows of its result. */
  public <T> T stage(String name, Supplier<T> work, ToLongFunction<T> rows) {
    spark.sparkContext().setJobDescription(name);
    LOG.info("Stage '{}' started", name);
    long start = System.nanoTime();
    try {
      T result = work.get();
      double seconds = (System.nanoTime() - start) / 1e9;
      stageSeconds.merge(name, seconds, Double::sum);
      String count = rows == null ? "" : String.format("%,15d rows", rows.applyAsLong(result));
      LOG.info(
          "Stage '{}' finished in {} s{}",
          name,
          String.format("%.1f", seconds),
          count.isEmpty() ? "" : ", " + count.strip());
      out.printf("  %-34s %20s %8.1f s%n", name, count, seconds);
      out.flush();
      return result;
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
  }

  /** Elapsed seconds per stage, in the order the stages ran. */
  public Map<String, Double> stageSeconds() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(stageSeconds));
  }

  public PrintStream out() {
    return out;
  }
}
