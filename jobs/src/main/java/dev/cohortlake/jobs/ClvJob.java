package dev.cohortlake.jobs;

import dev.cohortlake.cohort.CustomerActivity;
import dev.cohortlake.pipeline.ClvAction;
import dev.cohortlake.pipeline.Pipelines;
import dev.cohortlake.run.JobResult;
import dev.cohortlake.run.JobRunner;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code cohortlake clv}: fits BG/NBD, Pareto/NBD, MBG/NBD and Gamma-Gamma on the customers'
 * purchase histories up to the calibration end and writes {@code clv_customer} and {@code
 * clv_model}; with {@code clv.holdout-end}, also {@code clv_validation} and {@code clv_tracking}.
 */
public final class ClvJob implements JobRunner.Job {

  @Override
  public JobResult run(SparkSession spark, RunContext run, Progress progress) {
    try (CustomerActivity activity =
        Pipelines.activity(spark, run, progress, ClvAction.calibrationEnd(run))) {
      return new ClvAction(spark, run, progress, activity).execute();
    }
  }
}
