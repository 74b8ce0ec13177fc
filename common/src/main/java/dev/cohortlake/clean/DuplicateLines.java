package dev.cohortlake.clean;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import dev.cohortlake.source.RawSource;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Marks each line whose source content repeats that of an earlier line (by source file, then row),
 * so the first occurrence is kept and every repeat is quarantined as a duplicate.
 *
 * <p>Lines with the same content are ranked in source order within their group. The lines must come
 * spread by customer ({@link CustomerLines#spread}): lines with the same content have the same
 * customer and order id, so the ranking needs no further shuffle, and grouping by those first
 * changes no group while it sorts the lines as the merge into orders needs them. Within a
 * customer's order, a hash of the line's content ({@link RawSource#contentKeys()}) ends nearly
 * every comparison; comparing the source columns after it means a hash collision never makes two
 * different lines equal, and a null equals a null, as it does in the source file.
 */
final class DuplicateLines {

  /** Column set to true on a line that repeats an earlier line's content. */
  static final String FLAG = "__duplicate";

  private DuplicateLines() {}

  static Dataset<Row> mark(RawSource raw, Dataset<Row> lines) {
    return lines.withColumn(
        FLAG,
        row_number()
            .over(
                Window.partitionBy(groupKeys(raw))
                    .orderBy(col(RawSource.SOURCE_FILE), col(RawSource.ROW_NUMBER)))
            .gt(1));
  }

  private static Column[] groupKeys(RawSource raw) {
    return Stream.concat(
            Arrays.stream(CustomerLines.mergeOrder()), Arrays.stream(raw.contentKeys()))
        .toArray(Column[]::new);
  }
}
