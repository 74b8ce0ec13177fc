package dev.cohortlake.pipeline;

import dev.cohortlake.cohort.CustomerActivity;
import dev.cohortlake.config.CohortLakeConfig;
import dev.cohortlake.run.Errors;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import dev.cohortlake.table.Tables;
import dev.cohortlake.table.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What the actions share: the warehouse of a config and the activity pre-aggregate of a run. */
public final class Pipelines {

  private Pipelines() {}

  /** The run's warehouse: every commit it makes is recorded in the run's ledger. */
  public static Warehouse warehouse(SparkSession spark, RunContext run) {
    return new Warehouse(spark, run.config()::tablePath, run.ledger()::committed);
  }

  /**
   * Rolls the orders table up for the run's as-of date; the caller closes the result.
   *
   * @throws dev.cohortlake.run.CohortLakeException when orders is missing or has no sale by then
   */
  public static CustomerActivity activity(SparkSession spark, RunContext run, Progress progress) {
    return activity(spark, run, progress, run.asOf());
  }

  /** Rolls the orders table up to {@code end}; the caller closes the result. */
  public static CustomerActivity activity(
      SparkSession spark, RunContext run, Progress progress, LocalDate end) {
    CohortLakeConfig config = run.config();
    Dataset<Row> orders = warehouse(spark, run).read(Tables.ORDERS, "ingest");
    CustomerActivity activity =
        progress.stage(
            "activity: roll up orders",
            () ->
                CustomerActivity.fromOrders(
                    orders, end, config.mapping().segmentNames(), config.mapping().hasRevenue()),
            CustomerActivity::customerCount);
    if (activity.customerCount() == 0) {
      activity.close();
      throw Errors.noOrdersBefore(end.toString());
    }
    return activity;
  }

  static void requireUtcSession(SparkSession spark) {
    String zone = spark.conf().get("spark.sql.session.timeZone");
    if (!zone.equals("UTC") && !zone.equals("Etc/UTC")) {
      throw new IllegalStateException(
          "Cohort Lake needs spark.sql.session.timeZone=UTC (it is "
              + zone
              + "); source wall-clock times are converted with cohortlake.source.timezone");
    }
  }
}
