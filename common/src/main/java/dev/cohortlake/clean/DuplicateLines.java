package dev.cohortlake.clean;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import dev.cohortlake.source.RawSource;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Marks each line whose source content repeats that of an earlier line (by source file, then row),
 * so the first occurrence is kept and every repeat is quarantined as a duplicate.
 *
 * <p>Lines with the same content are ranked in source order within their group. The lines must come
 * spread by {@link RawSource#CONTENT_HASH} ({@link RawSource#spreadByContent()}), so the ranking
 * needs no further shuffle, and the sort compares the one hash long for nearly every pair.
 * Comparing the source columns after the hash means a hash collision never makes two different
 * lines equal, and a null equals a null, as it does in the source file.
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
                Window.partitionBy(raw.contentKeys())
                    .orderBy(col(RawSource.SOURCE_FILE), col(RawSource.ROW_NUMBER)))
            .gt(1));
  }
}
