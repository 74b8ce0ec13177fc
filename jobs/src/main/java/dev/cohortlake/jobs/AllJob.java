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
import dev.cohortlake.run.SideBySide;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * {@code cohortlake all}: the nightly sequence. Ingests, then builds the customer activity
 * aggregate once and derives customers, the cohort tables and, when the calibration ends at the
 * as-of date, the CLV tables from it. The three derivations write different tables from the
 * cached aggregate, so they run side by side.
 */
public final class AllJob implements JobRunner.Job {

  @Override
  public JobResult run(SparkSession spark, RunContext run, Progress progress) {
    List<JobResult> results = new ArrayList<>();
    results.add(new IngestAction(spark, run, progress).execute());
    try (CustomerActivity activity = Pipelines.activity(spark, run)) {
      progress.stage("activity: aggregate by customer", activity::materialize, Long::longValue);
      results.addAll(SideBySide.run(List.of(
          () -> new CustomersAction(spark, run, progress, activity).execute(),
          () -> new CohortsAction(spark, run, progress, activity).execute(),
          () -> ClvAction.calibrationEnd(run).equals(run.asOf())
              ? new ClvAction(spark, run, progress, activity).execute()
              : new ClvJob().run(spark, run, progress))));
    }
    return JobResult.combine("all", results);
  }
}
