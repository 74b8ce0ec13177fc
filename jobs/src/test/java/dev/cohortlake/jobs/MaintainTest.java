package dev.cohortlake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortlake.testing.SparkTestSession;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code maintain} job on the bundled sample after two nightly runs (ingest and customers; the
 * second ingest replaces every file of orders): OPTIMIZE clusters the per-customer tables by
 * customer id without changing a row, and VACUUM never deletes a file that a recent run's table
 * version reads.
 */
class MaintainTest {

  @TempDir static Path warehouse;
  private static long ordersOfFirstRun;

  @BeforeAll
  static void twoSnapshots() {
    assertThat(sample("all", "--as-of", "1998-03-31").exitCode()).isZero();
    ordersOfFirstRun =
        DeltaTable.forPath(SparkTestSession.get(), path("orders")).history(1).first().getLong(0);
    assertThat(sample("all", "--as-of", "1998-06-30").exitCode()).isZero();
  }

  @Test
  void maintainCompactsAndZOrdersWithoutChangingARowAndKeepsRecentVersionsReadable() {
    long customers = table("customers").count();
    long orders = table("orders").count();

    CliRun run = sample("maintain", "--as-of", "1998-06-30");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(table("customers").count()).isEqualTo(customers);
    assertThat(table("orders").count()).isEqualTo(orders);
    Row optimized =
        DeltaTable.forPath(SparkTestSession.get(), path("customers"))
            .history()
            .where(col("operation").equalTo("OPTIMIZE"))
            .select("operationParameters.zOrderBy", "userMetadata")
            .first();
    assertThat(optimized.getString(0)).contains("customer_id");
    assertThat(optimized.getString(1)).startsWith("maintain-");
    assertThat(
            table("run_log")
                .where(col("job").equalTo("maintain").and(col("status").equalTo("succeeded")))
                .count())
        .isEqualTo(1);
  }

  @Test
  void vacuumThatWouldBreakTimeTravelToARecentRunStopsBeforeDeletingAnything() {
    CliRun run =
        sample(
            "maintain",
            "--as-of",
            "1998-06-30",
            "--set",
            "maintain.vacuum-retention-hours=0",
            "--set",
            "maintain.allow-short-retention=true");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("VACUUM with a retention of 0 hours would delete")
        .contains("cohortlake.maintain.vacuum-retention-hours")
        .contains("nothing was deleted");
    long firstRunOrders =
        SparkTestSession.get()
            .read()
            .format("delta")
            .option("versionAsOf", ordersOfFirstRun)
            .load(path("orders"))
            .count();
    assertThat(firstRunOrders).as("time travel to the first run's orders").isPositive();
  }

  private static CliRun sample(String job, String... extra) {
    return CliRun.onSample(warehouse, job, extra);
  }

  private static String path(String table) {
    return warehouse.resolve(table).toString();
  }

  private static Dataset<Row> table(String name) {
    return SparkTestSession.get().read().format("delta").load(path(name));
  }
}
