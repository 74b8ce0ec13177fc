package dev.cohortlake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortlake.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same order lines read from Parquet and from a Delta table, with typed columns (timestamp,
 * decimal) instead of text, become the same orders; a missing timestamp is quarantined with its
 * reason.
 */
class SourceFormatsTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"parquet", "delta"})
  void typedSourcesBecomeOrdersWithEveryRowAccountedFor(String format) throws IOException {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> lines =
        spark.sql(
            """
        SELECT * FROM VALUES
          ('o1', 'a', TIMESTAMP'2024-01-05 10:00:00', CAST(10.00 AS DECIMAL(18,2))),
          ('o1', 'a', TIMESTAMP'2024-01-05 10:00:00', CAST(2.50 AS DECIMAL(18,2))),
          ('o2', 'b', TIMESTAMP'2024-01-20 09:30:00', CAST(5.50 AS DECIMAL(18,2))),
          ('o3', 'a', CAST(NULL AS TIMESTAMP), CAST(7.25 AS DECIMAL(18,2)))
        AS t(order_no, customer, placed_at, value)""");
    String source = dir.resolve("source").toString();
    lines.write().format(format).save(source);
    Path config = dir.resolve("typed.conf");
    Files.writeString(
        config,
        """
        cohortlake {
          source { format = %s, path = "%s" }
          mapping { customer-id = customer, order-ts = placed_at, order-id = order_no, amount = value }
        }
        """
            .formatted(format, source));

    CliRun run =
        CliRun.run(
            dir.resolve("warehouse"),
            "ingest",
            "--config",
            config.toString(),
            "--as-of",
            "2024-03-01");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Row> orders =
        run.table("orders")
            .orderBy("order_id")
            .select("order_id", "revenue", "lines")
            .collectAsList();
    assertThat(orders).extracting(r -> r.getString(0)).containsExactly("o1", "o2");
    assertThat(orders.get(0).getDecimal(1)).isEqualByComparingTo("12.50");
    assertThat(orders.get(0).getInt(2)).isEqualTo(2);
    assertThat(
            run.table("rejected_rows")
                .select("reason")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .containsExactly("invalid_order_ts");
  }
}
