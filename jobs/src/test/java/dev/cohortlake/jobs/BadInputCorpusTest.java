package dev.cohortlake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortlake.testing.SparkTestSession;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input corpus ({@code src/test/resources/bad-input}): one test per file, each ingested
 * through the real command line. Every file gives either correct tables or a clear error naming the
 * file (and row, where there is one) with the exit code a scheduler acts on, and never a silent
 * loss: rows read = kept + rejected, and a run that fails leaves the orders of an earlier good run
 * in place. The Parquet case writes its two files with the test session.
 *
 * <p>The good source has three lines of two customers: a (UK, 10.00 and 7.25) and b (France, 5.50).
 */
class BadInputCorpusTest {

  @TempDir Path dir;
  private Path warehouse;

  @BeforeEach
  void emptyWarehouse() {
    warehouse = dir.resolve("warehouse");
  }

  /** Ingests the good source, for the cases that check a failed run leaves it in place. */
  private void goodRunFirst() throws IOException {
    Path good = dir.resolve("good.csv");
    Files.writeString(
        good,
        "customer,ts,value,country\na,2024-01-05,10.00,UK\n"
            + "b,2024-01-20,5.50,France\na,2024-02-03,7.25,UK\n");
    CliRun run = run(good);
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @Test
  void emptyFileExitsTwoNamingTheFile() throws IOException {
    goodRunFirst();
    CliRun run = run(corpus("empty.csv"));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("empty.csv").contains("has no header line");
    assertOrdersUnchanged();
  }

  @Test
  void headerOnlyFileFailsTheMinimumRowsGateBeforeAnythingIsReplaced() throws IOException {
    goodRunFirst();
    CliRun run = run(corpus("header-only.csv"));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.err())
        .contains("cohortlake.quality.min-rows-read")
        .contains("measured 0")
        .contains("limit 1")
        .contains("header-only.csv");
    assertOrdersUnchanged();
    assertThat(run.table("rejected_rows").count()).as("the quarantine is not replaced").isZero();
    Row failed = run.table("run_log").filter("status = 'failed'").first();
    assertThat(failed.<Long>getAs("rows_read")).isZero();
    assertThat(failed.<Object>getAs("table_versions").toString()).isEqualTo("Map()");
  }

