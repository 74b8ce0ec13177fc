package dev.cohortlake.table;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Replaces low-cardinality segment columns by integer codes for the merge of order lines into
 * orders, and back.
 *
 * <p>It exists for speed: Spark's hash aggregation needs fixed-width aggregation buffers, so taking
 * the first line's segment over a string falls back to a sort-based aggregation of every order
 * line; over an integer code it stays a hash aggregation. A segment with more than {@link
 * #MAX_VALUES} distinct values is left as text; a null stays null. Codes follow the values' sort
 * order, so they are the same in every run over the same data.
 */
public final class SegmentCodes {

  /** Most distinct values a coded segment has: codes are 0 to {@code MAX_VALUES - 1}. */
  public static final int MAX_VALUES = 256;

  /** Distinct values per coded segment, in code order (code = position). */
  private final Map<String, List<String>> values;

  private SegmentCodes(Map<String, List<String>> values) {
    this.values = values;
  }

  /** Collects each segment's distinct values from {@code orders} (one small job per segment). */
  public static SegmentCodes of(Dataset<Row> orders, List<String> segments) {
    Map<String, List<String>> values = new TreeMap<>();
    for (String segment : segments) {
      List<Row> distinct =
          orders.select(col(segment)).distinct().limit(MAX_VALUES + 1).collectAsList();
      if (distinct.size() <= MAX_VALUES) {
        List<String> list = new ArrayList<>();
        distinct.stream()
            .filter(row -> !row.isNullAt(0))
            .forEach(row -> list.add(row.getString(0)));
        list.sort(null);
        values.put(segment, list);
      }
    }
    return new SegmentCodes(values);
  }

  /** Whether the segment column is coded (it has at most {@link #MAX_VALUES} distinct values). */
  public boolean isCoded(String segment) {
    return values.containsKey(segment);
  }

  /** The rows with each coded segment column holding its integer code instead of its text. */
  public Dataset<Row> encode(Dataset<Row> rows) {
    for (Map.Entry<String, List<String>> segment : values.entrySet()) {
      List<String> texts = segment.getValue();
      Column[] keys = texts.stream().map(v -> lit(v)).toArray(Column[]::new);
      Column[] codes = new Column[texts.size()];
      for (int i = 0; i < codes.length; i++) {
        codes[i] = lit(i);
      }
      rows =
          rows.withColumn(
              segment.getKey(),
              element_at(map_from_arrays(array(keys), array(codes)), col(segment.getKey())));
    }
    return rows;
  }

  /** The rows with each coded segment column back to its text. */
  public Dataset<Row> decode(Dataset<Row> rows) {
    for (Map.Entry<String, List<String>> segment : values.entrySet()) {
      Column[] texts = segment.getValue().stream().map(v -> lit(v)).toArray(Column[]::new);
      rows =
          rows.withColumn(
              segment.getKey(), element_at(array(texts), col(segment.getKey()).plus(1)));
    }
    return rows;
  }
}
