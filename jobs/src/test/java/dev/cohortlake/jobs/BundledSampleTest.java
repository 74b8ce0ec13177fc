package dev.cohortlake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortlake.table.Tables;
import dev.cohortlake.testing.SparkTestSession;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: {@code all} on the bundled CDNOW master log, with no ../shared. */
class BundledSampleTest {

  @Test
  void bundledSampleBuildsTheThreeCdnowCohorts(@TempDir Path warehouse) {
    CliRun run = runOnSample(warehouse, "all", "--set", "report.enabled=true");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.table("customers").count()).isEqualTo(23_570L);
    assertThat(run.table("orders").count())
        .as("distinct customer-days (CDNOW README)")
        .isEqualTo(67_591L);
    assertThat(
            run.table("cohort_monthly")
                .filter(col("segment").equalTo("all").and(col("period").equalTo(0)))
                .orderBy("cohort_month")
                .select("cohort_size")
                .as(Encoders.LONG())
                .collectAsList())
        .containsExactly(7_846L, 8_476L, 7_248L);
    assertThat(run.out()).contains("all succeeded").contains(warehouse.toString());

    HeadlessChromium.Rendered report = HeadlessChromium.openReport(run, "sample");
    assertThat(report.charts())
        .containsOnlyKeys(HeadlessChromium.CHARTS_WITH_REVENUE)
        .allSatisfy((chart, series) -> assertThat(series).as(chart).isPositive());
    assertThat(report.charts().get("chart-curves"))
        .as("three cohorts, pooled, fit and projection")
        .isEqualTo(6);
    assertThat(report.dom()).contains("23,570").contains("No holdout period");
  }

  @Test
  void tablesCarryTheirTableAndColumnCommentsFromTheFirstCommit(@TempDir Path warehouse) {
    CliRun run = runOnSample(warehouse, "ingest");
    assertThat(run.exitCode()).as(run.err()).isZero();

    String orders = warehouse.resolve("orders").toString();
    Row detail = SparkTestSession.get().sql("DESCRIBE DETAIL delta.`" + orders + "`").first();
    assertThat(detail.<String>getAs("description")).isEqualTo(Tables.ORDERS.comment());
    assertThat(detail.<scala.collection.Seq<String>>getAs("partitionColumns").mkString(","))
        .isEqualTo("order_month");
    StructField customer = run.table("orders").schema().apply("customer_id");
    assertThat(customer.getComment().isDefined()).as("customer_id has a column comment").isTrue();
    assertThat(customer.getComment().get())
        .isEqualTo(Tables.ORDERS.schema().apply("customer_id").getComment().get());
    assertThat(DeltaTable.forPath(SparkTestSession.get(), orders).history().count())
        .as("created by the commit that wrote its rows")
        .isEqualTo(1L);
  }

  /** Runs a job on the bundled sample as of its last day, as the README's first command does. */
  private static CliRun runOnSample(Path warehouse, String job, String... extra) {
    List<String> args = new ArrayList<>(List.of("--as-of", "1998-06-30"));
    args.addAll(List.of(extra));
    return CliRun.onSample(warehouse, job, args.toArray(String[]::new));
  }
}
