package dev.cohortlake.source;

/**
 * Names of the canonical order-line columns that {@link OrderLineMapper} adds next to the source's
 * own columns. The double underscore keeps them apart from any source column.
 */
public final class CanonicalColumns {

  public static final String CUSTOMER_ID = "__customer_id";
  public static final String ORDER_TS = "__order_ts";
  public static final String ORDER_DATE = "__order_date";
  public static final String ORDER_KEY = "__order_key";
  public static final String QUANTITY = "__quantity";
  public static final String UNIT_PRICE = "__unit_price";
  public static final String LINE_VALUE = "__line_value";
  public static final String PRODUCT_ID = "__product_id";

  /** True where a mapped amount, quantity or price is present but not a number. */
  public static final String INVALID_NUMBER = "__invalid_number";

  /** True where the order id marks a cancellation or return. */
  public static final String IS_CANCELLATION = "__is_cancellation";

  private CanonicalColumns() {}

  /** The canonical column holding a segment dimension. */
  public static String segment(String name) {
    return "__segment_" + name;
  }
}
