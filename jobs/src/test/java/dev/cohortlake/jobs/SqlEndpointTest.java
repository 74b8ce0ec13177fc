package dev.cohortlake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cohortlake.table.TableSpec;
import dev.cohortlake.table.Tables;
import dev.cohortlake.testing.SharedData;
import dev.cohortlake.testing.SparkTestSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where BI users are: the bundled sample written by {@code all} as of two dates with {@code
 * catalog.enabled}, then read by name as a Spark SQL user of the catalog (an embedded Derby Hive
 * metastore, in a child JVM) and as a BI tool over JDBC from the Trino server that {@code
 * scripts/serve-sql} starts on loopback. Both see every table with its comments and the BI views of
 * the latest snapshot, and answer alike.
 */
class SqlEndpointTest {

  private static final String FIRST = "1998-03-31";
  private static final String LATEST = "1998-06-30";
  private static final List<String> VIEWS =
      List.of(
          "customers_latest",
          "cohort_monthly_latest",
          "retention_curve_latest",
          "clv_customer_latest",
          "cohort_heatmap",
          "at_risk_customers");
  private static final String HEATMAP = "SELECT * FROM cohort_heatmap";
  private static final String LATEST_AS_OF = "SELECT DISTINCT as_of_date FROM customers_latest";
  private static final String TOP_AT_RISK =
      "SELECT model, value_rank, customer_id, clv, p_alive, expected_purchases,"
          + " days_since_last_order, reason FROM at_risk_customers WHERE value_rank <= 5";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One purchase model is enough for the views; three would only slow the runs. */
  private static final String MODEL = "clv.models=[bg_nbd]";

  @TempDir static Path dir;
  private static Path warehouse;

  /** Spark's answers through the catalog, by statement. */
  private static List<List<Map<String, Object>>> spark;

  @BeforeAll
  static void writeTwoSnapshotsWithTheCatalogOnAndQueryItWithSpark() {
    warehouse = dir.resolve("warehouse");
    // The earlier snapshot in this JVM (its session has no Hive support), the latest with the
    // catalog on, in the CLI's own session.
    CliRun first = CliRun.onSample(warehouse, "all", "--as-of", FIRST, "--set", MODEL);
    assertThat(first.exitCode()).as(first.err()).isZero();
    try (ChildCli latest =
        ChildCli.start(
            warehouse,
            dir.resolve("logs"),
            "all",
            "--as-of",
            LATEST,
            "--set",
            "catalog.enabled=true",
            "--set",
            MODEL)) {
      assertThat(latest.waitFor()).as(latest.errors()).isZero();
    }
    spark =
        catalogSql(
            "SHOW TABLES IN cohortlake",
            "DESCRIBE TABLE cohortlake.cohort_monthly",
            "DESCRIBE TABLE EXTENDED cohortlake.clv_customer",
            "USE cohortlake",
            LATEST_AS_OF,
            HEATMAP,
            TOP_AT_RISK,
            "DROP TABLE cohortlake.customers",
            "SHOW TABLES IN cohortlake");
  }

  @Test
  void sparkCatalogHasEveryTableWithItsCommentsAndViewsOfTheLatestSnapshot() {
    List<String> registered = column(spark.get(0), "tableName");
    assertThat(registered).containsAll(writtenTables()).containsAll(VIEWS);

    Map<String, String> comments = new HashMap<>();
    spark.get(1).forEach(row -> comments.put((String) row.get("col_name"), text(row, "comment")));
    assertThat(comments).containsAllEntriesOf(columnComments(Tables.COHORT_MONTHLY));
    assertThat(spark.get(2))
        .anySatisfy(
            row -> {
              assertThat(row.get("col_name")).isEqualTo("Comment");
              assertThat(row.get("data_type")).isEqualTo(Tables.CLV_CUSTOMER.comment());
            });

    assertThat(column(spark.get(4), "as_of_date")).containsExactly(LATEST);
    assertThat(spark.get(5)).isNotEmpty();
    assertThat(spark.get(6)).isNotEmpty();
  }

  @Test
  void droppingATableFromTheCatalogKeepsItsData() {
    assertThat(column(spark.get(8), "tableName")).doesNotContain("customers").contains("orders");
    long snapshots =
        SparkTestSession.get()
            .read()
            .format("delta")
            .load(warehouse.resolve("customers").toString())
            .select("as_of_date")
            .distinct()
            .count();
    assertThat(snapshots).isEqualTo(2);
  }

