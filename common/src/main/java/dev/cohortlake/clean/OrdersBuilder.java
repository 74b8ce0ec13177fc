package dev.cohortlake.clean;

import static dev.cohortlake.source.CanonicalColumns.CUSTOMER_ID;
import static dev.cohortlake.source.CanonicalColumns.IS_CANCELLATION;
import static dev.cohortlake.source.CanonicalColumns.LINE_VALUE;
import static dev.cohortlake.source.CanonicalColumns.ORDER_DATE;
import static dev.cohortlake.source.CanonicalColumns.ORDER_KEY;
import static dev.cohortlake.source.CanonicalColumns.ORDER_TS;
import static dev.cohortlake.source.CanonicalColumns.QUANTITY;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.trunc;

import dev.cohortlake.source.CanonicalColumns;
import dev.cohortlake.source.RawSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Merges kept order lines into orders: one row per order id and customer, timed at its earliest
 * line, with summed revenue and items. Segment values come from the order's earliest line (lines at
 * the same instant give the smallest value).
 *
 * <p>The lines come spread by customer ({@link CustomerLines}) and are sorted by customer and order
 * id within each partition, so that each order's lines are adjacent, and {@link OrderMerge} folds
 * them in one streaming pass.
 */
public final class OrdersBuilder {

  private final List<String> segments;

  public OrdersBuilder(List<String> segments) {
    this.segments = List.copyOf(segments);
  }

  /**
   * Orders with {@code source_file}, the first path (in path order) among the files of the order's
   * lines.
   *
   * @param sourceFiles the path to record for each file name the reader gave the lines; empty
   *     leaves {@code source_file} null (a source read whole each run)
   */
  public Dataset<Row> build(Dataset<Row> keptLines, String runId, Map<String, String> sourceFiles) {
    List<Column> nameToPath = new ArrayList<>();
    sourceFiles.forEach(
        (name, path) -> {
          nameToPath.add(lit(name));
          nameToPath.add(lit(path));
        });
    List<Column> input =
        new ArrayList<>(
            List.of(
                col(ORDER_KEY),
                col(CUSTOMER_ID),
                col(ORDER_TS),
                col(ORDER_DATE),
                col(LINE_VALUE),
                col(QUANTITY),
                col(IS_CANCELLATION),
                sourceFiles.isEmpty()
                    ? lit(null).cast("string").as(RawSource.SOURCE_FILE)
                    : element_at(map(nameToPath.toArray(Column[]::new)), col(RawSource.SOURCE_FILE))
                        .as(RawSource.SOURCE_FILE)));
    segments.forEach(segment -> input.add(col(CanonicalColumns.segment(segment))));
    input.add(col(CustomerLines.CUSTOMER_HASH));
    // Spark skips the shuffle for lines spread by CustomerLines, and the sort too when the
    // duplicate check has already sorted them this way (cleaning.drop-duplicates, the default).
    return keptLines
        .select(input.toArray(Column[]::new))
        .repartition(col(CUSTOMER_ID))
        .sortWithinPartitions(CustomerLines.mergeOrder())
        .mapPartitions(new OrderMerge(segments.size()), Encoders.row(OrderMerge.schema(segments)))
        .withColumn("order_month", trunc(col("order_date"), "month"))
        .withColumn("run_id", lit(runId));
  }
}
