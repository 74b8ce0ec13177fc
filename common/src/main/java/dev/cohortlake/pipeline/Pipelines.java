package dev.cohortlake.pipeline;

import static org.apache.spark.sql.functions.max;

import dev.cohortlake.cohort.CustomerActivity;
import dev.cohortlake.cohort.CustomerState;
import dev.cohortlake.config.CohortLakeConfig;
import dev.cohortlake.run.Errors;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import dev.cohortlake.table.TableWrite;
import dev.cohortlake.table.Tables;
import dev.cohortlake.table.Warehouse;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
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

  /**
   * Rolls the orders table up to {@code end}; the caller closes the result. For a source whose runs
   * merge new orders into orders, and when no order is dated after {@code end}, the roll-up is
   * customer_state, first brought up to the newest orders ({@link CustomerState}); otherwise the
   * orders up to {@code end} are passed whole (a source read whole replaces orders each run, so
   * state kept between runs would be rebuilt every time).
   */
  public static CustomerActivity activity(
      SparkSession spark, RunContext run, Progress progress, LocalDate end) {
    return activity(spark, run, progress, end, Optional.empty());
  }

  /**
   * As {@link #activity(SparkSession, RunContext, Progress, LocalDate)}, but with the orders this
   * run's ingest has just written ({@link IngestAction#executeKeepingOrders}), when there are any,
   * walked as ingest merged them instead of read back from the table.
   */
  public static CustomerActivity activity(
      SparkSession spark,
      RunContext run,
      Progress progress,
      LocalDate end,
      Optional<Dataset<Row>> ingestedOrders) {
    CohortLakeConfig config = run.config();
    List<String> segments = config.mapping().segmentNames();
    boolean hasRevenue = config.mapping().hasRevenue();
    CustomerActivity activity =
        ingestedOrders.isPresent()
            ? progress.stage(
                "activity: walk the ingested orders",
                () ->
                    CustomerActivity.fromMergedOrders(
                        ingestedOrders.get(), end, segments, hasRevenue),
                CustomerActivity::customerCount)
            : fromTables(spark, run, progress, end, segments, hasRevenue);
    if (activity.customerCount() == 0) {
      activity.close();
      throw Errors.noOrdersBefore(end.toString());
    }
    return activity;
  }

  /** The activity from customer_state or from the orders table, as the source's runs allow. */
  private static CustomerActivity fromTables(
      SparkSession spark,
      RunContext run,
      Progress progress,
      LocalDate end,
      List<String> segments,
      boolean hasRevenue) {
    Warehouse warehouse = warehouse(spark, run);
    Dataset<Row> orders = warehouse.read(Tables.ORDERS, "ingest");
    CustomerState state = new CustomerState(spark, warehouse, segments);
    // Rows written to customer_state; empty when the state is not used.
    OptionalLong stateWrite =
        run.config().source().mergesNewOrders()
            ? updateState(state, orders, end, run, progress)
            : OptionalLong.empty();
    return stateWrite.isPresent()
        ? progress.stage(
            "activity: read customer_state",
            () -> CustomerActivity.of(state.read(), end, segments, hasRevenue),
            CustomerActivity::customerCount)
        : progress.stage(
            "activity: roll up orders",
            () -> CustomerActivity.fromOrders(orders, end, segments, hasRevenue),
            CustomerActivity::customerCount);
  }

  /**
   * Brings customer_state up to the newest orders, as a timed stage; returns the rows written, or
   * empty when an order dated after {@code end} leaves the state unused.
   */
  private static OptionalLong updateState(
      CustomerState state, Dataset<Row> orders, LocalDate end, RunContext run, Progress progress) {
    return progress.stage(
        "activity: update customer_state",
        () -> {
          Date lastOrderDate = orders.agg(max("order_date")).first().getDate(0);
          if (lastOrderDate == null) {
            return OptionalLong.empty();
          }
          if (end.isBefore(lastOrderDate.toLocalDate())) {
            progress
                .out()
                .printf(
                    "  %s is before the newest order (%s): the orders up to it are rolled up,"
                        + " customer_state is not used%n",
                    end, lastOrderDate);
            return OptionalLong.empty();
          }
          CustomerState.Plan plan = state.plan();
          progress.out().println("  " + plan.describe());
          TableWrite write = state.bringUpToDate(plan, run.runId());
          return OptionalLong.of(write == null ? 0 : write.rows());
        },
        rows -> rows.orElse(0));
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
