package dev.cohortlake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cohortlake.testing.DatasetAssertions;
import dev.cohortlake.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code all} job on the BTYDplus grocery log (counts only, no amounts), checked against the
 * cohort sizes and the month 0-5 retention table in {@code ../shared/data/grocery-elog/README.md},
 * and re-run to prove idempotency.
 */
class GroceryCohortsTest {

  /** README retention table: share of each cohort active in months 0-5, three decimals. */
  private static final double[][] README_RETENTION = {
    {1.0, .315, .330, .275, .239, .215},
    {1.0, .395, .324, .300, .246, .231},
    {1.0, .327, .273, .229, .209, .195}
  };

  @TempDir static Path warehouse;
  private static CliRun run;

  @BeforeAll
  static void runAll() {
    run = runGrocery();
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  private static CliRun runGrocery() {
    return CliRun.run(
        warehouse,
        "all",
        "--config",
        SharedData.project("conf/grocery.conf").toString(),
        "--as-of",
        "2007-12-31",
        "--set",
        "source.path=" + SharedData.file("grocery-elog/grocery_elog.csv"),
        "--set",
        "report.enabled=true");
  }

  @Test
  void reportSaysThereIsNoRevenueInsteadOfDrawingZeros() {
    HeadlessChromium.Rendered report = HeadlessChromium.openReport(run, "grocery");
    assertThat(report.charts())
        .containsKeys("chart-heatmap", "chart-curves", "chart-flows")
        .doesNotContainKeys("chart-revenue", "chart-clv-histogram", "chart-value-tiers")
        .allSatisfy((chart, series) -> assertThat(series).as(chart).isPositive());
    assertThat(report.dom()).contains("This data set has no revenue");
  }

  @Test
  void cohortSizesAndRetentionMatchTheReadme() {
    List<Row> rows =
        run.table("cohort_monthly")
            .filter(col("segment").equalTo("all").and(col("period").leq(5)))
            .orderBy("cohort_month", "period")
            .select("cohort_month", "period", "cohort_size", "retention_rate")
            .collectAsList();
    assertThat(rows).hasSize(18);
    assertThat(rows.stream().filter(r -> r.getInt(1) == 0).map(r -> r.getLong(2)))
        .containsExactly(539L, 484L, 502L);
    for (Row row : rows) {
      int cohort = row.getDate(0).toLocalDate().getMonthValue() - 1;
      assertThat(row.getDouble(3))
          .as("retention of cohort %s in month %d", row.getDate(0), row.getInt(1))
          .isCloseTo(README_RETENTION[cohort][row.getInt(1)], within(0.0005));
    }
  }

  @Test
  void countsOnlyDatasetLeavesRevenueEmpty() {
    assertThat(run.table("orders").filter(col("revenue").isNotNull()).count()).isZero();
    assertThat(run.table("customers").count()).isEqualTo(1_525L);
  }

  @Test
  void rerunForTheSameAsOfDateReplacesItsRowsAndDuplicatesNothing() {
    String[] tables = {
      "orders", "customers", "cohort_monthly", "retention_curve", "retention_monthly"
    };
    java.util.Map<String, Dataset<Row>> before = new java.util.HashMap<>();
    for (String table : tables) {
      before.put(table, run.table(table).drop("run_id").localCheckpoint());
    }
    CliRun again = runGrocery();
    assertThat(again.exitCode()).as(again.err()).isZero();
    for (String table : tables) {
      DatasetAssertions.assertSameRows(again.table(table).drop("run_id"), before.get(table), 1e-12);
    }
    assertThat(again.table("run_log").count())
        .as("one run_log row per run")
        .isGreaterThanOrEqualTo(2);
  }
}
