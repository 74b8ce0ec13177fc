package dev.cohortlake.source;

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
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;

import dev.cohortlake.config.CleaningConfig.CancellationMode;
import dev.cohortlake.config.CohortLakeConfig;
import dev.cohortlake.config.MappingConfig;
import dev.cohortlake.config.MappingConfig.OrderGrain;
import dev.cohortlake.run.Errors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Maps source columns onto the canonical order line (SPEC section 2) as configured, next to the
 * source's own columns so that a rejected row can still be shown as it was read.
 *
 * <p>Parsing never fails the job: a value that does not parse becomes null (timestamps) or sets
 * {@link CanonicalColumns#INVALID_NUMBER}, and the cleaning rules quarantine the row with a reason.
 * Text timestamps are wall-clock times in {@code source.timezone}; {@code order_ts} is the instant
 * and {@code order_date} the wall-clock date. The session time zone must be UTC.
 */
public final class OrderLineMapper {

  private static final DataType QUANTITY_TYPE = DataTypes.createDecimalType(18, 3);
  private static final DataType PRICE_TYPE = DataTypes.createDecimalType(18, 4);
  private static final DataType VALUE_TYPE = DataTypes.createDecimalType(18, 2);

  private final CohortLakeConfig config;

  public OrderLineMapper(CohortLakeConfig config) {
    this.config = config;
  }

  /**
   * The mapped lines.
   *
   * @param spread applied to the rows as soon as each has its customer id, before anything else is
   *     parsed: a shuffle there leaves the parsing to run in parallel after it, even for a source
   *     read in one task (a gzip file), and moves the source's columns only
   */
  public Dataset<Row> map(RawSource raw, UnaryOperator<Dataset<Row>> spread) {
    MappingConfig mapping = config.mapping();
    Map<String, String> mapped = new LinkedHashMap<>();
    mapped.put("customer-id", mapping.customerId());
    mapped.put("order-ts", mapping.orderTs());
    mapping.orderId().ifPresent(c -> mapped.put("order-id", c));
    mapping.amount().ifPresent(c -> mapped.put("amount", c));
    mapping.quantity().ifPresent(c -> mapped.put("quantity", c));
    mapping.unitPrice().ifPresent(c -> mapped.put("unit-price", c));
    mapping.productId().ifPresent(c -> mapped.put("product-id", c));
    mapping.segments().forEach((name, c) -> mapped.put("segments." + name, c));
    mapped.forEach(
        (key, column) -> {
          if (!raw.columns().contains(column)) {
            throw Errors.mappedColumnMissing(key, column, raw.description(), raw.columns());
          }
        });

    Dataset<Row> rows = raw.rows();
    Column customer = text(mapping.customerId());
    if (mapping.normalizeNumericIds()) {
      customer = regexp_replace(customer, "^(-?\\d+)\\.0+$", "$1");
    }
    rows = spread.apply(rows.withColumn(CUSTOMER_ID, when(customer.notEqual(""), customer)));
    rows = withTimestamp(rows, mapping);
    rows = withNumbers(rows, mapping, raw.rows().schema());
    rows = rows.withColumn(PRODUCT_ID, optionalText(mapping.productId()));
    for (String segment : mapping.segments().keySet()) {
      Column value = text(mapping.segments().get(segment));
      rows =
          rows.withColumn(
              CanonicalColumns.segment(segment),
              coalesce(when(value.notEqual(""), value), lit("unknown")));
    }
    return withOrderKey(rows, mapping);
  }

  private Dataset<Row> withTimestamp(Dataset<Row> rows, MappingConfig mapping) {
    String zone = config.source().timezone();
    Column source = RawSource.sourceColumn(mapping.orderTs());
    DataType type = rows.schema().apply(mapping.orderTs()).dataType();
    if (type instanceof TimestampType) {
      return rows.withColumn(ORDER_TS, source)
          .withColumn(ORDER_DATE, to_date(from_utc_timestamp(source, zone)));
    }
    if (type instanceof DateType) {
      return rows.withColumn(ORDER_TS, to_utc_timestamp(source.cast(DataTypes.TimestampType), zone))
          .withColumn(ORDER_DATE, source);
    }
    Column wallClock =
        try_to_timestamp(trim(source.cast(DataTypes.StringType)), lit(mapping.orderTsFormat()));
    return rows.withColumn(ORDER_TS, to_utc_timestamp(wallClock, zone))
        .withColumn(ORDER_DATE, to_date(wallClock));
  }

  private Dataset<Row> withNumbers(Dataset<Row> rows, MappingConfig mapping, StructType source) {
    Column quantity = number(mapping.quantity(), QUANTITY_TYPE, source);
    Column price = number(mapping.unitPrice(), PRICE_TYPE, source);
    Column amount = number(mapping.amount(), VALUE_TYPE, source);
    Column invalid =
        unparsed(mapping.quantity(), quantity)
            .or(unparsed(mapping.unitPrice(), price))
            .or(unparsed(mapping.amount(), amount));
    Column value;
    if (mapping.amount().isPresent()) {
      value = amount;
    } else if (mapping.quantity().isPresent() && mapping.unitPrice().isPresent()) {
      value = quantity.multiply(price);
    } else {
      value = lit(null).cast(VALUE_TYPE);
    }
    return rows.withColumn(QUANTITY, quantity)
        .withColumn(UNIT_PRICE, price)
        .withColumn(LINE_VALUE, value)
        .withColumn(INVALID_NUMBER, invalid);
  }

  /** True where a mapped column has text that did not parse into {@code parsed}. */
  private static Column unparsed(Optional<String> column, Column parsed) {
    // The cheap test first: a parsed value needs no text.
    return column.map(c -> parsed.isNull().and(text(c).notEqual(""))).orElse(lit(false));
  }

  private Dataset<Row> withOrderKey(Dataset<Row> rows, MappingConfig mapping) {
    Column key;
    if (mapping.orderId().isPresent()) {
      Column id = text(mapping.orderId().get());
      key = when(id.notEqual(""), id);
    } else if (mapping.orderGrain() == OrderGrain.DAY) {
      key =
          concat(rows.col(CUSTOMER_ID), lit("|"), date_format(rows.col(ORDER_DATE), "yyyy-MM-dd"));
    } else {
      key =
          concat(
              rows.col(CUSTOMER_ID),
              lit("|"),
              date_format(rows.col(ORDER_TS), "yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'"));
    }
    String prefix = config.cleaning().cancellationPrefix();
    Column cancellation =
        prefix.isEmpty() || config.cleaning().cancellations() == CancellationMode.KEEP
            ? lit(false)
            : coalesce(key.startsWith(prefix), lit(false));
    return rows.withColumn(ORDER_KEY, key).withColumn(IS_CANCELLATION, cancellation);
  }

  private static Column text(String column) {
    Column source = RawSource.sourceColumn(column);
    return coalesce(trim(source.cast(DataTypes.StringType)), lit(""));
  }

  private static Column optionalText(Optional<String> column) {
    return column.map(OrderLineMapper::text).orElse(lit(null).cast(DataTypes.StringType));
  }

  /**
   * A mapped number as {@code type}, null where it does not parse or fit. An integer or decimal
   * column is cast as it is; any other column (text, or a float, whose shortest text is the value
   * its writer meant) is cast from its trimmed text.
   */
  private static Column number(Optional<String> column, DataType type, StructType source) {
    return column
        .map(
            c -> {
              DataType read = source.apply(c).dataType();
              boolean exact =
                  read instanceof NumericType
                      && !(read instanceof FloatType || read instanceof DoubleType);
              return exact ? RawSource.sourceColumn(c).try_cast(type) : text(c).try_cast(type);
            })
        .orElse(lit(null).cast(type));
  }
}