  @Test
  void trinoServesTheTablesCommentsAndViewsAsSparkReadsThem() throws Exception {
    Path state = dir.resolve("serve-sql");
    String port = String.valueOf(freePort());
    List<String> start =
        List.of(
            "scripts/serve-sql",
            "--warehouse",
            warehouse.toString(),
            "--port",
            port,
            "--state",
            state.toString());
    String pid = null;
    try {
      script(start);
      // Re-runnable: a second call refreshes the registrations of the running server.
      String printed = script(start);
      pid = Files.readString(state.resolve("data/var/run/launcher.pid")).trim();
      Matcher url = Pattern.compile("JDBC URL: (\\S+)").matcher(printed);
      assertThat(url.find()).as(printed).isTrue();

      try (Connection trino = DriverManager.getConnection(url.group(1))) {
        List<String> tables = column(query(trino, "SHOW TABLES"), "Table");
        assertThat(tables).containsExactlyInAnyOrderElementsOf(column(spark.get(0), "tableName"));

        try (ResultSet columns =
            trino.getMetaData().getColumns("delta", "cohortlake", "cohort_monthly", null)) {
          Map<String, String> remarks = new HashMap<>();
          while (columns.next()) {
            remarks.put(columns.getString("COLUMN_NAME"), columns.getString("REMARKS"));
          }
          assertThat(remarks).isEqualTo(columnComments(Tables.COHORT_MONTHLY));
        }
        assertThat(
                query(
                    trino,
                    "SELECT comment FROM system.metadata.table_comments WHERE catalog_name ="
                        + " 'delta' AND schema_name = 'cohortlake' AND table_name = 'clv_customer'"))
            .containsExactly(Map.of("comment", Tables.CLV_CUSTOMER.comment()));

        assertThat(query(trino, LATEST_AS_OF)).isEqualTo(spark.get(4));
        assertThat(query(trino, HEATMAP)).containsExactlyInAnyOrderElementsOf(spark.get(5));
        assertThat(query(trino, TOP_AT_RISK)).containsExactlyInAnyOrderElementsOf(spark.get(6));
      }
    } finally {
      script(List.of("scripts/serve-sql", "stop", "--state", state.toString()));
    }
    assertThat(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive))
        .as("Trino's process after stop")
        .isNotEqualTo(Optional.of(true));
  }

  /** Runs statements through {@link CatalogSql} in a child JVM and reads its answers. */
  private static List<List<Map<String, Object>>> catalogSql(String... statements) {
    Path out = dir.resolve("catalog-sql");
    List<String> command = TestJvm.localSpark(CatalogSql.class.getName());
    command.add(warehouse.toString());
    command.add(out.toString());
    command.addAll(Arrays.asList(statements));
    try {
      Files.createDirectories(out);
      script(command);
      List<List<Map<String, Object>>> answers = new ArrayList<>();
      for (int i = 0; i < statements.length; i++) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(i + ".json"))) {
          rows.add(normalized(JSON.readValue(line, new TypeReference<Map<String, Object>>() {})));
        }
        answers.add(rows);
      }
      return answers;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rows as Spark's JSON has them: nulls left out, numbers as doubles, everything else as text. */
  private static List<Map<String, Object>> query(Connection trino, String sql) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (ResultSet result = trino.createStatement().executeQuery(sql)) {
      ResultSetMetaData meta = result.getMetaData();
      while (result.next()) {
        Map<String, Object> row = new HashMap<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
          row.put(meta.getColumnLabel(c), result.getObject(c));
        }
        rows.add(normalized(row));
      }
    }
    return rows;
  }

  private static Map<String, Object> normalized(Map<String, Object> row) {
    Map<String, Object> values = new TreeMap<>();
    row.forEach(
        (name, value) -> {
          if (value instanceof Number number) {
            values.put(name, number.doubleValue());
          } else if (value != null) {
            values.put(name, value.toString());
          }
        });
    return values;
  }

  private static Map<String, String> columnComments(TableSpec spec) {
    Map<String, String> comments = new HashMap<>();
    for (StructField field : spec.schema().fields()) {
      comments.put(field.name(), field.getComment().get());
    }
    return comments;
  }

  /** The tables the runs wrote (the sample has no holdout, so no clv_validation). */
  private static List<String> writtenTables() {
    return Tables.ALL.stream()
        .map(TableSpec::name)
        .filter(name -> Files.isDirectory(warehouse.resolve(name).resolve("_delta_log")))
        .toList();
  }

  private static List<String> column(List<Map<String, Object>> rows, String name) {
    return rows.stream().map(row -> text(row, name)).toList();
  }

  private static String text(Map<String, Object> row, String name) {
    return String.valueOf(row.get(name));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Runs a command from the project folder and returns what it printed; it must succeed. */
  private static String script(List<String> command) {
    try {
      Path log = Files.createTempFile(dir, "command", ".log");
      Process process =
          new ProcessBuilder(command)
              .directory(SharedData.project(".").toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(15, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("Timed out: " + command);
      }
      String printed = Files.readString(log);
      assertThat(process.exitValue()).as(printed).isZero();
      return printed;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
