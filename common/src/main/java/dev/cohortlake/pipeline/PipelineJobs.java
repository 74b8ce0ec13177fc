package dev.cohortlake.pipeline;

import dev.cohortlake.cohort.CustomerActivity;
import dev.cohortlake.config.CatalogConfig;
import dev.cohortlake.run.JobResult;
import dev.cohortlake.run.JobRunner;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import dev.cohortlake.table.Tables;
import dev.cohortlake.table.WarehouseCatalog;
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

  /** OPTIMIZE and VACUUM every table, keeping the latest runs' versions readable. */
  public static JobResult maintain(SparkSession spark, RunContext run, Progress progress) {
    return new MaintainAction(spark, run, progress).execute();
  }

  /** The HTML report of the as-of date, from the tables already written. */
  public static JobResult report(SparkSession spark, RunContext run, Progress progress) {
    return new ReportAction(spark, run, progress).execute();
  }

  /**
   * {@code job}, then, with {@code catalog.enabled}, the registration of the warehouse's tables and
   * the BI views in the catalog ({@link WarehouseCatalog}) as the job's last step: a run that fails
   * before it leaves the catalog as it was.
   */
  public static JobRunner.Job cataloged(JobRunner.Job job) {
    return (spark, run, progress) -> {
      JobResult result = job.run(spark, run, progress);
      CatalogConfig catalog = run.config().catalog();
      if (catalog.enabled()) {
        WarehouseCatalog warehouseCatalog =
            new WarehouseCatalog(spark, Pipelines.warehouse(spark, run), catalog.database());
        progress.stage(
            "catalog: register tables and views in " + catalog.database(),
            () -> warehouseCatalog.publish(Tables.ALL),
            List::size);
      }
      return result;
    };
  }

  /**
   * Ingests, then derives customers, the cohort tables and, when the calibration ends at the as-of
   * date, the CLV tables from one customer activity aggregate; then, with {@code report.enabled},
   * the report.
   */
  public static JobResult all(SparkSession spark, RunContext run, Progress progress) {
    CustomerActivity built;
    JobResult ingest;
    // The orders a source read whole was replaced with are walked as ingest merged them, from the
    // cleaned lines it holds in memory, which are then released.
    try (IngestAction.Ingested ingested =
        new IngestAction(spark, run, progress).executeKeepingOrders()) {
      ingest = ingested.result();
      built = Pipelines.activity(spark, run, progress, run.asOf(), ingested.orders());
    }
    try (CustomerActivity activity = built) {
      JobResult customers = new CustomersAction(spark, run, progress, activity).execute();
      JobResult cohorts = new CohortsAction(spark, run, progress, activity).execute();
      JobResult clv =
          ClvAction.calibrationEnd(run).equals(run.asOf())
              ? new ClvAction(spark, run, progress, activity).execute()
              : clv(spark, run, progress);
      JobResult tables = JobResult.combine("all", List.of(ingest, customers, cohorts, clv));
      if (run.config().report().enabled()) {
        report(spark, run, progress);
      }
      return tables;
    }
  }
}
