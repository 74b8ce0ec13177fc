package dev.cohortlake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import dev.cohortlake.testing.DatasetAssertions;
import dev.cohortlake.testing.SharedData;
import dev.cohortlake.testing.SparkTestSession;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nightly incremental ingest on UCI Online Retail split into one CSV file per invoice day (December
 * 2010 to March 2011): files arrive over several nights out of order, one day late and one
 * re-delivered under another name; a night with no new file reads nothing; a file corrected after
 * ingestion stops the run until it is reingested. Between nights the derived jobs bring
 * customer_state up to date by passing again only the customers whose orders changed. After all of
 * that, orders, customer_state, customers and the cohort tables equal those of one full run over
 * the same folder, and every file is in ingested_files once with its rows accounted for.
 */
class IncrementalIngestTest {

  private static final String AS_OF = "2011-03-31";
  private static final String LATE_DAY = "2011-01-18";
  private static final String REDELIVERED_DAY = "2011-02-10";
  private static final String CORRECTED_DAY = "2011-03-03";

  @TempDir static Path dir;
  private static Path days;
  private static Path inbox;
  private static Path warehouse;

  /** The day files, by day, in a folder the nights copy them from. */
  private static final Map<String, Path> dayFiles = new TreeMap<>();

  @BeforeAll
  static void splitOnlineRetailIntoDays() throws IOException {
    days = Files.createDirectories(dir.resolve("days"));
    inbox = Files.createDirectories(dir.resolve("inbox"));
    warehouse = dir.resolve("warehouse");
    splitByDay(SharedData.file("online-retail/online_retail.csv.gz"));
  }

  @Test
  void nightlyRunsOverDailyFilesEqualOneFullRunOverTheSameFiles() throws IOException {
    List<String> all = new ArrayList<>(dayFiles.keySet());
    List<String> firstNight = all.stream().filter(d -> d.compareTo("2011-02-01") < 0).toList();
    List<String> secondNight =
        new ArrayList<>(
            all.stream()
                .filter(d -> d.compareTo("2011-02-01") >= 0 && d.compareTo("2011-03-01") < 0)
                .toList());
    Collections.shuffle(secondNight, new Random(7));
    secondNight.add(LATE_DAY);
    List<String> thirdNight = all.stream().filter(d -> d.compareTo("2011-03-01") >= 0).toList();

    CliRun night1 = night(firstNight.stream().filter(d -> !d.equals(LATE_DAY)).toList());
    assertThat(night1.exitCode()).as(night1.err()).isZero();
    assertThat(night1.out()).contains("(0 ingested before and unchanged)");
    assertThat(derive("cohorts").out())
        .contains("customer_state: rebuilding from all orders (version 0): it does not exist yet");
    long firstCustomers = read(warehouse, "customer_state").count();

    CliRun night2 = night(secondNight);
    assertThat(night2.exitCode()).as(night2.err()).isZero();
    assertThat(night2.out())
        .contains(secondNight.size() + " source files to read")
        .contains("merging into orders in 2 month partition(s): 2011-01-01, 2011-02-01");
    Row merge = history("orders").first();
    assertThat(merge.<String>getAs("operation")).isEqualTo("MERGE");
    assertThat(
            merge
                .<scala.collection.Map<String, String>>getAs("operationParameters")
                .apply("predicate"))
        .as("the history names the month partitions the night rewrote")
        .contains("2011-01-01")
        .contains("2011-02-01")
        .doesNotContain("2010-12-01");

    Files.copy(dayFiles.get(REDELIVERED_DAY), inbox.resolve(REDELIVERED_DAY + "-redelivered.csv"));
    CliRun night3 = night(thirdNight);
    assertThat(night3.exitCode()).as(night3.err()).isZero();
    assertThat(night3.out()).contains((thirdNight.size() + 1) + " source files to read");

    CliRun afterNight3 = derive("cohorts");
    assertThat(afterNight3.out())
        .as("two nights of merges are passed again customer by customer")
        .contains("passing again the customers whose orders changed from orders version 0 to 2");
    Row stateMerge =
        DeltaTable.forPath(SparkTestSession.get(), warehouse.resolve("customer_state").toString())
            .history()
            .filter(col("operation").equalTo("MERGE"))
            .first();
    scala.collection.Map<String, String> merged = stateMerge.getAs("operationMetrics");
    assertThat(Long.parseLong(merged.apply("numTargetRowsUpdated")))
        .as("only customers with new orders are rewritten")
        .isPositive()
        .isLessThan(firstCustomers);

    long ordersVersion = version("orders");
    CliRun quiet = ingest();
    assertThat(quiet.exitCode()).as(quiet.err()).isZero();
    assertThat(quiet.out()).contains("0 source files to read (" + (all.size() + 1));
    assertThat(version("orders"))
        .as("a night without new files commits nothing")
        .isEqualTo(ordersVersion);

    Path corrected = inbox.resolve(CORRECTED_DAY + ".csv");
    dropLastInvoice(corrected);
    CliRun refused = ingest();
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains(corrected.getFileName().toString()).contains("--reingest");
    assertThat(version("orders")).isEqualTo(ordersVersion);
    CliRun reingested = ingest("--reingest", corrected.toString());
    assertThat(reingested.exitCode()).as(reingested.err()).isZero();
    String reingestRun = runId(reingested);

    assertThat(derive("customers").out())
        .as("the reingest's deletions are changes too")
        .contains("from orders version 2 to 3");
    assertThat(derive("cohorts").out()).contains("customer_state is current (orders version 3)");
    Path reference = dir.resolve("reference");
    CliRun full = CliRun.run(reference, args("ingest", "--set", "source.incremental=false"));
    assertThat(full.exitCode()).as(full.err()).isZero();
    // The reference's state is built in one pass over all of its orders.
    for (String job : List.of("customers", "cohorts")) {
      CliRun derived = CliRun.run(reference, args(job));
      assertThat(derived.exitCode()).as(derived.err()).isZero();
    }
    for (String table :
        List.of("orders", "customer_state", "customers", "cohort_monthly", "retention_monthly")) {
      DatasetAssertions.assertSameRows(
          withoutLineage(read(warehouse, table)), withoutLineage(read(reference, table)), 1e-9);
    }

    Dataset<Row> files = read(warehouse, "ingested_files");
    assertThat(files.count()).isEqualTo(all.size() + 1);
    Row totals = files.selectExpr("sum(rows_read)", "sum(rows_kept + rows_rejected)").first();
    assertThat(totals.getLong(0)).isEqualTo(totals.getLong(1));
    Row correctedRow = files.filter(col("path").endsWith(CORRECTED_DAY + ".csv")).first();
    assertThat(correctedRow.<String>getAs("run_id")).isEqualTo(reingestRun);
  }

