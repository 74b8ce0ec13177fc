package dev.cohortlake.clean;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortlake.source.CanonicalColumns;
import dev.cohortlake.source.RawSource;
import dev.cohortlake.testing.SparkTestSession;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The first line of each content is kept, in source order; every later copy is a duplicate. */
class DuplicateLinesTest {

  private static final StructType SOURCE =
      new StructType()
          .add("invoice", DataTypes.StringType)
          .add("customer", DataTypes.StringType)
          .add("amount", DataTypes.StringType)
          .add(RawSource.MALFORMED, DataTypes.StringType)
          .add(RawSource.SOURCE_FILE, DataTypes.StringType)
          .add(RawSource.ROW_NUMBER, DataTypes.LongType);

  private static Row line(String file, long row, String invoice, String customer, String amount) {
    return RowFactory.create(invoice, customer, amount, null, file, row);
  }

  @Test
  void laterCopiesOfALineAreDuplicatesWhateverTheirPartitionAndNullsCompareEqual() {
    List<Row> lines =
        List.of(
            line("b.csv", 1, "1", "ann", "9.50"),
            line("a.csv", 7, "1", "ann", "9.50"),
            line("a.csv", 9, "1", "ann", "9.50"),
            line("a.csv", 2, "1", "ann", "9.51"),
            line("a.csv", 3, "2", null, "4.00"),
            line("a.csv", 4, "2", null, "4.00"),
            line("a.csv", 5, "3", "bob", "1.00"));
    RawSource raw =
        new RawSource(
            SparkTestSession.get().createDataFrame(lines, SOURCE),
            List.of("invoice", "customer", "amount"),
            "test lines");
    Dataset<Row> mapped =
        raw.rows()
            .withColumn(CanonicalColumns.CUSTOMER_ID, col("customer"))
            .withColumn(CanonicalColumns.ORDER_KEY, col("invoice"));

    Map<String, Boolean> duplicate =
        DuplicateLines.mark(raw, CustomerLines.spread(mapped)).collectAsList().stream()
            .collect(
                Collectors.toMap(
                    r -> r.getAs(RawSource.SOURCE_FILE) + ":" + r.getAs(RawSource.ROW_NUMBER),
                    r -> r.<Boolean>getAs(DuplicateLines.FLAG)));

    assertThat(duplicate)
        .hasSize(lines.size())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "a.csv:7", false,
                "a.csv:9", true,
                "b.csv:1", true,
                "a.csv:2", false,
                "a.csv:3", false,
                "a.csv:4", true,
                "a.csv:5", false));
  }
}
