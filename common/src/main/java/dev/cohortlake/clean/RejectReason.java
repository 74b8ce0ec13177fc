package dev.cohortlake.clean;

/**
 * Why a source row was quarantined. Rules are checked in this order and a row keeps the first
 * reason it meets, so the counts per reason add up to the rows rejected.
 */
public enum RejectReason {
  /** The row did not split into the source's columns. */
  MALFORMED_ROW("malformed_row"),
  /** A byte sequence that is not valid in source.csv.encoding (cleaning.drop-invalid-encoding). */
  INVALID_ENCODING("invalid_encoding"),
  /** No customer id (cleaning.drop-missing-customer). */
  MISSING_CUSTOMER("missing_customer"),
  /** The order timestamp is missing or does not match mapping.order-ts-format. */
  INVALID_ORDER_TS("invalid_order_ts"),
  /** A mapped amount, quantity or price is not a number. */
  INVALID_NUMBER("invalid_number"),
  /** The order id is mapped but empty. */
  MISSING_ORDER_ID("missing_order_id"),
  /** The order date is outside cleaning.window. */
  OUTSIDE_WINDOW("outside_window"),
  /** A cancellation or return line (cleaning.cancellations = exclude). */
  CANCELLATION("cancellation"),
  /** The product id matches cleaning.non-product-codes. */
  NON_PRODUCT("non_product"),
  /** Unit price (or amount) zero or negative (cleaning.drop-non-positive-price). */
  NON_POSITIVE_PRICE("non_positive_price"),
  /** Quantity zero or negative on a sale (cleaning.drop-non-positive-quantity). */
  NON_POSITIVE_QUANTITY("non_positive_quantity"),
  /** An exact copy of an earlier row (cleaning.drop-duplicates). */
  DUPLICATE("duplicate");

  private final String label;

  RejectReason(String label) {
    this.label = label;
  }

  /** The reason as written to rejected_rows.reason. */
  public String label() {
    return label;
  }
}
