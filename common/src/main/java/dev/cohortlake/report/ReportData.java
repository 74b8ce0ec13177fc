package dev.cohortlake.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cohortlake.clean.CleanedLines.RowCounts;
import dev.cohortlake.table.TableSpec;
import dev.cohortlake.table.Tables;
import dev.cohortlake.table.Warehouse;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The numbers behind the report, drawn from the tables of one as-of date: small aggregates (one row
 * per cohort cell, month, model or histogram bin, never per customer but for the top lists), each
 * as a JSON array of rows for the page's charts. A table the warehouse lacks (no holdout, no CLV
 * run yet) gives an empty array, and the page says why.
 */
public final class ReportData {

  /** Bins of the CLV histogram, up to the 99th percentile (the long tail is one last bin). */
  private static final int CLV_BINS = 30;

  private static final int TOP = 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final LocalDate asOf;
  private final Map<String, String> json = new LinkedHashMap<>();

  private ReportData(SparkSession spark, Warehouse warehouse, LocalDate asOf) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.asOf = asOf;
  }

  /**
   * Collects every section's rows.
   *
   * @param models the configured purchase models; the first with scores is the report's model
   * @param quality the row accounting and table versions of the run that ingested, when known
   * @return section name to a JSON array (or object) of its rows
   */
  public static Map<String, String> collect(
      SparkSession spark,
      Warehouse warehouse,
      LocalDate asOf,
      List<String> models,
      Optional<Quality> quality) {
    ReportData data = new ReportData(spark, warehouse, asOf);
    data.headline();
    data.cohorts();
    data.monthly();
    data.clv(models);
    data.holdout();
    data.quality(quality);
    return data.json;
  }

  /** Row accounting of the run the report describes. */
  public record Quality(
      String runId, String job, RowCounts counts, Map<String, Long> tableVersions) {}

  private void headline() {
    put(
        "headline",
        snapshot(Tables.CUSTOMERS)
            .map(
                customers ->
                    customers.agg(
                        functions.count("*").as("customers"),
                        functions
                            .expr("avg(CASE WHEN orders = 1 THEN 1.0 ELSE 0.0 END)")
                            .as("one_time_buyer_share"),
                        functions
                            .expr("avg(CASE WHEN orders > 1 THEN revenue END)")
                            .as("repeat_customer_revenue"),
                        functions
                            .expr("avg(CASE WHEN orders = 1 THEN revenue END)")
                            .as("one_time_customer_revenue"),
                        functions.expr("sum(revenue)").as("revenue"))));
  }

  private void cohorts() {
    put(
        "cohort_monthly",
        snapshot(Tables.COHORT_MONTHLY)
            .map(
                rows ->
                    rows.select(
                            "segment",
                            "segment_value",
                            "cohort_month",
                            "period",
                            "cohort_size",
                            "retention_rate",
                            "cumulative_revenue_per_customer",
                            "period_complete")
                        .orderBy("segment", "segment_value", "cohort_month", "period")));
    put(
        "retention_curve",
        snapshot(Tables.RETENTION_CURVE)
            .map(
                rows ->
                    rows.where("segment = 'all'")
                        .select(
                            "period",
                            "retention_rate",
                            "rolling_retention_rate",
                            "fitted_retention_rate",
                            "projected")
                        .orderBy("period")));
  }

  private void monthly() {
    put(
        "retention_monthly",
        snapshot(Tables.RETENTION_MONTHLY)
            .map(
                rows ->
                    rows.where("segment = 'all'")
                        .select(
                            "month",
                            "customers_start",
                            "customers_end",
                            "new_customers",
                            "churned",
                            "reactivated",
                            "retention_rate_formula",
                            "retention_rate_exact",
                            "month_complete")
                        .orderBy("month")));
  }

  private void clv(List<String> models) {
    Optional<Dataset<Row>> scores = snapshot(Tables.CLV_CUSTOMER);
    Optional<String> model =
        scores.flatMap(
            rows -> {
              List<String> scored =
                  rows.select("model").distinct().as(Encoders.STRING()).collectAsList();
              return models.stream().filter(scored::contains).findFirst();
            });
    put(
        "clv_model",
        snapshot(Tables.CLV_MODEL)
            .map(
                rows ->
                    rows.where("fit_by = 'all'")
                        .select(
                            "model",
                            "status",
                            "note",
                            "parameters",
                            "log_likelihood",
                            "aic",
                            "customers",
                            "converged",
                            "expected_clv",
                            "expected_clv_low",
                            "expected_clv_high")
                        .orderBy("model")));
    if (model.isEmpty()) {
      return;
    }
    json.put("model", '"' + model.get() + '"');
    // Read by the six queries below: cached once rather than scanned from Delta six times.
    Dataset<Row> scored = scores.get().where(functions.col("model").equalTo(model.get())).persist();
    Row range =
        scored
            .agg(
                functions.min("clv").cast("double"),
                functions.expr("percentile_approx(clv, 0.99)").cast("double"))
            .first();
    if (!range.isNullAt(0)) {
      double low = range.getDouble(0);
      double high = Math.max(range.getDouble(1), low + 1e-9);
      double width = (high - low) / CLV_BINS;
      put(
          "clv_histogram",
          Optional.of(
              scored
                  .where("clv IS NOT NULL")
                  .select(
                      functions
                          .least(
                              functions.floor(
                                  functions.col("clv").cast("double").minus(low).divide(width)),
                              functions.lit(CLV_BINS - 1))
                          .as("bin"))
                  .groupBy("bin")
                  .count()
                  .select(
                      functions.col("bin").multiply(width).plus(low).as("from"),
                      functions.col("bin").plus(1).multiply(width).plus(low).as("to"),
                      functions.col("count").as("customers"))
                  .orderBy("from")));
    }
    put(
        "value_tiers",
        Optional.of(
            scored
                .groupBy("value_tier")
                .agg(
                    functions.count("*").as("customers"),
                    functions.sum("clv").as("clv"),
                    functions.sum("historical_revenue").as("historical_revenue"))
                .orderBy("value_tier")));
    put(
        "top_customers",
        Optional.of(
            scored
                .select(
                    "customer_id",
                    "clv",
                    "p_alive",
                    "expected_purchases",
                    "frequency",
                    "historical_revenue",
                    "value_tier")
                .orderBy(functions.col("clv").desc_nulls_last(), functions.col("customer_id"))
                .limit(TOP)));
    Dataset<Row> atRisk = scored.where("at_risk");
    put(
        "at_risk_summary",
        Optional.of(
            atRisk.agg(
                functions.count("*").as("customers"),
                functions.sum("clv").as("clv"),
                functions.sum("historical_revenue").as("historical_revenue"))));
    Optional<Dataset<Row>> calendar = snapshot(Tables.CONTACT_CALENDAR);
    put(
        "at_risk_top",
        calendar.map(
            contacts ->
                atRisk
                    .select("customer_id", "clv", "p_alive", "expected_purchases")
                    .join(
                        contacts
                            .where(functions.col("model").equalTo(model.get()))
                            .select(
                                "customer_id",
                                "days_silent",
                                "reason",
                                "contact_week",
                                "value_at_stake"),
                        "customer_id")
                    .orderBy(functions.col("clv").desc_nulls_last(), functions.col("customer_id"))
                    .limit(TOP)));
    scored.unpersist();
  }

  private void holdout() {
    put(
        "clv_validation",
        snapshot(Tables.CLV_VALIDATION)
            .map(
                rows ->
                    rows.select(
                            "model",
                            "frequency_bin",
                            "customers",
                            "actual_mean_purchases",
                            "predicted_mean_purchases")
                        .orderBy("model", "frequency_bin")));
    put(
        "clv_tracking",
        snapshot(Tables.CLV_TRACKING)
            .map(
                rows ->
                    rows.select(
                            "model",
                            "period",
                            "period_end",
                            "actual_cumulative",
                            "expected_cumulative",
                            "holdout")
                        .orderBy("model", "period")));
  }

  private void quality(Optional<Quality> quality) {
    Optional<Quality> known = quality.or(this::lastIngest);
    json.put("quality", known.map(ReportData::toJson).orElse("null"));
  }

  private static String toJson(Quality quality) {
    try {
      return JSON.writeValueAsString(quality);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The row accounting of the latest succeeded run that ingested, from run_log. */
  private Optional<Quality> lastIngest() {
    if (!warehouse.exists(Tables.RUN_LOG)) {
      return Optional.empty();
    }
    List<Row> rows =
        warehouse
            .read(Tables.RUN_LOG, "all")
            .where("status = 'succeeded' AND rows_read IS NOT NULL")
            .orderBy(functions.col("ended_at").desc())
            .limit(1)
            .collectAsList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Row run = rows.get(0);
    long read = run.getLong(run.fieldIndex("rows_read"));
    long rejected = run.getLong(run.fieldIndex("rows_rejected"));
    return Optional.of(
        new Quality(
            run.getString(run.fieldIndex("run_id")),
            run.getString(run.fieldIndex("job")),
            new RowCounts(
                read, read - rejected, run.getJavaMap(run.fieldIndex("rejected_by_reason"))),
            run.getJavaMap(run.fieldIndex("table_versions"))));
  }

  /** The table's rows of the report's as-of date, or nothing when the table is not written. */
  private Optional<Dataset<Row>> snapshot(TableSpec spec) {
    if (!warehouse.exists(spec)) {
      return Optional.empty();
    }
    return Optional.of(
        warehouse
            .read(spec, "all")
            .where(functions.col("as_of_date").equalTo(functions.lit(asOf))));
  }

  private void put(String section, Optional<Dataset<Row>> rows) {
    json.put(
        section,
        rows.map(r -> "[" + String.join(",", r.toJSON().collectAsList()) + "]").orElse("[]"));
  }
}
