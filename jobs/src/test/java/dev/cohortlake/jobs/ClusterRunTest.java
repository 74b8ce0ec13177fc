package dev.cohortlake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortlake.testing.DatasetAssertions;
import dev.cohortlake.testing.SharedData;
import dev.cohortlake.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar on a real multi-process cluster: a standalone master and two workers on
 * loopback, {@code scripts/submit.sh} in client mode with two executor cores, {@code all} on Online
 * Retail (its config given as a file: URI). The tables equal a local run's, the event log shows
 * every task ran on the two executors in the worker JVMs, a failed run exits non-zero, and no
 * process is left behind.
 */
class ClusterRunTest {

  private static final Pattern TASK_EXECUTOR =
      Pattern.compile("\"Event\":\"SparkListenerTaskEnd\".*?\"Executor ID\":\"([^\"]+)\"");

  @TempDir static Path dir;
  private static StandaloneCluster cluster;

  @BeforeAll
  static void startCluster() throws IOException, InterruptedException {
    // The application jar and Spark's jars: what `mvn package` builds and a cluster provides.
    Process build =
        new ProcessBuilder(SharedData.project("scripts/cohortlake").toString(), "--version")
            .directory(SharedData.project(".").toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("build.log").toFile())
            .start();
    assertThat(build.waitFor(600, TimeUnit.SECONDS) && build.exitValue() == 0)
        .as("the application jar builds: %s", StandaloneCluster.read(dir.resolve("build.log")))
        .isTrue();
    List<String> sparkClasspath = new ArrayList<>();
    for (String file : List.of("runtime-classpath.txt", "spark-runtime-classpath.txt")) {
      String entries = Files.readString(SharedData.project("jobs/target/" + file)).trim();
      sparkClasspath.addAll(Arrays.asList(entries.split(":")));
    }
    cluster = StandaloneCluster.start(dir, sparkClasspath, 2);
  }

  @AfterAll
  static void stopCluster() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
      assertThat(cluster.aliveProcesses()).as("no master, worker or executor left").isEmpty();
    }
  }

  @Test
  void allOnOnlineRetailRunsOnTheWorkersAndWritesTheTablesOfALocalRun() throws Exception {
    Path events = Files.createDirectories(dir.resolve("events"));
    Path clustered = dir.resolve("cluster-warehouse");

    Process submit =
        submit(
            List.of(
                "all",
                "--config",
                SharedData.project("conf/online-retail.conf").toUri().toString(),
                "--as-of",
                "2011-12-09",
                "--set",
                "source.path=" + SharedData.file("online-retail/online_retail.csv.gz"),
                "--set",
                "warehouse.root=" + clustered),
            List.of(
                "--conf", "spark.eventLog.enabled=true",
                "--conf", "spark.eventLog.dir=file://" + events,
                "--conf", "spark.eventLog.compress=false",
                "--conf", "spark.eventLog.rolling.enabled=false",
                // As many as the local test session, so both runs split the data alike.
                "--conf", "spark.sql.shuffle.partitions=2"),
            dir.resolve("submit-all.log"));

    assertThat(submit.exitValue())
        .as("the submitted run: %s", StandaloneCluster.read(dir.resolve("submit-all.log")))
        .isZero();
    Set<String> executors = new TreeSet<>();
    long tasks = 0;
    try (Stream<Path> logs = Files.walk(events)) {
      for (Path log : logs.filter(Files::isRegularFile).toList()) {
        Matcher task = TASK_EXECUTOR.matcher(Files.readString(log));
        while (task.find()) {
          executors.add(task.group(1));
          tasks++;
        }
      }
    }
    assertThat(tasks).as("tasks in the event log").isPositive();
    assertThat(executors)
        .as("every task ran on one of the two executors")
        .containsExactly("0", "1");
    assertThat(cluster.status()).containsPattern("\"name\"\\s*:\\s*\"cohortlake\"");

    Path local = dir.resolve("local-warehouse");
    CliRun run =
        CliRun.run(
            local,
            "all",
            "--config",
            SharedData.project("conf/online-retail.conf").toString(),
            "--as-of",
            "2011-12-09",
            "--set",
            "source.path=" + SharedData.file("online-retail/online_retail.csv.gz"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    for (String table :
        List.of(
            "orders",
            "rejected_rows",
            "customers",
            "cohort_monthly",
            "retention_curve",
            "retention_monthly",
            "clv_customer",
            "clv_model")) {
      DatasetAssertions.assertSameRows(
          withoutRunColumns(read(clustered, table)), withoutRunColumns(read(local, table)), 1e-6);
    }
  }

  @Test
  void aSubmittedRunThatFailsExitsNonZero() throws Exception {
    Process submit =
        submit(
            List.of(
                "ingest",
                "--config",
                SharedData.project("conf/online-retail.conf").toString(),
                "--set",
                "cleaning.drop-dupes=true",
                "--set",
                "warehouse.root=" + dir.resolve("failed-warehouse")),
            List.of(),
            dir.resolve("submit-failed.log"));

    assertThat(submit.exitValue()).isEqualTo(2);
    assertThat(StandaloneCluster.read(dir.resolve("submit-failed.log")))
        .contains("cohortlake.cleaning.drop-dupes");
  }

  private static Process submit(List<String> job, List<String> sparkOptions, Path log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(SharedData.project("scripts/submit.sh").toString());
    command.addAll(job);
    command.add("--");
    command.addAll(
        List.of(
            "--master", cluster.masterUrl(),
            "--total-executor-cores", "2",
            "--executor-memory", "1g",
            "--conf", "spark.driver.host=127.0.0.1",
            "--conf", "spark.ui.enabled=false"));
    command.addAll(sparkOptions);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(SharedData.project(".").toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("JAVA_OPTS", "-Xmx2g");
    builder.environment().remove("SPARK_HOME");
    Process process = builder.start();
    assertThat(process.waitFor(900, TimeUnit.SECONDS)).as("the submitted run ends").isTrue();
    return process;
  }

  private static Dataset<Row> read(Path warehouse, String table) {
    return SparkTestSession.get().read().format("delta").load(warehouse.resolve(table).toString());
  }

  private static Dataset<Row> withoutRunColumns(Dataset<Row> table) {
    return table.drop("run_id", "fit_seconds");
  }
}
