package dev.cohortlake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cohortlake.testing.SharedData;
import dev.cohortlake.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code all} job with CLV on the raw CDNOW sample log (calibration to 1997-09-30, holdout to
 * 1998-06-30, weeks): it must rebuild the published RFM summary and reproduce the published fits
 * (../shared/data/cdnow/README.md), and write the four CLV tables.
 */
class CdnowClvTest {

  @TempDir static Path warehouse;
  private static CliRun run;

  @BeforeAll
  static void runAll() {
    run =
        CliRun.run(
            warehouse,
            "all",
            "--config",
            SharedData.project("conf/cdnow-sample-log.conf").toString(),
            "--as-of",
            "1998-06-30",
            "--set",
            "source.path=" + SharedData.file("cdnow/CDNOW_sample.txt"),
            "--set",
            "report.enabled=true");
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @Test
  void reportShowsTheHoldoutCheckAndTheTrackingCurve() {
    HeadlessChromium.Rendered report = HeadlessChromium.openReport(run, "cdnow-holdout");
    assertThat(report.charts()).containsKeys("chart-validation", "chart-tracking");
    assertThat(report.charts().get("chart-validation")).as("actual and predicted").isEqualTo(2);
  }

  @Test
  void customerSummaryRebuildsThePublishedSummaryFile() {
    Dataset<Row> published =
        SparkTestSession.get()
            .read()
            .option("header", true)
            .option("inferSchema", true)
            .csv(SharedData.file("cdnow/cdnow_customers_summary.csv").toString())
            .toDF("id", "published_frequency", "published_recency", "published_t");
    Dataset<Row> joined =
        run.table("clv_customer")
            .filter(col("model").equalTo("bg_nbd"))
            .join(published, col("customer_id").cast("int").equalTo(col("id")));

    assertThat(joined.count())
        .as("every one of the 2,357 customers (the log pads ids: 0004)")
        .isEqualTo(2_357L);
    assertThat(joined.filter(col("frequency").notEqual(col("published_frequency"))).count())
        .isZero();
    Row deviation =
        joined
            .selectExpr("max(abs(recency - published_recency))", "max(abs(T - published_t))")
            .first();
    // The file rounds to two decimals: its README gives 0.0043 as the largest deviation.
    assertThat(deviation.getDouble(0)).as("recency").isLessThan(0.005);
    assertThat(deviation.getDouble(1)).as("T").isLessThan(0.005);
  }

  @Test
  void fitsMatchThePublishedEstimates() {
    Map<String, Map<String, Double>> fits =
        run.table("clv_model").filter(col("fit_by").equalTo("all")).collectAsList().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    r -> r.<String>getAs("model"),
                    r ->
                        scala.jdk.javaapi.CollectionConverters.asJava(
                            r.<scala.collection.Map<String, Double>>getAs("parameters"))));
    assertThat(fits.get("bg_nbd").get("r")).isCloseTo(0.2426, within(5e-5));
    assertThat(fits.get("bg_nbd").get("alpha")).isCloseTo(4.4135, within(5e-4));
    assertThat(fits.get("bg_nbd").get("a")).isCloseTo(0.7929, within(5e-5));
    assertThat(fits.get("bg_nbd").get("b")).isCloseTo(2.4258, within(5e-4));
    assertThat(fits.get("pareto_nbd").get("r")).isCloseTo(0.553, within(5e-4));
    assertThat(fits.get("pareto_nbd").get("s")).isCloseTo(0.606, within(5e-4));
    assertThat(fits.get("gamma_gamma").get("p")).isCloseTo(6.25, within(5e-3));
    assertThat(fits.get("gamma_gamma").get("q")).isCloseTo(3.74, within(5e-3));
    assertThat(fits.get("mbg_nbd").get("a")).isCloseTo(0.891, within(5e-4));
  }

  @Test
  void validationAndTrackingCompareTheHoldout() {
    Row total =
        run.table("clv_validation")
            .filter(col("model").equalTo("bg_nbd").and(col("frequency_bin").equalTo("total")))
            .first();
    assertThat(total.<Long>getAs("customers")).isEqualTo(2_357L);
    assertThat(total.<Double>getAs("mae")).isPositive();
    assertThat(run.table("clv_validation").filter(col("model").equalTo("bg_nbd")).count())
        .as("bins 0..6, 7+ and total")
        .isEqualTo(9L);
    Row calibrationEnd =
        run.table("clv_tracking")
            .filter(col("model").equalTo("bg_nbd").and(col("period_end").equalTo("1997-09-30")))
            .first();
    assertThat(calibrationEnd.<Double>getAs("actual_cumulative"))
        .as("sum of x in the summary file")
        .isEqualTo(2_457.0);
    assertThat(calibrationEnd.<Double>getAs("expected_cumulative"))
        .isCloseTo(2_457.0, within(100.0));
  }

  @Test
  void everyCustomerHasAClvAndAValueTierPerModel() {
    Dataset<Row> customers = run.table("clv_customer");
    assertThat(customers.count()).isEqualTo(3 * 2_357L);
    assertThat(customers.filter(col("clv").isNull().or(col("value_tier").isNull())).count())
        .isZero();
    assertThat(customers.filter(col("p_alive").lt(0).or(col("p_alive").gt(1))).count()).isZero();
    assertThat(run.table("retention_curve").filter(col("projected")).count()).isPositive();
  }

  @Test
  void segmentFitsAndThePooledFitAreReportedWithTheirTestAndIntervals() {
    List<Row> rows =
        run.table("clv_model")
            .filter(col("model").equalTo("bg_nbd"))
            .orderBy("fit_by", "segment_value")
            .collectAsList();
    assertThat(rows)
        .extracting(
            r -> r.getAs("fit_by") + " " + r.getAs("segment_value") + " " + r.getAs("status"))
        .containsExactly(
            "all all scored",
            "cohort_month 1997-01 segment_fit",
            "cohort_month 1997-02 segment_fit",
            "cohort_month 1997-03 segment_fit");
    assertThat(rows.subList(1, 4).stream().mapToLong(r -> r.<Long>getAs("customers")).sum())
        .isEqualTo(2_357L);
    for (Row row : rows) {
      assertThat(row.<Double>getAs("expected_clv_low"))
          .isPositive()
          .isLessThan(row.<Double>getAs("expected_clv"));
      assertThat(row.<Double>getAs("expected_clv_high")).isGreaterThan(row.getAs("expected_clv"));
    }
    Row january = rows.get(1);
    assertThat(january.<Integer>getAs("lr_degrees_of_freedom")).isEqualTo(8);
    assertThat(january.<Double>getAs("lr_p_value"))
        .as("three acquisition months of one customer base")
        .isBetween(0.05, 1.0);
    assertThat(rows.get(0).<Double>getAs("lr_p_value")).as("no test for the pooled fit").isNull();
  }

  @Test
  void fivePointsMoreRetentionRaisesEveryModelsExpectedClv() {
    List<Row> rows = run.table("retention_whatif").collectAsList();
    assertThat(rows).hasSize(3 * 4);
    for (Row row : rows) {
      String what = row.getAs("model") + " " + row.getAs("segment_value");
      assertThat(
              row.<Double>getAs("scenario_cohort_monthly_retention")
                  - row.<Double>getAs("cohort_monthly_retention"))
          .as(what)
          .isCloseTo(0.05, within(1e-9));
      assertThat(row.<Double>getAs("dropout_scale")).as(what).isBetween(0.5, 1.0);
      assertThat(row.<Double>getAs("scenario_customers_alive"))
          .as(what)
          .isGreaterThan(row.<Double>getAs("base_customers_alive"));
      assertThat(row.<Double>getAs("clv_uplift")).as(what).isPositive();
      assertThat(row.<Double>getAs("purchases_uplift")).as(what).isPositive();
    }
  }

  @Test
  void theContactCalendarPutsValuableCustomersFirstWithADatedReason() {
    Dataset<Row> calendar = run.table("contact_calendar").filter(col("model").equalTo("bg_nbd"));
    assertThat(calendar.count()).isEqualTo(2_357L);
    assertThat(calendar.filter(col("reason").equalTo("new_customer_no_second_order")).count())
        .as("the customers with x = 0 in the published summary")
        .isEqualTo(1_411L);
    double meanRevenue =
        calendar.selectExpr("avg(cast(historical_revenue as double))").first().getDouble(0);
    List<Row> top = calendar.orderBy(col("value_at_stake").desc()).limit(20).collectAsList();
    assertThat(
            top.stream()
                .mapToDouble(r -> r.<java.math.BigDecimal>getAs("historical_revenue").doubleValue())
                .average()
                .orElseThrow())
        .isGreaterThan(5 * meanRevenue);
    for (Row row : top) {
      java.time.LocalDate week = row.<java.sql.Date>getAs("contact_week").toLocalDate();
      assertThat(week.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
      assertThat(week).isAfter(java.time.LocalDate.of(1997, 9, 30));
      assertThat(row.<java.sql.Date>getAs("at_risk_date")).isNotNull();
      assertThat(row.<java.math.BigDecimal>getAs("value_at_stake"))
          .isLessThanOrEqualTo(row.getAs("clv"));
    }
  }
}
