package dev.cohortlake.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cohortlake.reader.DeltaTableReader.Column;
import dev.cohortlake.reader.DeltaTableReader.TableSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delta Kernel reads what the pipeline wrote, with no Spark on this module's classpath: the bundled
 * sample run through {@code scripts/cohortlake all} as of two dates (so {@code cohort_monthly} has
 * two versions), and Spark's reading of the same versions, both in child JVMs.
 */
class DeltaTableReaderTest {

  private static final Path PROJECT = Path.of("").toAbsolutePath().getParent();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  private static Path warehouse;

  @BeforeAll
  static void runThePipelineTwice() {
    warehouse = work.resolve("warehouse");
    for (String asOf : List.of("1998-03-31", "1998-06-30")) {
      run(
          List.of(
              "scripts/cohortlake",
              "all",
              "--as-of",
              asOf,
              "--set",
              "warehouse.root=" + warehouse,
              "--set",
              "clv.models=[bg_nbd]"));
    }
  }

  @Test
  void thisModuleHasNoSpark() {
    assertThatThrownBy(() -> Class.forName("org.apache.spark.sql.SparkSession"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void schemaCarriesTheCommentsBiUsersSeeAndThePartitions() {
    TableSnapshot clv = DeltaTableReader.forPath(table("clv_customer")).latest();
    assertThat(clv.comment()).startsWith("Customer lifetime value per customer");
    assertThat(clv.partitionColumns()).containsExactly("as_of_date");
    assertThat(clv.columns()).extracting(Column::name).contains("customer_id", "p_alive", "clv");
    assertThat(clv.columns()).allSatisfy(c -> assertThat(c.comment()).as(c.name()).isNotBlank());
    TableSnapshot cohorts = DeltaTableReader.forPath(table("cohort_monthly")).latest();
    assertThat(cohorts.columns())
        .filteredOn(c -> c.name().equals("retention_rate"))
        .singleElement()
        .satisfies(c -> assertThat(c.type()).isEqualTo("double"));
  }

  /** Written into the Delta log, comments reach every engine; a second run must not drop them. */
  @Test
  void everyTableKeepsItsCommentsInTheDeltaLogAfterASecondRun() throws IOException {
    List<Path> tables;
    try (var folders = Files.list(warehouse)) {
      tables = folders.filter(f -> Files.isDirectory(f.resolve("_delta_log"))).sorted().toList();
    }
    assertThat(tables)
        .extracting(t -> t.getFileName().toString())
        .contains("orders", "customers", "cohort_monthly", "contact_calendar", "run_log");
    assertThat(DeltaTableReader.forPath(table("orders")).latest().version())
        .as("orders replaced whole by the second run")
        .isEqualTo(1);
    for (Path folder : tables) {
      TableSnapshot table = DeltaTableReader.forPath(folder.toString()).latest();
      assertThat(table.comment()).as(folder.getFileName().toString()).isNotBlank();
      assertThat(table.columns())
          .allSatisfy(
              c -> assertThat(c.comment()).as(folder.getFileName() + "." + c.name()).isNotBlank());
    }
  }

  @Test
  void timeTravelReadsTheFirstRunsSnapshotAlone() {
    DeltaTableReader cohorts = DeltaTableReader.forPath(table("cohort_monthly"));
    TableSnapshot latest = cohorts.latest();
    TableSnapshot first = cohorts.atVersion(latest.version() - 1);
    assertThat(first.rows())
        .extracting(r -> r.get("as_of_date"))
        .containsOnly(LocalDate.of(1998, 3, 31));
    assertThat(latest.rows())
        .extracting(r -> r.get("as_of_date"))
        .containsOnly(LocalDate.of(1998, 3, 31), LocalDate.of(1998, 6, 30));
  }

  @Test
  void rowsEqualWhatSparkReads() throws IOException {
    for (String name : List.of("cohort_monthly", "clv_customer")) {
      TableSnapshot snapshot = DeltaTableReader.forPath(table(name)).latest();
      List<String> kernel = new ArrayList<>();
      for (Map<String, Object> row : snapshot.rows()) {
        List<String> values = new ArrayList<>();
        row.values().forEach(v -> values.add(canonical(v)));
        kernel.add(String.join("|", values));
      }
      List<String> spark = new ArrayList<>();
      for (String line : sparkRows(name, snapshot.version())) {
        JsonNode row = JSON.readTree(line);
        List<String> values = new ArrayList<>();
        snapshot.columns().forEach(c -> values.add(canonical(row.get(c.name()))));
        spark.add(String.join("|", values));
      }
      assertThat(kernel).as(name).isNotEmpty().containsExactlyInAnyOrderElementsOf(spark);
    }
  }

  private static String canonical(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Double d && !Double.isFinite(d)) {
      return d.toString();
    }
    if (value instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    }
    return value.toString();
  }

  private static String canonical(JsonNode node) {
    if (node == null || node.isNull()) {
      return "null";
    }
    if (node.isNumber()) {
      return node.decimalValue().stripTrailingZeros().toPlainString();
    }
    return node.asText();
  }

  /** Spark's rows of one version of a table, read by a child JVM with the jobs' classpath. */
  private static List<String> sparkRows(String name, long version) throws IOException {
    Path out = work.resolve(name + "-" + version + ".json");
    Path target = PROJECT.resolve("jobs/target");
    String classpath =
        String.join(
            ":",
            target.resolve("cohortlake.jar").toString(),
            Files.readString(target.resolve("runtime-classpath.txt")).trim(),
            Files.readString(target.resolve("spark-runtime-classpath.txt")).trim(),
            target.resolve("test-classes").toString());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(Files.readString(target.resolve("jvm-options.txt")).trim().split("\\s+")));
    command.addAll(
        List.of(
            "-Dlog4j2.configurationFile=" + PROJECT.resolve("conf/log4j2.properties"),
            "-cp",
            classpath,
            "dev.cohortlake.jobs.SparkTableDump",
            table(name),
            Long.toString(version),
            out.toString()));
    run(command);
    return Files.readAllLines(out);
  }

  private static String table(String name) {
    return warehouse.resolve(name).toString();
  }

  private static void run(List<String> command) {
    try {
      Path log = Files.createTempFile(work, "child", ".log");
      Process process =
          new ProcessBuilder(command)
              .directory(PROJECT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("Timed out: " + command);
      }
      assertThat(process.exitValue()).as(Files.readString(log)).isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
