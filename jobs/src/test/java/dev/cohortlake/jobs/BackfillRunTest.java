package dev.cohortlake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortlake.testing.SharedData;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --from --to --every} runs a range of as-of snapshots in one invocation and resumes after a
 * failure: a backfill killed with SIGKILL on its second date, then run again with a later {@code
 * --to}, skips the date that succeeded, runs the rest once each, and leaves one snapshot per date;
 * {@code --force} runs finished dates again.
 */
class BackfillRunTest {

  @TempDir static Path dir;
  private static Path warehouse;
  private static Path source;

  @BeforeAll
  static void ingestTheSampleHead() {
    source = SharedData.sampleHead(dir.resolve("cdnow-head.txt"), 6_001);
    warehouse = dir.resolve("warehouse");
    CliRun ingest = CliRun.run(warehouse, args("ingest", "--as-of", "1997-06-30"));
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
  }

  @Test
  void aKilledBackfillResumesAtTheDateItStoppedAndRunsEachDateOnce() {
    String[] firstThreeMonths = args("cohorts", "--from", "1997-01-31", "--to", "1997-03-31");
    try (ChildCli child = ChildCli.start(warehouse, dir.resolve("logs"), firstThreeMonths)) {
      child.awaitLine("backfill cohorts: as-of 1997-02-28 (2 of 3)");
      child.awaitLine("cohorts: write cohort_monthly");
      child.kill();
    }

    CliRun resumed =
        CliRun.run(warehouse, args("cohorts", "--from", "1997-01-31", "--to", "1997-04-30"));

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out())
        .contains("4 as-of dates from 1997-01-31 to 1997-04-30 every month; 3 to run, 1 already")
        .contains("died holding the warehouse lock; recorded as interrupted")
        .contains("backfill cohorts: all 4 as-of dates succeeded");
    Dataset<Row> runs = resumed.table("run_log").filter(col("job").equalTo("cohorts"));
    assertThat(asOfDates(runs.filter(col("status").equalTo("succeeded"))))
        .containsExactly("1997-01-31", "1997-02-28", "1997-03-31", "1997-04-30");
    assertThat(asOfDates(runs.filter(col("status").equalTo("interrupted"))))
        .containsExactly("1997-02-28");
    Dataset<Row> cohorts = resumed.table("cohort_monthly");
    assertThat(asOfDates(cohorts.select("as_of_date").distinct()))
        .containsExactly("1997-01-31", "1997-02-28", "1997-03-31", "1997-04-30");
    assertThat(cohorts.count())
        .as("one snapshot per date: a date run twice replaced its rows")
        .isEqualTo(cohorts.dropDuplicates("as_of_date", "cohort_month", "period").count());

    CliRun forced =
        CliRun.run(
            warehouse, args("cohorts", "--from", "1997-04-30", "--to", "1997-04-30", "--force"));

    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("1 to run, 0 already succeeded");
  }

  @Test
  void aFailedDateStopsTheBackfillWithItsExitCodeNamingTheDateAndHowToResume() {
    CliRun run =
        CliRun.run(
            dir.resolve("empty"),
            args("customers", "--from", "1997-01-31", "--to", "1997-02-28", "--every", "week"));

    assertThat(run.exitCode()).as("the failed date's own exit code").isEqualTo(2);
    assertThat(run.err())
        .contains("Backfill stopped at as-of 1997-01-31 (0 of 5 dates finished)")
        .contains("Table 'orders' does not exist")
        .contains("Run the same command again to resume from 1997-01-31");
  }

  @Test
  void backfillOptionsThatDoNotMakeARangeExitTwo() {
    CliRun toAlone = CliRun.run(dir.resolve("empty"), args("cohorts", "--to", "1997-02-28"));
    CliRun withAsOf =
        CliRun.run(
            dir.resolve("empty"),
            args("cohorts", "--from", "1997-01-31", "--to", "1997-02-28", "--as-of", "1997-02-28"));

    assertThat(toAlone.exitCode()).isEqualTo(2);
    assertThat(toAlone.err()).contains("--to needs --from");
    assertThat(withAsOf.exitCode()).isEqualTo(2);
    assertThat(withAsOf.err()).contains("--as-of cannot be combined with --from and --to");
  }

  private static List<String> asOfDates(Dataset<Row> rows) {
    return rows.select("as_of_date").orderBy("as_of_date").collectAsList().stream()
        .map(row -> row.<Date>getAs(0).toString())
        .toList();
  }

  private static String[] args(String job, String... extra) {
    return CliRun.args(job, "conf/sample.conf", source, extra);
  }
}
