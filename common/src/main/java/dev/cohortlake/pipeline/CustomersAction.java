package dev.cohortlake.pipeline;

import dev.cohortlake.cohort.CustomerActivity;
import dev.cohortlake.cohort.CustomersTableBuilder;
import dev.cohortlake.run.JobResult;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import dev.cohortlake.table.TableWrite;
import dev.cohortlake.table.Tables;
import dev.cohortlake.table.Warehouse;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Writes the customers snapshot for the run's as-of date, replacing an earlier one of that date. */
public final class CustomersAction {

  private final RunContext run;
  private final Progress progress;
  private final Warehouse warehouse;
  private final CustomerActivity activity;

  public CustomersAction(SparkSession spark, RunContext run, Progress progress, CustomerActivity activity) {
    this.run = run;
    this.progress = progress;
    this.warehouse = Pipelines.warehouse(spark, run.config());
    this.activity = activity;
  }

  public JobResult execute() {
    TableWrite customers = progress.stage("customers: write customers",
        () -> warehouse.replaceWhere(Tables.CUSTOMERS.withSegmentColumns(activity.segments()),
            CustomersTableBuilder.build(activity, run.runId()), Pipelines.asOfPredicate(run)),
        TableWrite::rows);
    return JobResult.of("customers", List.of(customers));
  }
}
