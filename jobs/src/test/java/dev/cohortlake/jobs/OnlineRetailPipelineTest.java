package dev.cohortlake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortlake.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code all} job on UCI Online Retail (541,909 real order lines), through the real command
 * line, checked against the figures in {@code ../shared/data/online-retail/README.md}.
 */
class OnlineRetailPipelineTest {

  private static final long SOURCE_ROWS = 541_909;

  @TempDir static Path warehouse;
  private static CliRun run;

  @BeforeAll
  static void runAll() {
    run = runOnlineRetail(warehouse, "all", "--set", "report.enabled=true");
    assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.err()).isZero();
  }

  /** Runs a job on the shared Online Retail file with the shipped config and extra arguments. */
  private static CliRun runOnlineRetail(Path warehouse, String job, String... extra) {
    List<String> args = new ArrayList<>(List.of("--as-of", "2011-12-09"));
    args.addAll(List.of(extra));
    return CliRun.run(
        warehouse,
        CliRun.args(
            job,
            "conf/online-retail.conf",
            SharedData.file("online-retail/online_retail.csv.gz"),
            args.toArray(String[]::new)));
  }

  @Test
  void reportDrawsEverySectionWithACountrySelectorAndTheRowsItSetAside() {
    HeadlessChromium.Rendered report = HeadlessChromium.openReport(run, "online-retail");
    assertThat(report.charts())
        .containsKeys(HeadlessChromium.CHARTS_WITH_REVENUE.toArray(String[]::new))
        .allSatisfy((chart, series) -> assertThat(series).as(chart).isPositive());
    assertThat(report.dom())
        .contains("<option>country = United Kingdom</option>")
        .contains("rejected: missing_customer")
        .contains("rejected: duplicate");
  }

  @Test
  void everySourceRowIsAnOrderLineOrAQuarantinedRowWithAReason() {
    long orderLines =
        run.table("orders").agg(org.apache.spark.sql.functions.sum("lines")).first().getLong(0);
    Map<String, Long> rejected =
        run.table("rejected_rows").groupBy("reason").count().collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    long rejectedRows = rejected.values().stream().mapToLong(Long::longValue).sum();

    assertThat(orderLines + rejectedRows).as("order lines + rejected rows").isEqualTo(SOURCE_ROWS);
    assertThat(rejected)
        .as("README quirk 1: 135,080 rows have no CustomerID")
        .containsEntry("missing_customer", 135_080L)
        .containsKeys("duplicate", "non_product", "non_positive_price");
    Row log = run.table("run_log").first();
    assertThat(log.<Long>getAs("rows_read")).isEqualTo(SOURCE_ROWS);
    assertThat(log.<Long>getAs("rows_rejected")).isEqualTo(rejectedRows);
    assertThat(run.out()).contains("rows read 541,909 = kept");
  }

  @Test
  void customerPassOverTheIngestedOrdersEqualsARollUpOfTheOrdersTable(@TempDir Path rollUp)
      throws IOException {
    assertThat(run.out())
        .containsPattern("activity: walk the ingested orders +4,334 rows +[0-9.]+ s");
    Row log = run.table("run_log").first();
    assertThat(log.<String, Double>getJavaMap(log.fieldIndex("stage_seconds")))
        .containsKeys("activity: walk the ingested orders", "customers: write customers");

    // The customers job alone reads orders back from its table, shuffles and sorts them.
    copyTree(warehouse.resolve("orders"), rollUp.resolve("orders"));
    CliRun customers = runOnlineRetail(rollUp, "customers");
    assertThat(customers.exitCode()).as(customers.err()).isZero();
    assertThat(customers.out()).containsPattern("activity: roll up orders +4,334 rows");
    Dataset<Row> fromMemory = run.table("customers").drop("run_id");
    Dataset<Row> fromTable = customers.table("customers").drop("run_id");
    assertThat(fromMemory.count()).isEqualTo(4_334L);
    assertThat(fromMemory.exceptAll(fromTable).count()).isZero();
    assertThat(fromTable.exceptAll(fromMemory).count()).isZero();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Files.copy(path, to.resolve(from.relativize(path).toString()));
      }
    }
  }

  @Test
  void cancellationsAreNettedSoAReversedSaleLeavesNoRevenue() {
    Row customer = run.table("customers").filter(col("customer_id").equalTo("12346")).first();
    assertThat(customer.<java.math.BigDecimal>getAs("revenue"))
        .as("quirk 2: 541431 reversed by C541433")
        .isEqualByComparingTo("0");
    assertThat(customer.<Long>getAs("orders")).as("a return is not an order").isEqualTo(1L);
    assertThat(run.table("orders").filter(col("is_return")).count()).isPositive();
  }

  @Test
  void countrySegmentSplitsEveryCohortWithoutLosingCustomers() {
    List<Row> sizes =
        run.table("cohort_monthly")
            .filter(col("period").equalTo(0))
            .groupBy("segment")
            .agg(org.apache.spark.sql.functions.sum("cohort_size"))
            .orderBy("segment")
            .collectAsList();
    assertThat(sizes).extracting(r -> r.getString(0)).containsExactly("all", "country");
    assertThat(sizes.get(1).getLong(1))
        .as("customers over all countries")
        .isEqualTo(sizes.get(0).getLong(1));
  }

  @Test
  void cohortSizesMatchTheReadmeUnderItsStatedDefinition(@TempDir Path readmeWarehouse) {
    CliRun readme =
        runOnlineRetail(
            readmeWarehouse,
            "all",
            // The README counts every non-cancel invoice with a CustomerID, including invoices of
            // only
            // manual, postage or zero-priced lines, which the shipped config quarantines.
            "--set",
            "cleaning.non-product-codes=[]",
            "--set",
            "cleaning.drop-non-positive-price=false");
    assertThat(readme.exitCode()).as(readme.err()).isZero();

    List<Long> sizes =
        readme
            .table("cohort_monthly")
            .filter(col("segment").equalTo("all").and(col("period").equalTo(0)))
            .orderBy("cohort_month")
            .select("cohort_size")
            .as(org.apache.spark.sql.Encoders.LONG())
            .collectAsList();
    assertThat(sizes)
        .containsExactly(
            885L, 417L, 380L, 452L, 300L, 284L, 242L, 188L, 169L, 299L, 358L, 324L, 41L);
    assertThat(readme.table("orders").count())
        .as("README: 22,190 invoices with a CustomerID")
        .isEqualTo(22_190L);
  }

  @Test
  void exactCopiesOfARowAreTheReadmesDuplicatesWhenNoOtherRuleRejects(
      @TempDir Path ingestWarehouse) {
    CliRun ingest =
        runOnlineRetail(
            ingestWarehouse,
            "ingest",
            "--set",
            "cleaning.drop-missing-customer=false",
            "--set",
            "cleaning.non-product-codes=[]",
            "--set",
            "cleaning.drop-non-positive-price=false",
            "--set",
            "cleaning.drop-non-positive-quantity=false",
            "--set",
            "cleaning.cancellations=keep");
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();

    assertThat(ingest.table("rejected_rows").groupBy("reason").count().collectAsList())
        .as(
            "README quirk 6: 5,268 rows are exact copies of another row, counting only the extra copies")
        .extracting(r -> r.getString(0) + "=" + r.getLong(1))
        .containsExactly("duplicate=5268");
  }
}
