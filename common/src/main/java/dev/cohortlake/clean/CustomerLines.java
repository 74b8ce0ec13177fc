package dev.cohortlake.clean;

import static dev.cohortlake.source.CanonicalColumns.CUSTOMER_ID;
import static dev.cohortlake.source.CanonicalColumns.ORDER_KEY;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Lays mapped order lines out by customer, once, so that the duplicate check and the merge of lines
 * into orders share one shuffle and one sort.
 *
 * <p>{@link #spread} sends every line of a customer to one partition. Lines with the same content
 * have the same customer, so the duplicate check needs no shuffle of its own, and its sort begins
 * with {@link #mergeOrder()}, the order {@link OrderMerge} reads lines in: Spark then drops the
 * shuffle and the sort that {@link OrdersBuilder} asks for, since the lines already have both.
 */
public final class CustomerLines {

  /** A 64-bit hash of the customer id, the first sort key: most comparisons end on one long. */
  static final String CUSTOMER_HASH = "__customer_hash";

  private CustomerLines() {}

  /**
   * The lines spread over the shuffle partitions by customer, with {@link #CUSTOMER_HASH} computed
   * after the shuffle, so that it does not cross it.
   */
  public static Dataset<Row> spread(Dataset<Row> lines) {
    return lines
        .repartition(col(CUSTOMER_ID))
        .withColumn(CUSTOMER_HASH, xxhash64(col(CUSTOMER_ID)));
  }

  /** Customer (hash first), then order id: each order's lines adjacent, a customer's together. */
  static Column[] mergeOrder() {
    return new Column[] {col(CUSTOMER_HASH), col(CUSTOMER_ID), col(ORDER_KEY)};
  }
}
