package dev.cohortlake.table;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Rows counted as they pass through a query that runs anyway ({@link Observation}), so that a count
 * costs no scan of its own: the rows a source read, the rows a write wrote.
 */
public final class ObservedCount {

  private static final String ROWS = "rows";

  private ObservedCount() {}

  /** The same rows, counted by {@code observation} when a query runs them. */
  public static Dataset<Row> counted(Dataset<Row> rows, Observation observation) {
    return rows.observe(observation, functions.count(functions.lit(1)).as(ROWS));
  }

  /**
   * The count, once the query has run. A query over no data may run no task and report no metric:
   * that is 0 rows.
   */
  public static long of(Observation observation) {
    try {
      Object rows = observation.getAsJava().get(ROWS);
      return rows == null ? 0 : ((Number) rows).longValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a row count", e);
    }
  }
}
