package dev.cohortlake.config;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Which cleaning rules are on. Every rule is counted, and a rejected row keeps the reason.
 *
 * @param dropInvalidEncoding reject rows with bytes not valid in the source encoding
 * @param dropMissingCustomer reject lines without a customer id
 * @param cancellations what happens to cancellation and return lines
 * @param cancellationPrefix order id prefix that marks a cancellation (empty: none)
 * @param dropDuplicates reject exact copies of an earlier line
 * @param dropNonPositivePrice reject lines whose price (or amount) is zero or negative
 * @param dropNonPositiveQuantity reject non-cancellation lines with a quantity of zero or less
 * @param nonProductCodes regular expressions over product ids marking non-product lines
 * @param windowStart first order date kept, inclusive
 * @param windowEnd last order date kept, inclusive
 */
public record CleaningConfig(
    boolean dropInvalidEncoding,
    boolean dropMissingCustomer,
    CancellationMode cancellations,
    String cancellationPrefix,
    boolean dropDuplicates,
    boolean dropNonPositivePrice,
    boolean dropNonPositiveQuantity,
    List<String> nonProductCodes,
    Optional<LocalDate> windowStart,
    Optional<LocalDate> windowEnd) {

  /** What happens to cancellation and return lines. */
  public enum CancellationMode {
    /** Rejected with reason {@code cancellation}. */
    EXCLUDE,
    /** Kept as return orders; their negative revenue is netted into customer revenue. */
    NET,
    /** Treated as ordinary order lines. */
    KEEP
  }
}
