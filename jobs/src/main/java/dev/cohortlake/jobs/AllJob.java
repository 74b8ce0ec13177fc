package dev.cohortlake.jobs;

import dev.cohortlake.cohort.CustomerActivity;
import dev.cohortlake.pipeline.ClvAction;
import dev.cohortlake.pipeline.CohortsAction;
import dev.cohortlake.pipeline.CustomersAction;
import dev.cohortlake.pipeline.IngestAction;
import dev.cohortlake.pipeline.Pipelines;
import dev.cohortlake.run.JobResult;
import dev.cohortlake.run.JobRunner;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * {@code cohortlake all}: the nightly sequence. Ingests, then builds the customer activity
 * aggregate once and derives customers, the cohort tables and, when the calibration ends at the
 * as-of date, the CLV tables from it.
 */
public final class AllJob implements JobRunner.Job {

  @Override
  public JobResult run(SparkSession spark, RunContext run, Progress progress) {
    JobResult ingest = new IngestAction(spark, run, progress).execute();
    try (CustomerActivity activity = Pipelines.activity(spark, run, progress)) {
      JobResult customers = new CustomersAction(spark, run, progress, activity).execute();
      JobResult cohorts = new CohortsAction(spark, run, progress, activity).execute();
      JobResult clv =
          ClvAction.calibrationEnd(run).equals(run.asOf())
              ? new ClvAction(spark, run, progress, activity).execute()
              : new ClvJob().run(spark, run, progress);
      return JobResult.combine("all", List.of(ingest, customers, cohorts, clv));
    }
  }
}
