package dev.cohortlake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortlake.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data engineer's first hour with an export: {@code cohortlake init} proposes a config from the
 * file alone, {@code all} runs it as it is, and what init could not decide stops {@code all} by
 * name.
 */
class InitTest {

  @TempDir Path dir;

  @Test
  void initReadsTheCdnowLogAndAllRunsItsConfigAsIs() throws IOException {
    Path config = dir.resolve("cdnow.conf");
    String printed = init(SharedData.project("data/CDNOW_master.txt"), config);
    assertThat(printed).contains("customer_id").contains("yyyyMMdd").contains("Wrote");
    assertThat(Files.readString(config))
        .contains("format = text")
        .contains("customer-id = \"customer_id\"")
        .contains("amount = \"dollar_value\"")
        .contains("order-grain = day")
        .doesNotContain("TODO");

    CliRun run =
        CliRun.run(
            dir.resolve("warehouse"),
            "all",
            "--config",
            config.toString(),
            "--as-of",
            "1998-06-30");
    assertThat(run.exitCode()).as(run.err()).isZero();
    // Default cleaning quarantines the $0.00 lines and repeated rows that the shipped config keeps:
    // every row is accounted for, and the README's 23,570 customers are those kept plus those
    // with $0 orders only.
    assertThat(run.out()).contains("rows read 69,659");
    assertThat(
            run.table("rejected_rows")
                .select("reason")
                .distinct()
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactlyInAnyOrder("non_positive_price", "duplicate");
    long kept = run.table("customers").count();
    long zeroOnly =
        run.table("rejected_rows")
            .select(get_json_object(col("raw"), "$.customer_id").as("customer_id"))
            .distinct()
            .join(run.table("customers").select("customer_id"), "customer_id", "left_anti")
            .count();
    assertThat(kept + zeroOnly).isEqualTo(23_570L);
  }

  @Test
  void initMapsOnlineRetailWithItsOrderIdsPricesAndCountrySegment() throws IOException {
    Path config = dir.resolve("online-retail.conf");
    init(SharedData.file("online-retail/online_retail.csv.gz"), config);
    assertThat(Files.readString(config))
        .contains("delimiter = \",\", header = true")
        .contains("customer-id = \"CustomerID\"")
        .contains("order-ts = \"InvoiceDate\"")
        .contains("order-ts-format = \"yyyy-MM-dd HH:mm:ss\"")
        .contains("order-id = \"InvoiceNo\"")
        .contains("quantity = \"Quantity\"")
        .contains("unit-price = \"UnitPrice\"")
        .contains("segments { country = \"Country\" }")
        .contains("cohorts.segments = [country]");
  }

  @Test
  void whatInitCouldNotDecideStopsAllNamingTheKey() throws IOException {
    Path export = dir.resolve("export.csv");
    Files.writeString(export, "who,what\nanna,blue shoes\nbob,red hat\nanna,green scarf\n");
    Path config = dir.resolve("export.conf");
    assertThat(init(export, config)).contains("could not be decided");
    assertThat(Files.readString(config)).contains("order-ts = \"TODO:");

    CliRun run = CliRun.run(dir.resolve("warehouse"), "all", "--config", config.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("cohortlake.mapping.order-ts").contains("TODO");
    assertThat(dir.resolve("warehouse")).doesNotExist();
  }

  private static String init(Path source, Path config) {
    CliRun run =
        CliRun.command("init", "--source", source.toString(), "--output", config.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run.out();
  }
}
