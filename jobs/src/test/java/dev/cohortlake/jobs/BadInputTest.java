package dev.cohortlake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortlake.testing.SparkTestSession;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input never passes silently: each case exits with the code a scheduler acts on (2 bad usage
 * or config, 3 data-quality gate), names the file, column, key or row, and leaves the tables of the
 * previous run as they were.
 */
class BadInputTest {

  private static final String GOOD =
      """
      customer,ts,value
      a,2024-01-05,10.00
      b,2024-01-20,5.50
      a,2024-02-03,7.25
      """;

  @TempDir Path dir;

  private Path config(String extra) throws IOException {
    Path config = dir.resolve("shop.conf");
    Files.writeString(
        config,
        """
        cohortlake {
          dataset = shop
          source { format = csv, path = "%s" }
          mapping { customer-id = customer, order-ts = ts, order-ts-format = "yyyy-MM-dd", amount = value }
          quality.max-rejected-fraction = 0.0
        }
        %s
        """
            .formatted(dir.resolve("orders.csv"), extra));
    return config;
  }

  private CliRun ingest(String csv, String extraConfig) throws IOException {
    Files.writeString(dir.resolve("orders.csv"), csv);
    return CliRun.run(
        dir.resolve("warehouse"),
        "ingest",
        "--config",
        config(extraConfig).toString(),
        "--as-of",
        "2024-03-01");
  }

