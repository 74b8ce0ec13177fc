package dev.cohortlake.clean;

import static dev.cohortlake.source.CanonicalColumns.CUSTOMER_ID;
import static dev.cohortlake.source.CanonicalColumns.INVALID_NUMBER;
import static dev.cohortlake.source.CanonicalColumns.IS_CANCELLATION;
import static dev.cohortlake.source.CanonicalColumns.LINE_VALUE;
import static dev.cohortlake.source.CanonicalColumns.ORDER_DATE;
import static dev.cohortlake.source.CanonicalColumns.ORDER_KEY;
import static dev.cohortlake.source.CanonicalColumns.ORDER_TS;
import static dev.cohortlake.source.CanonicalColumns.PRODUCT_ID;
import static dev.cohortlake.source.CanonicalColumns.QUANTITY;
import static dev.cohortlake.source.CanonicalColumns.UNIT_PRICE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.cohortlake.config.CleaningConfig;
import dev.cohortlake.config.CleaningConfig.CancellationMode;
import dev.cohortlake.config.MappingConfig;
import dev.cohortlake.source.RawSource;
import java.sql.Date;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Applies the configured cleaning rules to mapped order lines: each line gets the first {@link
 * RejectReason} it meets in {@link #REASON}, or null when it is kept. Nothing is dropped here;
 * {@link CleanedLines} splits the result into kept and rejected rows.
 */
public final class OrderLineCleaner {

  /** Column holding the reject reason label, null for a kept line. */
  public static final String REASON = "__reason";

  private final CleaningConfig cleaning;
  private final MappingConfig mapping;

  public OrderLineCleaner(CleaningConfig cleaning, MappingConfig mapping) {
    this.cleaning = cleaning;
    this.mapping = mapping;
  }

  /**
   * Classifies the lines.
   *
   * @param mapped the mapped lines, spread by customer ({@link CustomerLines#spread})
   */
  public CleanedLines clean(RawSource raw, Dataset<Row> mapped) {
    Rules rules = new Rules();
    rules.add(col(RawSource.MALFORMED).isNotNull(), RejectReason.MALFORMED_ROW);
    if (cleaning.dropInvalidEncoding()) {
      rules.add(raw.undecodable(), RejectReason.INVALID_ENCODING);
    }
    if (cleaning.dropMissingCustomer()) {
      rules.add(col(CUSTOMER_ID).isNull(), RejectReason.MISSING_CUSTOMER);
    }
    rules.add(col(ORDER_TS).isNull(), RejectReason.INVALID_ORDER_TS);
    rules.add(col(INVALID_NUMBER), RejectReason.INVALID_NUMBER);
    rules.add(col(ORDER_KEY).isNull(), RejectReason.MISSING_ORDER_ID);
    if (cleaning.windowStart().isPresent()) {
      Date start = Date.valueOf(cleaning.windowStart().get());
      rules.add(col(ORDER_DATE).lt(lit(start)), RejectReason.OUTSIDE_WINDOW);
    }
    if (cleaning.windowEnd().isPresent()) {
      Date end = Date.valueOf(cleaning.windowEnd().get());
      rules.add(col(ORDER_DATE).gt(lit(end)), RejectReason.OUTSIDE_WINDOW);
    }
    if (cleaning.cancellations() == CancellationMode.EXCLUDE) {
      rules.add(col(IS_CANCELLATION), RejectReason.CANCELLATION);
    }
    if (!cleaning.nonProductCodes().isEmpty()) {
      String pattern = "^(" + String.join("|", cleaning.nonProductCodes()) + ")$";
      rules.add(col(PRODUCT_ID).rlike(pattern), RejectReason.NON_PRODUCT);
    }
    Column sale = col(IS_CANCELLATION).unary_$bang();
    if (cleaning.dropNonPositivePrice()) {
      Column price = mapping.unitPrice().isPresent() ? col(UNIT_PRICE) : col(LINE_VALUE);
      rules.add(sale.and(price.leq(0)), RejectReason.NON_POSITIVE_PRICE);
    }
    if (cleaning.dropNonPositiveQuantity() && mapping.quantity().isPresent()) {
      rules.add(sale.and(col(QUANTITY).leq(0)), RejectReason.NON_POSITIVE_QUANTITY);
    }
    Dataset<Row> lines = mapped;
    if (cleaning.dropDuplicates()) {
      lines = DuplicateLines.mark(raw, mapped);
      rules.add(col(DuplicateLines.FLAG), RejectReason.DUPLICATE);
    }
    return new CleanedLines(raw, lines.withColumn(REASON, rules.firstBroken()));
  }

  /** The rules in order, as one CASE expression: the first broken rule names the reason. */
  private static final class Rules {
    private Column chain;

    void add(Column broken, RejectReason rule) {
      chain =
          chain == null ? when(broken, lit(rule.label())) : chain.when(broken, lit(rule.label()));
    }

    Column firstBroken() {
      return chain.otherwise(lit(null).cast("string"));
    }
  }
}
