package dev.cohortlake.run;

import dev.cohortlake.table.TableWrite;
import dev.cohortlake.table.Warehouse;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one job for a {@link RunContext}: takes the warehouse lock, stamps the run id on every Delta
 * commit, reports progress and stage timings, appends a run_log row whether the job succeeds or
 * fails, and prints the closing summary table.
 *
 * <p>Any failure reaches the caller as a {@link CohortLakeException} that keeps its cause and says
 * which tables the run had committed; a failure to write the failed run_log row is attached to it
 * as suppressed, never in its place.
 */
public final class JobRunner {

  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  /** The logging-context key of the run id, for log patterns ({@code %X{run_id}}). */
  public static final String RUN_ID_KEY = "run_id";

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
    Warehouse warehouse = new Warehouse(spark, run.config()::tablePath, write -> {});
    RunLog runLog = new RunLog(spark, warehouse);
    progress
        .out()
        .printf(
            "cohortlake %s  run %s  as-of %s  dataset %s%n",
            run.job(), run.runId(), run.asOf(), run.config().dataset());
    MDC.put(RUN_ID_KEY, run.runId());
    try (WarehouseLock lock =
        WarehouseLock.acquire(
            spark.sparkContext().hadoopConfiguration(), run.config().tablePath(""), run)) {
      lock.takenOverFrom()
          .ifPresent(
              dead -> {
                progress
                    .out()
                    .printf(
                        "  run %s died holding the warehouse lock; recorded as interrupted%n",
                        dead.runId());
                runLog.interrupted(dead, run.runId());
              });
      LOG.info("Run {} ({}, as of {}) started", run.runId(), run.job(), run.asOf());
      JobResult result = runLogged(run, job, runLog);
      TableWrite logged = runLog.succeeded(run, result, progress.stageSeconds());
      LOG.info("Run {} succeeded", run.runId());
      printSummary(run, result, logged, (System.nanoTime() - started) / 1e9);
      return result;
    } finally {
      MDC.remove(RUN_ID_KEY);
    }
  }

  private JobResult runLogged(RunContext run, Job job, RunLog runLog) {
    spark.conf().set(RunLog.COMMIT_RUN_ID, run.runId());
    try {
      return job.run(spark, run, progress);
    } catch (Exception e) {
      // Exception, not RuntimeException: Spark throws checked exceptions (AnalysisException,
      // SparkException) through Scala code that does not declare them.
      CohortLakeException failure =
          Errors.committedBefore(
              e instanceof CohortLakeException known ? known : Errors.jobFailed(run.job(), e),
              run.ledger().versions());
      // At INFO: the command line prints the message, then the details, on the console.
      LOG.info("Run {} failed: {}", run.runId(), Errors.withCauses(failure));
      try {
        runLog.failed(run, failure, progress.stageSeconds());
      } catch (RuntimeException logFailure) {
        LOG.error("Run {}: the failed run_log row could not be written", run.runId(), logFailure);
        failure.addSuppressed(logFailure);
      }
      throw failure;
    } finally {
      spark.conf().unset(RunLog.COMMIT_RUN_ID);
    }
  }

  private void printSummary(RunContext run, JobResult result, TableWrite logged, double seconds) {
    var out = progress.out();
    out.println();
    out.printf("  %-20s %15s %9s  %s%n", "table", "rows written", "version", "path");
    for (TableWrite write : run.ledger().commits()) {
      out.printf(
          "  %-20s %,15d %9d  %s%n", write.table(), write.rows(), write.version(), write.path());
    }
    out.printf(
        "  %-20s %,15d %9d  %s%n", logged.table(), logged.rows(), logged.version(), logged.path());
    result
        .rowCounts()
        .ifPresent(
            c -> {
              out.printf(
                  "%n  rows read %,d = kept %,d + rejected %,d%n",
                  c.read(), c.kept(), c.rejected());
              for (Map.Entry<String, Long> reason : c.rejectedByReason().entrySet()) {
                out.printf("    %-28s %,12d%n", reason.getKey(), reason.getValue());
              }
            });
    double staged =
        progress.stageSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
    out.printf(
        "%n  %s succeeded in %.1f s (%.1f s in the stages above); warehouse: %s%n",
        run.job(), seconds, staged, run.config().tablePath(""));
    out.flush();
  }
}
