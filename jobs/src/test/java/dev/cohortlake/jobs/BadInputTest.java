package dev.cohortlake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import dev.cohortlake.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input never passes silently: each case exits with the code a scheduler acts on (2 bad
 * usage or config, 3 data-quality gate), names the file, column, key or row, and leaves the
 * tables of the previous run as they were.
 */
class BadInputTest {

  private static final String GOOD = """
      customer,ts,value
      a,2024-01-05,10.00
      b,2024-01-20,5.50
      a,2024-02-03,7.25
      """;

  @TempDir Path dir;

  private Path config(String extra) throws IOException {
    Path config = dir.resolve("shop.conf");
    Files.writeString(config, """
        cohortlake {
          dataset = shop
          source { format = csv, path = "%s" }
          mapping { customer-id = customer, order-ts = ts, order-ts-format = "yyyy-MM-dd", amount = value }
          quality.max-rejected-fraction = 0.0
        }
        %s
        """.formatted(dir.resolve("orders.csv"), extra));
    return config;
  }

  private CliRun ingest(String csv, String extraConfig) throws IOException {
    Files.writeString(dir.resolve("orders.csv"), csv);
    return CliRun.run(dir.resolve("warehouse"), "ingest", "--config", config(extraConfig).toString(),
        "--as-of", "2024-03-01");
  }

  @Test
  void missingSourceFileExitsTwoNamingThePath() throws IOException {
    Path config = config("");
    CliRun run = CliRun.run(dir.resolve("warehouse"), "ingest", "--config", config.toString(),
        "--set", "source.path=" + dir.resolve("no-such-file.csv"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no-such-file.csv").contains("cohortlake.source.path");
  }

  @Test
  void missingMappedColumnExitsTwoNamingColumnKeyAndAvailableColumns() throws IOException {
    CliRun run = ingest(GOOD, "cohortlake.mapping.amount = amount_usd");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'amount_usd'").contains("cohortlake.mapping.amount")
        .contains("[customer, ts, value]");
  }

  @Test
  void unparsableDateFailsTheGateNamingTheRowAndKeepsThePreviousOrders() throws IOException {
    assertThat(ingest(GOOD, "").exitCode()).isZero();
    String orders = dir.resolve("warehouse/orders").toString();
    long versionBefore = DeltaTable.forPath(SparkTestSession.get(), orders).history(1).first().getLong(0);

    CliRun bad = ingest(GOOD + "c,2024-13-45,3.00\n", "");

    assertThat(bad.exitCode()).as(bad.err()).isEqualTo(3);
    assertThat(bad.err()).contains("Data-quality gate failed").contains("1 of 4 rows")
        .contains("invalid_order_ts").contains("row 4 of").contains("orders.csv")
        .contains("2024-13-45");
    assertThat(DeltaTable.forPath(SparkTestSession.get(), orders).history(1).first().getLong(0))
        .as("orders keeps its version").isEqualTo(versionBefore);
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
  void unknownJobIsBadUsage() {
    CliRun run = CliRun.run(dir.resolve("warehouse"), "publish");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("publish");
  }
}
