package dev.cohortlake.pipeline;

import dev.cohortlake.cohort.CustomerActivity;
import dev.cohortlake.run.JobResult;
import dev.cohortlake.run.JobRunner;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The jobs of the command line, each a {@link JobRunner.Job} composed from the actions: {@code
 * ingest}, {@code customers}, {@code cohorts}, {@code clv}, and {@code all}, the nightly sequence,
 * which builds the customer activity once and derives every table from it.
 */
public final class PipelineJobs {

  private PipelineJobs() {}

  public static JobResult ingest(SparkSession spark, RunContext run, Progress progress) {
    return new IngestAction(spark, run, progress).execute();
  }

  public static JobResult customers(SparkSession spark, RunContext run, Progress progress) {
    try (CustomerActivity activity = Pipelines.activity(spark, run, progress)) {
      return new CustomersAction(spark, run, progress, activity).execute();
    }
  }

  public static JobResult cohorts(SparkSession spark, RunContext run, Progress progress) {
    try (CustomerActivity activity = Pipelines.activity(spark, run, progress)) {
      return new CohortsAction(spark, run, progress, activity).execute();
    }
  }

  /** The CLV tables, from the activity at calibration end (the as-of date by default). */
  public static JobResult clv(SparkSession spark, RunContext run, Progress progress) {
    try (CustomerActivity activity =
        Pipelines.activity(spark, run, progress, ClvAction.calibrationEnd(run))) {
      return new ClvAction(spark, run, progress, activity).execute();
    }
  }

  /**
   * Ingests, then derives customers, the cohort tables and, when the calibration ends at the as-of
   * date, the CLV tables from one customer activity aggregate.
   */
  public static JobResult all(SparkSession spark, RunContext run, Progress progress) {
    JobResult ingest = ingest(spark, run, progress);
    try (CustomerActivity activity = Pipelines.activity(spark, run, progress)) {
      JobResult customers = new CustomersAction(spark, run, progress, activity).execute();
      JobResult cohorts = new CohortsAction(spark, run, progress, activity).execute();
      JobResult clv =
          ClvAction.calibrationEnd(run).equals(run.asOf())
              ? new ClvAction(spark, run, progress, activity).execute()
              : clv(spark, run, progress);
      return JobResult.combine("all", List.of(ingest, customers, cohorts, clv));
    }
  }
}
