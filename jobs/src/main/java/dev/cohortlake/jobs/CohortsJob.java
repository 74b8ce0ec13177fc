package dev.cohortlake.jobs;

import dev.cohortlake.cohort.CustomerActivity;
import dev.cohortlake.pipeline.CohortsAction;
import dev.cohortlake.pipeline.Pipelines;
import dev.cohortlake.run.JobResult;
import dev.cohortlake.run.JobRunner;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code cohortlake cohorts}: writes {@code cohort_monthly}, {@code retention_curve} and {@code
 * retention_monthly} for {@code --as-of} from the {@code orders} table.
 */
public final class CohortsJob implements JobRunner.Job {

  @Override
  public JobResult run(SparkSession spark, RunContext run, Progress progress) {
    try (CustomerActivity activity = Pipelines.activity(spark, run, progress)) {
      return new CohortsAction(spark, run, progress, activity).execute();
    }
  }
}
