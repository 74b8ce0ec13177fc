package dev.cohortlake.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps source columns onto the canonical order line (SPEC section 2). Optional columns that are not
 * mapped are empty.
 *
 * @param customerId source column of the customer id
 * @param orderTs source column of the order timestamp or date
 * @param orderTsFormat Spark datetime pattern of the timestamp when it is text
 * @param orderId source column of the order id; absent means orders are derived from customer and
 *     time
 * @param orderGrain how orders are derived when there is no order id
 * @param amount source column of the line value
 * @param quantity source column of the quantity
 * @param unitPrice source column of the unit price
 * @param productId source column of the product code
 * @param normalizeNumericIds whether ids written as floats ("17850.0") become "17850"
 * @param segments segment name to source column, in a stable order
 */
public record MappingConfig(
    String customerId,
    String orderTs,
    String orderTsFormat,
    Optional<String> orderId,
    OrderGrain orderGrain,
    Optional<String> amount,
    Optional<String> quantity,
    Optional<String> unitPrice,
    Optional<String> productId,
    boolean normalizeNumericIds,
    Map<String, String> segments) {

  /** How an order is keyed when the source has no order id. */
  public enum OrderGrain {
    TIMESTAMP,
    DAY
  }

  /** The segment names, in their stable order. */
  public List<String> segmentNames() {
    return List.copyOf(segments.keySet());
  }

  /** Whether the dataset carries money: an amount, or a quantity and a unit price. */
  public boolean hasRevenue() {
    return amount.isPresent() || (quantity.isPresent() && unitPrice.isPresent());
  }
}
