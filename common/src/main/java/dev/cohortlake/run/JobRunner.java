package dev.cohortlake.run;

import dev.cohortlake.table.TableWrite;
import dev.cohortlake.table.Warehouse;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Runs one job for a {@link RunContext}: progress and stage timings, a run_log row whether the
 * job succeeds or fails, and the closing summary table.
 */
public final class JobRunner {

  /** The work of a job, given its session, run and progress reporter. */
  @FunctionalInterface
  public interface Job {
    JobResult run(SparkSession spark, RunContext run, Progress progress);
  }

  private final SparkSession spark;
  private final Progress progress;

  public JobRunner(SparkSession spark, Progress progress) {
    this.spark = spark;
    this.progress = progress;
  }

  /**
   * Runs the job and logs it.
   *
   * @throws CohortLakeException with the exit code for the scheduler when the job fails
   */
  public JobResult run(RunContext run, Job job) {
    long started = System.nanoTime();
    Warehouse warehouse = new Warehouse(spark, run.config()::tablePath);
    RunLog runLog = new RunLog(spark, warehouse);
    progress.out().printf("cohortlake %s  run %s  as-of %s  dataset %s%n", run.job(), run.runId(),
        run.asOf(), run.config().dataset());
    JobResult result;
    try {
      result = job.run(spark, run, progress);
    } catch (RuntimeException e) {
      CohortLakeException failure = e instanceof CohortLakeException cle ? cle : Errors.jobFailed(run.job(), e);
      runLog.failed(run, failure, progress.stageSeconds());
      throw failure;
    }
    TableWrite logged = runLog.succeeded(run, result, progress.stageSeconds());
    printSummary(run, result, logged, (System.nanoTime() - started) / 1e9);
    return result;
  }

  private void printSummary(RunContext run, JobResult result, TableWrite logged, double seconds) {
    var out = progress.out();
    out.println();
    out.printf("  %-20s %15s %9s  %s%n", "table", "rows written", "version", "path");
    for (TableWrite write : result.writes()) {
      out.printf("  %-20s %,15d %9d  %s%n", write.table(), write.rows(), write.version(), write.path());
    }
    out.printf("  %-20s %,15d %9d  %s%n", logged.table(), logged.rows(), logged.version(), logged.path());
    result.rowCounts().ifPresent(c -> {
      out.printf("%n  rows read %,d = kept %,d + rejected %,d%n", c.read(), c.kept(), c.rejected());
      for (Map.Entry<String, Long> reason : c.rejectedByReason().entrySet()) {
        out.printf("    %-28s %,12d%n", reason.getKey(), reason.getValue());
      }
    });
    double staged = progress.stageSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
    out.printf("%n  %s succeeded in %.1f s (%.1f s in the stages above); warehouse: %s%n", run.job(),
        seconds, staged, run.config().tablePath(""));
    out.flush();
  }
}
