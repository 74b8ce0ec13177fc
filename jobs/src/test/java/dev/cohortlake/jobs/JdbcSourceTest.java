package dev.cohortlake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortlake.run.Environment;
import dev.cohortlake.testing.DatasetAssertions;
import dev.cohortlake.testing.SharedData;
import dev.cohortlake.testing.SparkTestSession;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL table as the source, on a real server started on loopback: credentials come from the
 * environment only; the read is split on the id column; with {@code watermark-column = id} the
 * second night reads only the rows inserted since the first (new orders and a late one dated months
 * back), records the new watermark in run_log, and leaves orders equal to one full read of the
 * table.
 */
class JdbcSourceTest {

  private static final Environment CREDENTIALS =
      Environment.of(
          Map.of(
              "COHORTLAKE_JDBC_USER", PostgresServer.USER,
              "COHORTLAKE_JDBC_PASSWORD", PostgresServer.PASSWORD));

  @TempDir static Path dir;
  private static PostgresServer postgres;
  private static Path config;
  private static List<String[]> sample;

  @BeforeAll
  static void startPostgresWithTheSampleHead() throws IOException, SQLException {
    try (Stream<String> lines = Files.lines(SharedData.project("data/CDNOW_master.txt"))) {
      sample = lines.skip(1).limit(4_000).map(line -> line.trim().split("\\s+")).toList();
    }
    postgres = PostgresServer.start();
    try (Connection db = postgres.connect()) {
      db.createStatement()
          .execute(
              "CREATE TABLE order_lines (id bigserial PRIMARY KEY, customer_id text NOT NULL,"
                  + " ordered_at timestamp NOT NULL, amount numeric(10, 2) NOT NULL)");
    }
    insert(sample.subList(0, 3_000));
    config = dir.resolve("shop-db.conf");
    Files.writeString(
        config,
        """
        cohortlake {
          dataset = shop-db
          source {
            format = jdbc
            jdbc {
              url = "%s"
              table = order_lines
              partition-column = id
              partitions = 3
              watermark-column = id
            }
          }
          mapping { customer-id = customer_id, order-ts = ordered_at, amount = amount }
        }
        """
            .formatted(postgres.url()));
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void aSecondNightReadsOnlyRowsPastTheWatermarkAndOrdersEqualAFullRead() throws SQLException {
    Path warehouse = dir.resolve("nightly");
    CliRun first = ingest(warehouse);
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("rows of id after the first up to 3000");

    insert(sample.subList(3_000, 4_000));
    insert(List.<String[]>of(new String[] {"99999", "19970115", "1", "12.34"}));
    CliRun second = ingest(warehouse);

    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out()).contains("rows of id after 3000 up to 4001");
    Row logged = second.table("run_log").orderBy(col("started_at").desc()).first();
    assertThat(logged.<Long>getAs("rows_read")).isEqualTo(1_001L);
    assertThat(logged.<String>getAs("source_watermark")).isEqualTo("4001");

    Path reference = dir.resolve("full");
    CliRun full = ingest(reference, "--set", "source.jdbc.watermark-column=\"\"");
    assertThat(full.exitCode()).as(full.err()).isZero();
    DatasetAssertions.assertSameRows(orders(warehouse), orders(reference), 1e-9);
    assertThat(orders(warehouse).filter(col("customer_id").equalTo("99999")).count())
        .as("the late order, dated 1997-01-15, is in orders")
        .isEqualTo(1);
  }

  @Test
  void withoutTheCredentialVariablesTheRunExitsTwoNamingThem() {
    CliRun run =
        CliRun.run(
            Environment.of(Map.of()),
            dir.resolve("no-credentials"),
            "ingest",
            "--config",
            config.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("Environment variable COHORTLAKE_JDBC_USER is not set")
        .contains("never from the config file");
  }

  private static CliRun ingest(Path warehouse, String... extra) {
    List<String> args = new ArrayList<>(List.of("ingest", "--config", config.toString()));
    args.addAll(List.of("--as-of", "1998-06-30"));
    args.addAll(Arrays.asList(extra));
    return CliRun.run(CREDENTIALS, warehouse, args.toArray(String[]::new));
  }

  private static Dataset<Row> orders(Path warehouse) {
    return SparkTestSession.get()
        .read()
        .format("delta")
        .load(warehouse.resolve("orders").toString())
        .drop("run_id", "source_file");
  }

  /** Inserts CDNOW sample lines (customer, yyyyMMdd, quantity, amount) as order lines. */
  private static void insert(List<String[]> lines) throws SQLException {
    DateTimeFormatter day = DateTimeFormatter.BASIC_ISO_DATE;
    try (Connection db = postgres.connect();
        PreparedStatement insert =
            db.prepareStatement(
                "INSERT INTO order_lines (customer_id, ordered_at, amount) VALUES (?, ?, ?)")) {
      for (String[] line : lines) {
        insert.setString(1, line[0]);
        insert.setTimestamp(2, Timestamp.valueOf(LocalDate.parse(line[1], day).atStartOfDay()));
        insert.setBigDecimal(3, new BigDecimal(line[3]));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