  @Test
  void wrongDelimiterExitsTwoNamingTheMissingColumnAndWhatWasRead() {
    CliRun run = run(corpus("wrong-delimiter.csv"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'customer'").contains("[customer;ts;value;country]");
  }

  @Test
  void missingMappedColumnExitsTwoNamingIt() {
    CliRun run = run(corpus("missing-column.csv"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("'value'")
        .contains("cohortlake.mapping.amount")
        .contains("missing-column.csv");
  }

  @Test
  void extraColumnsAreIgnored() {
    CliRun run = run(corpus("extra-columns.csv"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertCustomer(run, "a", 2, "17.25");
  }

  @Test
  void aValueOfTheWrongTypeIsQuarantinedWithItsRow() {
    CliRun run = run(corpus("wrong-type.csv"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertRejected(run, "invalid_number", 4, "ten");
  }

  @Test
  void unparsableDateIsQuarantinedWithItsRow() {
    CliRun run = run(corpus("unparsable-dates.csv"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertRejected(run, "invalid_order_ts", 4, "2024-13-45");
  }

  @Test
  void futureDatesAreKeptButNotCountedBeforeTheAsOfDate() {
    CliRun run = run(corpus("future-dates.csv"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    CliRun customers =
        CliRun.run(
            warehouse,
            "customers",
            "--config",
            config(corpus("future-dates.csv")).toString(),
            "--as-of",
            "2024-03-01");
    assertThat(customers.exitCode()).as(customers.err()).isZero();
    assertThat(run.table("orders").count()).as("the future order is kept").isEqualTo(4);
    assertThat(run.table("customers").filter("customer_id = 'c'").count())
        .as("customer c has no order by the as-of date")
        .isZero();
  }

  @Test
  void invalidBytesInTheEncodingAreQuarantinedAndTheRightEncodingReadsThem() {
    CliRun utf8 = run(corpus("latin1.csv"));
    assertThat(utf8.exitCode()).as(utf8.err()).isZero();
    assertRejected(utf8, "invalid_encoding", 4, "Cura");
    assertThat(utf8.table("orders").filter("country like 'Cura%'").count()).isZero();

    CliRun latin1 = run(corpus("latin1.csv"), "--set", "source.csv.encoding=ISO-8859-1");
    assertThat(latin1.exitCode()).as(latin1.err()).isZero();
    assertThat(latin1.table("orders").filter("country = 'Curaçao'").count()).isEqualTo(1);
  }

  @Test
  void aOneMegabyteLineIsReadWhole() {
    CliRun run = run(corpus("long-line.csv"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.table("orders").filter("length(country) = 1048576").count()).isEqualTo(1);
  }

  @Test
  void windowsLineEndingsReadLikeUnixOnes() {
    CliRun run = run(corpus("crlf.csv"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertCustomer(run, "a", 2, "17.25");
    assertThat(run.table("orders").filter("country = 'UK'").count())
        .as("no trailing \\r")
        .isEqualTo(2);
  }

  @Test
  void truncatedGzipExitsTwoNamingTheFileAndIsLogged() throws IOException {
    goodRunFirst();
    CliRun run = run(corpus("truncated.csv.gz"));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("error: Source file '")
        .contains("truncated.csv.gz")
        .contains("cannot be read")
        .contains("EOFException");
    assertOrdersUnchanged();
    Row failed = run.table("run_log").filter("status = 'failed'").first();
    assertThat(failed.<String>getAs("error")).contains("truncated.csv.gz").contains("caused by:");
  }

  @Test
  void parquetFilesWithDifferentSchemasAreReadTogetherAndTheMisfitsQuarantined() {
    Path folder = dir.resolve("parquet");
    StructType shop =
        new StructType()
            .add("customer", DataTypes.StringType)
            .add("ts", DataTypes.StringType)
            .add("value", DataTypes.DoubleType)
            .add("country", DataTypes.StringType);
    StructType renamed =
        new StructType()
            .add("customer_id", DataTypes.StringType)
            .add("ts", DataTypes.StringType)
            .add("value", DataTypes.DoubleType);
    var spark = SparkTestSession.get();
    spark
        .createDataFrame(List.of(RowFactory.create("a", "2024-01-05", 10.0, "UK")), shop)
        .coalesce(1)
        .write()
        .parquet(folder.resolve("part=1").toString());
    spark
        .createDataFrame(List.of(RowFactory.create("z", "2024-01-07", 3.0)), renamed)
        .coalesce(1)
        .write()
        .parquet(folder.resolve("part=2").toString());

    CliRun run = run(folder, "--set", "source.format=parquet");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.table("orders").count()).isEqualTo(1);
    Row rejected = run.table("rejected_rows").first();
    assertThat(rejected.<String>getAs("reason")).isEqualTo("missing_customer");
    assertThat(rejected.<String>getAs("source")).contains("part=2");
  }

  @Test
  void duplicateFilesAreQuarantinedAsDuplicates() {
    CliRun run = run(corpus("duplicate-files"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.table("orders").count()).isEqualTo(3);
    assertThat(run.table("rejected_rows").filter("reason = 'duplicate'").count()).isEqualTo(3);
  }

  @Test
  void anUnclosedQuoteLosesNoRow() {
    CliRun run = run(corpus("unclosed-quote.csv"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("rows read 3 = kept");
    Row rejected = run.table("rejected_rows").first();
    assertThat(rejected.<String>getAs("raw")).contains("\"10.00");
  }

  @Test
  void aTenThousandCharacterCustomerIdIsKeptWhole() {
    CliRun run = run(corpus("long-customer-id.csv"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.table("orders").filter("length(customer_id) = 10000").count()).isEqualTo(1);
  }

  @Test
  void commaDecimalsAreQuarantinedWithTheLineAsWritten() {
    CliRun run = run(corpus("comma-decimal.csv"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertRejected(run, "invalid_number", 4, "2,55");
    assertRejected(run, "malformed_row", 5, "d,2024-02-11,2,55,UK");
  }

  private CliRun run(Path source, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of("ingest", "--config", config(source).toString(), "--as-of", "2024-03-01"));
    args.addAll(List.of(extra));
    return CliRun.run(warehouse, args.toArray(String[]::new));
  }

  private Path config(Path source) {
    Path config = dir.resolve("shop.conf");
    try {
      Files.writeString(
          config,
          """
          cohortlake {
            dataset = shop
            source { format = csv, path = "%s" }
            mapping {
              customer-id = customer, order-ts = ts, order-ts-format = "yyyy-MM-dd", amount = value
              segments { country = country }
            }
          }
          """
              .formatted(source));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return config;
  }

  private static Path corpus(String name) {
    try {
      return Path.of(
          Objects.requireNonNull(BadInputCorpusTest.class.getResource("/bad-input/" + name))
              .toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private void assertOrdersUnchanged() {
    var orders =
        SparkTestSession.get().read().format("delta").load(warehouse.resolve("orders").toString());
    assertThat(orders.count()).as("orders keeps the good run's rows").isEqualTo(3);
    assertThat(
            io.delta.tables.DeltaTable.forPath(
                    SparkTestSession.get(), warehouse.resolve("orders").toString())
                .history()
                .count())
        .as("orders has one version")
        .isEqualTo(1);
  }

  /** The customer's orders and revenue, as the orders table holds them. */
  private static void assertCustomer(CliRun run, String customer, long orders, String revenue) {
    Row row =
        run.table("orders")
            .filter("customer_id = '" + customer + "'")
            .selectExpr("count(*)", "sum(revenue)")
            .first();
    assertThat(row.getLong(0)).isEqualTo(orders);
    assertThat(row.getDecimal(1)).isEqualByComparingTo(revenue);
  }

  private static void assertRejected(
      CliRun run, String reason, long rowNumber, String... rawContains) {
    List<Row> rows = run.table("rejected_rows").filter("reason = '" + reason + "'").collectAsList();
    assertThat(rows).as("rows rejected as %s", reason).hasSize(1);
    assertThat(rows.get(0).<Long>getAs("row_number")).isEqualTo(rowNumber);
    assertThat(rows.get(0).<String>getAs("source")).contains(".csv");
    assertThat(rows.get(0).<String>getAs("raw")).contains(rawContains);
  }
}
