package dev.cohortlake.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.cohortlake.testing.SparkTestSession;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
  void unparsableDateFailsTheGateKeepsThePreviousOrdersAndAFixedRerunClearsItsQuarantine()
      throws IOException {
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

    CliRun fixed = ingest(GOOD, "");
    assertThat(fixed.exitCode()).as(fixed.err()).isZero();
    assertThat(fixed.table("rejected_rows").count())
        .as("the fixed rerun of the same as-of date replaces its rejected rows with none")
        .isZero();
  }

  /** Config mistakes, each with what the message must name. */
  static Stream<Arguments> configMistakes() {
    return Stream.of(
        arguments(
            "cohortlake.cleaning.drop-dupes = true",
            List.of("cohortlake.cleaning.drop-dupes", "drop-duplicates")),
        arguments(
            "cohortlake.quality = 0.1", List.of("cohortlake.quality", "max-rejected-fraction")),
        arguments(
            "cohortlake.mapping.segments = Country",
            List.of("cohortlake.mapping.segments", "name = value entries")),
        arguments(
            "cohortlake.cohorts.active-window-months = 12.7",
            List.of("cohortlake.cohorts.active-window-months", "'12.7'", "whole number")),
        arguments("cohortlake.clv.models = []", List.of("cohortlake.clv.models", "at least one")),
        arguments(
            "cohortlake.clv.models = [bg_nbd, pareto_nbd, bg_nbd]",
            List.of("cohortlake.clv.models", "'bg_nbd' twice")),
        arguments(
            "cohortlake.clv.fit-by = [all, country]",
            List.of("cohortlake.clv.fit-by", "'country' is not a dimension", "cohort_quarter")),
        arguments(
            "cohortlake.clv.fit-by = [all, all]",
            List.of("cohortlake.clv.fit-by", "distinct dimensions")),
        arguments(
            "cohortlake.maintain.vacuum-retention-hours = 24",
            List.of("cohortlake.maintain.vacuum-retention-hours", "168", "allow-short-retention")),
        arguments(
            "cohortlake.catalog.database = \"cohort-lake\"",
            List.of("cohortlake.catalog.database", "plain SQL name")),
        arguments(
            "cohortlake.source.csv.delimiter = [\",\"]",
            List.of("cohortlake.source.csv.delimiter", "single character")),
        arguments(
            "cohortlake.clv { calibration-end = \"2024-02-01\", holdout-end = \"2024-04-01\" }",
            List.of("cohortlake.clv.holdout-end", "after --as-of 2024-03-01")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configMistakes")
  void aConfigMistakeExitsTwoNamingTheKeyBeforeAnyWork(String mistake, List<String> named)
      throws IOException {
    CliRun run = ingest(GOOD, mistake);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(named).doesNotContain("Exception");
    assertThat(dir.resolve("warehouse")).doesNotExist();
  }

  @Test
  void anOverrideWithAFractionIsShownAsWritten() throws IOException {
    CliRun run =
        CliRun.run(
            dir.resolve("warehouse"),
            "clv",
            "--config",
            config("").toString(),
            "--set",
            "clv.horizon-months=0.9");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("cohortlake.clv.horizon-months").contains("'0.9'");
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
