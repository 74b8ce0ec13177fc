package dev.cohortlake.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.cohortlake.cohort.CustomerActivity;
import dev.cohortlake.cohort.CustomersTableBuilder;
import dev.cohortlake.run.JobResult;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import dev.cohortlake.table.TableWrite;
import dev.cohortlake.table.Tables;
import java.sql.Date;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the customers snapshot for the run's as-of date, replacing an earlier one of that date.
 * The customers gates ({@code max-negative-revenue-share}, {@code max-customer-drop}) are checked
 * first, when configured, so a failed gate writes nothing.
 */
public final class CustomersAction extends BaseAction {

  private final CustomerActivity activity;

  public CustomersAction(
      SparkSession spark, RunContext run, Progress progress, CustomerActivity activity) {
    super(spark, run, progress);
    this.activity = activity;
  }

  @Override
  public JobResult execute() {
    Dataset<Row> snapshot = CustomersTableBuilder.build(activity, run.runId());
    if (gates.checksCustomers()) {
      progress.stage(
          "customers: check quality gates",
          () -> {
            gates.negativeRevenueShare(
                snapshot.filter(col("revenue").lt(0)).count(), activity.customerCount());
            previousSnapshot()
                .ifPresent(
                    previous ->
                        gates.customerDrop(
                            previous.getLong(1),
                            previous.getDate(0).toLocalDate(),
                            activity.customerCount()));
            return null;
          });
    }
    TableWrite customers =
        progress.stage(
            "customers: write customers",
            () ->
                warehouse.replaceWhere(
                    Tables.CUSTOMERS.withSegmentColumns(activity.segments()),
                    snapshot,
                    asOfPredicate()),
            TableWrite::rows);
    return JobResult.of("customers", List.of(customers));
  }

  /** The latest snapshot before this run's as-of date: its date and customer count. */
  private Optional<Row> previousSnapshot() {
    if (!warehouse.exists(Tables.CUSTOMERS)) {
      return Optional.empty();
    }
    List<Row> latest =
        warehouse
            .read(Tables.CUSTOMERS, "customers")
            .filter(col("as_of_date").lt(lit(Date.valueOf(run.asOf()))))
            .groupBy("as_of_date")
            .count()
            .orderBy(col("as_of_date").desc())
            .limit(1)
            .collectAsList();
    return latest.stream().findFirst();
  }
}
