package dev.cohortlake.cohort;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import dev.cohortlake.run.Errors;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Repeats each row once for the whole base ({@code segment = 'all'}) and once per segment
 * dimension, so that one aggregation computes every split at once, and brings such aggregates to
 * the driver, where the cohort tables are assembled from them.
 */
final class Segments {

  static final String ALL = "all";

  /** Most rows of an aggregate by split that {@link #collect} brings to the driver. */
  static final int MAX_DRIVER_ROWS = 1_000_000;

  private Segments() {}

  /** Adds {@code segment} and {@code segment_value}, one output row per split. */
  static Dataset<Row> split(Dataset<Row> rows, List<String> segments) {
    List<Column> splits = new ArrayList<>();
    splits.add(struct(lit(ALL).as("segment"), lit(ALL).as("segment_value")));
    for (String segment : segments) {
      splits.add(struct(lit(segment).as("segment"), col(segment).as("segment_value")));
    }
    return rows.withColumn("__split", explode(functions.array(splits.toArray(Column[]::new))))
        .withColumn("segment", col("__split.segment"))
        .withColumn("segment_value", col("__split.segment_value"))
        .drop("__split");
  }

  /**
   * Collects an aggregate by split to the driver.
   *
   * @param what what a row of the aggregate is, for the error when there are too many
   * @throws dev.cohortlake.run.CohortLakeException when it has more than {@link #MAX_DRIVER_ROWS}
   *     rows, which only a segment with very many values causes
   */
  static List<Row> collect(Dataset<Row> aggregate, String what, List<String> segments) {
    return collect(aggregate, what, segments, MAX_DRIVER_ROWS);
  }

  /** {@link #collect(Dataset, String, List)} with another bound on the rows. */
  static List<Row> collect(
      Dataset<Row> aggregate, String what, List<String> segments, int maxRows) {
    List<Row> rows = aggregate.limit(maxRows + 1).collectAsList();
    if (rows.size() > maxRows) {
      throw Errors.tooManySplitRows(what, maxRows, segments);
    }
    return rows;
  }

  /** The key columns of a split. */
  static Column[] keys(String... more) {
    List<Column> keys = new ArrayList<>(List.of(col("segment"), col("segment_value")));
    for (String name : more) {
      keys.add(col(name));
    }
    return keys.toArray(Column[]::new);
  }
}