  @Test
  void missingSourceFileExitsTwoNamingThePath() throws IOException {
    Path config = config("");
    CliRun run =
        CliRun.run(
            dir.resolve("warehouse"),
            "ingest",
            "--config",
            config.toString(),
            "--set",
            "source.path=" + dir.resolve("no-such-file.csv"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no-such-file.csv").contains("cohortlake.source.path");
  }

  @Test
  void missingMappedColumnExitsTwoNamingColumnKeyAndAvailableColumns() throws IOException {
    CliRun run = ingest(GOOD, "cohortlake.mapping.amount = amount_usd");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("'amount_usd'")
        .contains("cohortlake.mapping.amount")
        .contains("[customer, ts, value]");
  }

  @Test
  void unparsableDateFailsTheGateNamingTheRowAndKeepsThePreviousOrders() throws IOException {
    assertThat(ingest(GOOD, "").exitCode()).isZero();
    String orders = dir.resolve("warehouse/orders").toString();
    long versionBefore =
        DeltaTable.forPath(SparkTestSession.get(), orders).history(1).first().getLong(0);

    CliRun bad = ingest(GOOD + "c,2024-13-45,3.00\n", "");

    assertThat(bad.exitCode()).as(bad.err()).isEqualTo(3);
    assertThat(bad.err())
        .contains("Data-quality gate failed")
        .contains("1 of 4 rows")
        .contains("cohortlake.quality.max-rejected-fraction")
        .contains("invalid_order_ts")
        .contains("row 4 of")
        .contains("orders.csv")
        .contains("2024-13-45");
    assertThat(DeltaTable.forPath(SparkTestSession.get(), orders).history(1).first().getLong(0))
        .as("orders keeps its version")
        .isEqualTo(versionBefore);
    Row quarantined = bad.table("rejected_rows").filter("reason = 'invalid_order_ts'").first();
    assertThat(quarantined.<String>getAs("raw")).contains("2024-13-45");
    assertThat(bad.table("run_log").filter("status = 'failed'").count()).isEqualTo(1);
  }

  @Test
  void unknownConfigKeyExitsTwoNamingTheKey() throws IOException {
    CliRun run = ingest(GOOD, "cohortlake.cleaning.drop-dupes = true");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("cohortlake.cleaning.drop-dupes").contains("drop-duplicates");
  }

  @Test
  void valueWhereTheConfigExpectsAnObjectExitsTwoNamingTheKey() throws IOException {
    CliRun run = ingest(GOOD, "cohortlake.quality = 0.1");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("cohortlake.quality").contains("max-rejected-fraction");
  }

  @Test
  void valueWhereTheConfigExpectsSegmentMappingsSaysWhatItMustHold() throws IOException {
    CliRun run = ingest(GOOD, "cohortlake.mapping.segments = Country");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("cohortlake.mapping.segments").contains("name = value entries");
  }

  @Test
  void wholeNumberKeysRefuseFractionsShowingTheValueAsWritten() throws IOException {
    CliRun window = ingest(GOOD, "cohortlake.cohorts.active-window-months = 12.7");
    assertThat(window.exitCode()).isEqualTo(2);
    assertThat(window.err())
        .contains("cohortlake.cohorts.active-window-months")
        .contains("'12.7'")
        .contains("whole number");
    CliRun horizon =
        CliRun.run(
            dir.resolve("warehouse"),
            "clv",
            "--config",
            config("").toString(),
            "--set",
            "clv.horizon-months=0.9");
    assertThat(horizon.exitCode()).isEqualTo(2);
    assertThat(horizon.err()).contains("cohortlake.clv.horizon-months").contains("'0.9'");
  }

  @Test
  void anEmptyOrRepeatedModelListExitsTwoNamingTheKey() throws IOException {
    CliRun empty = ingest(GOOD, "cohortlake.clv.models = []");
    assertThat(empty.exitCode()).isEqualTo(2);
    assertThat(empty.err()).contains("cohortlake.clv.models").contains("at least one");
    CliRun twice = ingest(GOOD, "cohortlake.clv.models = [bg_nbd, pareto_nbd, bg_nbd]");
    assertThat(twice.exitCode()).isEqualTo(2);
    assertThat(twice.err()).contains("cohortlake.clv.models").contains("'bg_nbd' twice");
  }

  @Test
  void aListWhereOneCharacterIsExpectedExitsTwoNamingTheKey() throws IOException {
    CliRun run = ingest(GOOD, "cohortlake.source.csv.delimiter = [\",\"]");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .contains("cohortlake.source.csv.delimiter")
        .contains("single character")
        .doesNotContain("Exception");
  }

  @Test
  void calibrationOrHoldoutAfterTheAsOfDateExitsTwo() throws IOException {
    CliRun run =
        ingest(
            GOOD,
            "cohortlake.clv { calibration-end = \"2024-02-01\", holdout-end = \"2024-04-01\" }");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("cohortlake.clv.holdout-end")
        .contains("after --as-of 2024-03-01");
  }

  @Test
  void orderDatesGateStopsIngestBeforeOrdersAreReplaced() throws IOException {
    assertThat(ingest(GOOD, "").exitCode()).isZero();
    CliRun late =
        ingest(GOOD + "c,2031-01-01,3.00\n", "cohortlake.quality.order-dates.latest = 2024-12-31");
    assertThat(late.exitCode()).as(late.err()).isEqualTo(3);
    assertThat(late.err())
        .contains("cohortlake.quality.order-dates: measured 1, limit 0")
        .contains("2031-01-01")
        .contains("row 4 of");
    assertThat(late.table("orders").count())
        .as("orders keeps the previous run's rows")
        .isEqualTo(3);
    Row logged = late.table("run_log").filter("status = 'failed'").first();
    assertThat(logged.<scala.collection.Seq<Row>>getAs("gates").last().<String>getAs("name"))
        .isEqualTo("order-dates");
  }

  @Test
  void customerDropGateLeavesTheSnapshotUnwritten() throws IOException {
    CliRun first = ingest(GOOD, "");
    assertThat(first.exitCode()).as(first.err()).isZero();
    String source = dir.resolve("shop.conf").toString();
    String gate = "quality.max-customer-drop=0.2";
    CliRun snapshot =
        CliRun.run(
            dir.resolve("warehouse"),
            "customers",
            "--config",
            source,
            "--as-of",
            "2024-03-01",
            "--set",
            gate);
    assertThat(snapshot.exitCode()).as(snapshot.err()).isZero();
    assertThat(ingest("customer,ts,value\na,2024-01-05,10.00\n", "").exitCode()).isZero();
    CliRun dropped =
        CliRun.run(
            dir.resolve("warehouse"),
            "customers",
            "--config",
            source,
            "--as-of",
            "2024-03-02",
            "--set",
            gate);
    assertThat(dropped.exitCode()).as(dropped.err()).isEqualTo(3);
    assertThat(dropped.err())
        .contains("cohortlake.quality.max-customer-drop: measured 0.5000")
        .contains("1 customers against 2 in the snapshot of 2024-03-01")
        .contains("No table was changed by this run");
    assertThat(dropped.table("customers").filter("as_of_date = DATE'2024-03-02'").count()).isZero();
  }

  @Test
  void aYoungShopWithoutRepeatBuyersGetsItsCohortsAndSaysWhyTheModelsWereSkipped()
      throws IOException {
    Files.writeString(
        dir.resolve("orders.csv"), "customer,ts,value\na,2024-01-05,10.00\nb,2024-01-20,5.50\n");
    CliRun run =
        CliRun.run(
            dir.resolve("warehouse"),
            "all",
            "--config",
            config("").toString(),
            "--as-of",
            "2024-03-01");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.table("cohort_monthly").filter("segment = 'all' and period = 0").count())
        .isEqualTo(1);
    assertThat(run.table("clv_customer").count()).isZero();
    assertThat(run.table("clv_model").filter("status = 'skipped'").count()).isEqualTo(4);
    assertThat(run.table("clv_model").filter("model = 'bg_nbd'").first().<String>getAs("note"))
        .contains("no customer has a repeat purchase yet");
    assertThat(run.out()).contains("clv: bg_nbd").contains("skipped");
  }

  @Test
  void summaryJsonTellsTheSchedulerWhatHappenedOnSuccessAndOnFailure() throws IOException {
    Path summary = dir.resolve("summary/run.json");
    Files.writeString(dir.resolve("orders.csv"), GOOD + "c,2024-13-45,3.00\n");
    String conf = config("").toString();
    CliRun ok =
        CliRun.run(
            dir.resolve("warehouse"),
            "ingest",
            "--config",
            conf,
            "--as-of",
            "2024-03-01",
            "--set",
            "quality.max-rejected-fraction=0.5",
            "--summary-json",
            summary.toString());
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary.toFile());
    assertThat(json.get("status").asText()).isEqualTo("succeeded");
    assertThat(json.get("exit_code").asInt()).isZero();
    assertThat(json.at("/rows/read").asLong()).isEqualTo(4);
    assertThat(json.at("/rows/rejected_by_reason/invalid_order_ts").asLong()).isEqualTo(1);
    assertThat(json.at("/tables/1/table").asText()).isEqualTo("orders");
    assertThat(json.at("/gates/1/name").asText()).isEqualTo("max-rejected-fraction");
    assertThat(json.at("/stage_seconds").has("ingest: write orders")).isTrue();

    CliRun failed =
        CliRun.run(
            dir.resolve("warehouse"),
            "ingest",
            "--config",
            conf,
            "--as-of",
            "2024-03-01",
            "--summary-json",
            summary.toString());
    assertThat(failed.exitCode()).isEqualTo(3);
    json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary.toFile());
    assertThat(json.get("status").asText()).isEqualTo("failed");
    assertThat(json.get("exit_code").asInt()).isEqualTo(3);
    assertThat(json.at("/gates/1/passed").asBoolean()).isFalse();
    assertThat(json.at("/tables/0/table").asText())
        .as("what the failed run did commit")
        .isEqualTo("rejected_rows");
    assertThat(json.at("/error/message").asText()).contains("max-rejected-fraction");
  }

  @Test
  void aRunLogThatCannotBeWrittenDoesNotHideTheFailure() throws IOException {
    Files.createDirectories(dir.resolve("warehouse"));
    Files.writeString(dir.resolve("warehouse/run_log"), "not a table");
    CliRun run = ingest(GOOD + "c,2024-13-45,3.00\n", "");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.err())
        .startsWith("error: Data-quality gate failed")
        .contains("Suppressed")
        .contains("run_log");
  }

  @Test
  void unknownJobIsBadUsage() {
    CliRun run = CliRun.run(dir.resolve("warehouse"), "publish");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("publish");
  }
}
