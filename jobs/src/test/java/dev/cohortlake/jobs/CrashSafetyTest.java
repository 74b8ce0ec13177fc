package dev.cohortlake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortlake.table.TableSpec;
import dev.cohortlake.table.Tables;
import dev.cohortlake.testing.DatasetAssertions;
import dev.cohortlake.testing.SharedData;
import dev.cohortlake.testing.SparkTestSession;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * SPEC section 6 under real crashes and real concurrency: {@code all} on the head of the bundled
 * sample runs in a child JVM that is killed with SIGKILL during the first commit of {@code orders},
 * between two table commits and during the CLV write, or that holds the warehouse while another run
 * starts. After each kill every table reads at a committed version, the next run records the killed
 * run in run_log as interrupted with the versions it committed, and finishes with tables equal to
 * an uninterrupted run's.
 */
class CrashSafetyTest {

  private static final String AS_OF = "1998-06-30";

  @TempDir static Path dir;
  private static Path reference;

  /** The run id of the last run killed in each warehouse. */
  private static final Map<Path, String> killed = new HashMap<>();

  /**
   * The first 6,000 lines of the bundled sample (about 2,000 customers): small, so each run is
   * quick.
   */
  private static Path source;

  @BeforeAll
  static void uninterruptedRun() {
    source = SharedData.sampleHead(dir.resolve("cdnow-head.txt"), 6_001);
    reference = dir.resolve("reference");
    CliRun run = CliRun.run(reference, sampleArgs("all"));
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @Test
  void aRunKilledAnywhereLeavesCommittedTablesAndTheNextRunRecoversThem() {
    Path warehouse = dir.resolve("killed");
    // Into an empty warehouse: orders is being created, its folder holds data but no commit.
    killedAfter(warehouse, "ingest: write rejected_rows");
    recover(warehouse);
    // Into a reused warehouse: cohort_monthly committed, retention_curve not yet.
    killedAfter(warehouse, "cohorts: write cohort_monthly");
    recover(warehouse);
    killedAfter(warehouse, "clv: score bg_nbd");
    recover(warehouse);
  }

  @Test
  void aSecondRunOnTheSameWarehouseFailsFastNamingTheFirst() {
    Path warehouse = dir.resolve("busy");
    try (ChildCli first = ChildCli.start(warehouse, dir.resolve("logs"), sampleArgs("all"))) {
      String firstRun = first.runId();
      first.awaitLine("ingest: open source");

      CliRun second = CliRun.run(warehouse, sampleArgs("ingest"));

      assertThat(second.exitCode()).as(second.err()).isEqualTo(1);
      assertThat(second.err()).contains("Another run is writing to warehouse").contains(firstRun);
      assertThat(first.waitFor()).as(first.errors()).isZero();
    }
    CliRun after = CliRun.run(warehouse, sampleArgs("ingest"));
    assertThat(after.exitCode()).as("the lock is released at the end: " + after.err()).isZero();
  }

  private static void killedAfter(Path warehouse, String line) {
    Map<String, Long> before = versions(warehouse);
    String killedRun;
    try (ChildCli child = ChildCli.start(warehouse, dir.resolve("logs"), sampleArgs("all"))) {
      killedRun = child.runId();
      child.awaitLine(line);
      child.kill();
    }
    Map<String, Long> after = versions(warehouse);
    for (TableSpec spec : Tables.ALL) {
      String path = warehouse.resolve(spec.name()).toString();
      if (after.containsKey(spec.name())) {
        assertThat(SparkTestSession.get().read().format("delta").load(path).count())
            .as("%s reads at its latest committed version", spec.name())
            .isNotNegative();
        long newVersions = after.get(spec.name()) - before.getOrDefault(spec.name(), -1L);
        assertThat(newVersions)
            .as("%s: at most one commit by the killed run", spec.name())
            .isBetween(0L, 1L);
      }
    }
    killed.put(warehouse, killedRun);
  }

  private static void recover(Path warehouse) {
    String killedRun = killed.get(warehouse);
    Map<String, Long> committedByKilledRun = committedBy(warehouse, killedRun);

    CliRun next = CliRun.run(warehouse, sampleArgs("all"));

    assertThat(next.exitCode()).as(next.err()).isZero();
    assertThat(next.out()).contains("run " + killedRun + " died holding the warehouse lock");
    Row interrupted = next.table("run_log").filter(col("run_id").equalTo(killedRun)).first();
    assertThat(interrupted.<String>getAs("status")).isEqualTo("interrupted");
    assertThat(
            CollectionConverters.asJava(
                interrupted.<scala.collection.Map<String, Long>>getAs("table_versions")))
        .as("run_log names what the killed run committed")
        .isEqualTo(committedByKilledRun);
    for (String table :
        new String[] {
          "orders",
          "customers",
          "cohort_monthly",
          "retention_curve",
          "retention_monthly",
          "clv_customer",
          "clv_model"
        }) {
      DatasetAssertions.assertSameRows(
          withoutRunIds(read(warehouse, table)), withoutRunIds(read(reference, table)), 1e-9);
    }
  }

  private static Map<String, Long> committedBy(Path warehouse, String runId) {
    Map<String, Long> versions = new HashMap<>();
    for (TableSpec spec : Tables.ALL) {
      String path = warehouse.resolve(spec.name()).toString();
      if (DeltaTable.isDeltaTable(SparkTestSession.get(), path)) {
        Row newest =
            DeltaTable.forPath(SparkTestSession.get(), path)
                .history()
                .filter(col("userMetadata").equalTo(runId))
                .agg(org.apache.spark.sql.functions.max("version"))
                .first();
        if (!newest.isNullAt(0)) {
          versions.put(spec.name(), newest.getLong(0));
        }
      }
    }
    return versions;
  }

  private static Map<String, Long> versions(Path warehouse) {
    Map<String, Long> versions = new HashMap<>();
    SparkSession spark = SparkTestSession.get();
    for (TableSpec spec : Tables.ALL) {
      String path = warehouse.resolve(spec.name()).toString();
      if (DeltaTable.isDeltaTable(spark, path)) {
        versions.put(spec.name(), DeltaTable.forPath(spark, path).history(1).first().getLong(0));
      }
    }
    return versions;
  }

  private static Dataset<Row> read(Path warehouse, String table) {
    return SparkTestSession.get().read().format("delta").load(warehouse.resolve(table).toString());
  }

  private static Dataset<Row> withoutRunIds(Dataset<Row> table) {
    return table.drop(
        Arrays.stream(table.columns())
            .filter(c -> c.equals("run_id") || c.equals("fit_seconds"))
            .toArray(String[]::new));
  }

  private static String[] sampleArgs(String job) {
    return new String[] {
      job,
      "--config",
      SharedData.project("conf/sample.conf").toString(),
      "--as-of",
      AS_OF,
      "--set",
      "source.path=" + source,
      "--set",
      "clv.models=[bg_nbd]"
    };
  }
}
