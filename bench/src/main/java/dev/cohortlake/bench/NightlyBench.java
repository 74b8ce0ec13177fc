package dev.cohortlake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The helpers of {@code scripts/bench.sh nightly}: {@code split} cuts a generated order history
 * into one Parquet file per order day (DuckDB), the delivery a nightly run ingests; {@code compare}
 * checks that a warehouse built by nightly runs holds the same orders, customer_state, customers
 * and cohort tables as one built by a full run.
 */
public final class NightlyBench {

  private static final List<String> SNAPSHOTS =
      List.of("customers", "cohort_monthly", "retention_curve", "retention_monthly");

  private NightlyBench() {}

  public static void main(String[] args) throws IOException, SQLException {
    switch (args[0]) {
      case "split" -> split(Path.of(args[1]), Path.of(args[2]));
      case "compare" -> compare(args[1], args[2], args[3]);
      default -> throw new IllegalArgumentException("split SRC DST | compare NIGHTLY FULL AS_OF");
    }
  }

  private static void split(Path source, Path days) throws IOException, SQLException {
    Path staging = days.resolveSibling(days.getFileName() + ".staging");
    Files.createDirectories(days);
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement()) {
      statement.execute("SET threads = 2");
      statement.execute(
          String.format(
              "COPY (SELECT *, CAST(order_ts AS DATE) AS day FROM read_parquet('%s/*.parquet'))"
                  + " TO '%s' (FORMAT PARQUET, PARTITION_BY (day))",
              source, staging));
      // The partitioned write leaves several files per day: each day becomes one file.
      try (Stream<Path> folders = Files.list(staging)) {
        for (Path folder : folders.sorted().toList()) {
          String day = folder.getFileName().toString().replace("day=", "");
          statement.execute(
              String.format(
                  "COPY (SELECT * FROM read_parquet('%s/*.parquet')) TO '%s' (FORMAT PARQUET)",
                  folder, days.resolve(day + ".parquet")));
        }
      }
    }
    try (Stream<Path> files = Files.walk(staging)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private static void compare(String nightly, String full, String asOf) {
    SparkSession spark = BenchSpark.deltaSession();
    boolean same = same(spark, nightly, full, "orders", null);
    if (Files.exists(Path.of(full, "customer_state"))) {
      same &= same(spark, nightly, full, "customer_state", null);
    } else {
      System.out.println(
          "customer_state: none in the full warehouse (a source read whole keeps none)");
    }
    for (String table : SNAPSHOTS) {
      same &= same(spark, nightly, full, table, "as_of_date = DATE'" + asOf + "'");
    }
    System.out.println(same ? "tables equal: yes" : "tables equal: NO");
    spark.stop();
    if (!same) {
      System.exit(1);
    }
  }

  private static boolean same(
      SparkSession spark, String nightly, String full, String table, String filter) {
    Dataset<Row> a = read(spark, nightly, table, filter);
    Dataset<Row> b = read(spark, full, table, filter);
    long onlyNightly = a.exceptAll(b).count();
    long onlyFull = b.exceptAll(a).count();
    System.out.printf(
        "%s: %,d rows; only in the nightly warehouse %d, only in the full one %d%n",
        table, a.count(), onlyNightly, onlyFull);
    return onlyNightly == 0 && onlyFull == 0;
  }

  private static Dataset<Row> read(SparkSession spark, String root, String table, String filter) {
    Dataset<Row> rows = spark.read().format("delta").load(root + "/" + table);
    if (filter != null) {
      rows = rows.where(filter);
    }
    // Who wrote a row and from which file differ by design; the facts must not.
    return rows.drop("run_id", "source_file", "orders_version", "orders_table_id", "fit_seconds");
  }
}
