package dev.cohortlake.jobs;

import dev.cohortlake.pipeline.IngestAction;
import dev.cohortlake.run.JobResult;
import dev.cohortlake.run.JobRunner;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code cohortlake ingest}: reads the dataset's source as its config maps it, quarantines bad rows
 * to {@code rejected_rows} with a reason, and replaces {@code orders}. Exit code 3 when more rows
 * are rejected than {@code quality.max-rejected-fraction} allows.
 */
public final class IngestJob implements JobRunner.Job {

  @Override
  public JobResult run(SparkSession spark, RunContext run, Progress progress) {
    return new IngestAction(spark, run, progress).execute();
  }
}