  private static CliRun night(List<String> arriving) throws IOException {
    for (String day : arriving) {
      Files.copy(
          dayFiles.get(day), inbox.resolve(day + ".csv"), StandardCopyOption.REPLACE_EXISTING);
    }
    return ingest();
  }

  private static CliRun derive(String job) {
    CliRun derived = CliRun.run(warehouse, args(job));
    assertThat(derived.exitCode()).as(derived.err()).isZero();
    return derived;
  }

  private static CliRun ingest(String... extra) {
    List<String> ingest = new ArrayList<>(Arrays.asList(args("ingest")));
    ingest.addAll(Arrays.asList(extra));
    return CliRun.run(warehouse, ingest.toArray(String[]::new));
  }

  private static String[] args(String job, String... extra) {
    List<String> args =
        new ArrayList<>(List.of("--as-of", AS_OF, "--set", "source.incremental=true"));
    args.addAll(Arrays.asList(extra));
    return CliRun.args(job, "conf/online-retail.conf", inbox, args.toArray(String[]::new));
  }

  private static String runId(CliRun run) {
    return run.table("run_log").orderBy(col("started_at").desc()).first().getAs("run_id");
  }

  private static long version(String table) {
    return history(table).first().getLong(0);
  }

  private static Dataset<Row> history(String table) {
    return DeltaTable.forPath(SparkTestSession.get(), warehouse.resolve(table).toString())
        .history(1);
  }

  private static Dataset<Row> read(Path root, String table) {
    return SparkTestSession.get().read().format("delta").load(root.resolve(table).toString());
  }

  private static Dataset<Row> withoutLineage(Dataset<Row> table) {
    return table.drop("run_id", "source_file", "orders_version", "orders_table_id");
  }

  /** Writes one CSV file per invoice day up to the as-of date, each with the header line. */
  private static void splitByDay(Path gzip) throws IOException {
    CsvParserSettings settings = new CsvParserSettings();
    settings.setHeaderExtractionEnabled(false);
    settings.setMaxCharsPerColumn(-1);
    CsvParser parser = new CsvParser(settings);
    Map<String, CsvWriter> writers = new TreeMap<>();
    try (Reader in =
        new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(gzip)), StandardCharsets.UTF_8)) {
      parser.beginParsing(in);
      String[] header = parser.parseNext();
      for (String[] row = parser.parseNext(); row != null; row = parser.parseNext()) {
        String day = row[4].substring(0, 10);
        if (day.compareTo(AS_OF) > 0) {
          continue;
        }
        writers
            .computeIfAbsent(
                day,
                d -> {
                  CsvWriter writer = new CsvWriter(open(d), new CsvWriterSettings());
                  writer.writeRow((Object[]) header);
                  return writer;
                })
            .writeRow((Object[]) row);
      }
    } finally {
      parser.stopParsing();
      writers.values().forEach(CsvWriter::close);
    }
  }

  private static Writer open(String day) {
    try {
      Path file = days.resolve(day + ".csv");
      dayFiles.put(day, file);
      return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A corrected delivery: the file without the lines of its last invoice. */
  private static void dropLastInvoice(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String lastInvoice = lines.get(lines.size() - 1).split(",", 2)[0];
    Files.write(file, lines.stream().filter(l -> !l.startsWith(lastInvoice + ",")).toList());
  }
}
