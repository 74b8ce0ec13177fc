package dev.cohortlake.clean;

import static dev.cohortlake.source.CanonicalColumns.CUSTOMER_ID;
import static dev.cohortlake.source.CanonicalColumns.IS_CANCELLATION;
import static dev.cohortlake.source.CanonicalColumns.LINE_VALUE;
import static dev.cohortlake.source.CanonicalColumns.ORDER_DATE;
import static dev.cohortlake.source.CanonicalColumns.ORDER_KEY;
import static dev.cohortlake.source.CanonicalColumns.ORDER_TS;
import static dev.cohortlake.source.CanonicalColumns.QUANTITY;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.unix_millis;

import dev.cohortlake.source.CanonicalColumns;
import dev.cohortlake.source.RawSource;
import dev.cohortlake.table.SegmentCodes;
import dev.cohortlake.table.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Merges kept order lines into orders: one row per order id and customer, timed at its earliest
 * line, with summed revenue and items. Segment values come from the order's first line.
 *
 * <p>The merge is a hash aggregation: a segment with few values is coded as an integer ({@link
 * SegmentCodes}) and taken from the minimum of one long, the line's time in milliseconds times
 * {@link SegmentCodes#MAX_VALUES} plus its code, so lines in the same millisecond go to the smaller
 * value. A segment with more values is taken from the first line by time, file and row, which costs
 * a sort-based aggregation of every line.
 */
public final class OrdersBuilder {

  private final List<String> segments;

  public OrdersBuilder(List<String> segments) {
    this.segments = List.copyOf(segments);
  }

  /**
   * Orders with {@code source_file}, the file of each order's first line (by file path order).
   *
   * @param sourceFiles the path to record for each file name the reader gave the lines; empty
   *     leaves {@code source_file} null (a source read whole each run)
   */
  public Dataset<Row> build(Dataset<Row> keptLines, String runId, Map<String, String> sourceFiles) {
    List<String> segmentColumns = segments.stream().map(CanonicalColumns::segment).toList();
    SegmentCodes codes = SegmentCodes.of(keptLines, segmentColumns);
    // Files are coded as integers in path order, so that the order's file is a minimum of ints,
    // which the hash aggregation keeps, and not of strings, which would make it sort every line.
    List<String> paths = sourceFiles.values().stream().distinct().sorted().toList();
    List<Column> nameToCode = new ArrayList<>();
    sourceFiles.forEach(
        (name, path) -> {
          nameToCode.add(lit(name));
          nameToCode.add(lit(paths.indexOf(path)));
        });
    List<Column> codeToPath = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      codeToPath.add(lit(i));
      codeToPath.add(lit(paths.get(i)));
    }
    Column firstLine = struct(col(ORDER_TS), col(RawSource.SOURCE_FILE), col(RawSource.ROW_NUMBER));
    List<Column> aggregates =
        new ArrayList<>(
            List.of(
                min(col(ORDER_TS)).as("order_ts"),
                min_by(col(ORDER_DATE), col(ORDER_TS)).as("order_date"),
                sum(col(LINE_VALUE)).cast(Tables.MONEY).as("revenue"),
                sum(col(QUANTITY)).cast("long").as("items"),
                count(lit(1)).cast("int").as("lines"),
                max(col(IS_CANCELLATION)).as("is_return")));
    if (!sourceFiles.isEmpty()) {
      aggregates.add(
          min(element_at(map(nameToCode.toArray(Column[]::new)), col(RawSource.SOURCE_FILE)))
              .as("source_file"));
    }
    for (String column : segmentColumns) {
      aggregates.add(
          codes.isCoded(column)
              ? min(unix_millis(col(ORDER_TS)).multiply(SegmentCodes.MAX_VALUES).plus(col(column)))
                  .as(column)
              : min_by(col(column), firstLine).as(column));
    }
    Dataset<Row> orders =
        codes
            .encode(keptLines)
            .groupBy(col(ORDER_KEY).as("order_id"), col(CUSTOMER_ID).as("customer_id"))
            .agg(
                aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
    for (String column : segmentColumns) {
      if (codes.isCoded(column)) {
        orders =
            orders.withColumn(column, pmod(col(column), lit(SegmentCodes.MAX_VALUES)).cast("int"));
      }
    }
    orders = codes.decode(orders);
    orders =
        orders.withColumn(
            "source_file",
            sourceFiles.isEmpty()
                ? lit(null).cast("string")
                : element_at(map(codeToPath.toArray(Column[]::new)), col("source_file")));
    for (int i = 0; i < segments.size(); i++) {
      orders = orders.withColumnRenamed(segmentColumns.get(i), segments.get(i));
    }
    return orders
        .withColumn("order_month", trunc(col("order_date"), "month"))
        .withColumn("run_id", lit(runId));
  }
}
