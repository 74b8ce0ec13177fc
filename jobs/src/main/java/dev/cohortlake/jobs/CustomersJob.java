package dev.cohortlake.jobs;

import dev.cohortlake.cohort.CustomerActivity;
import dev.cohortlake.pipeline.CustomersAction;
import dev.cohortlake.pipeline.Pipelines;
import dev.cohortlake.run.JobResult;
import dev.cohortlake.run.JobRunner;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code cohortlake customers}: writes the {@code customers} snapshot for {@code --as-of} from the
 * {@code orders} table (first and last order, counts, revenue, average order value).
 */
public final class CustomersJob implements JobRunner.Job {

  @Override
  public JobResult run(SparkSession spark, RunContext run, Progress progress) {
    try (CustomerActivity activity = Pipelines.activity(spark, run, progress)) {
      return new CustomersAction(spark, run, progress, activity).execute();
    }
  }
}
