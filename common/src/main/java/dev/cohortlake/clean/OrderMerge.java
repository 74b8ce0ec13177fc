package dev.cohortlake.clean;

import dev.cohortlake.table.Tables;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One streaming pass over a partition of kept lines sorted by customer and order id, in plain Java:
 * the adjacent lines of each order are folded into one order row, and each customer's orders come
 * out together, in time order (then order id), so that the customer pass ({@code CustomerPass}) can
 * walk them without another shuffle or sort. It replaces a hash aggregation keyed by order id and
 * customer, which cost about what the sort does (bench/RESULTS.md) but left the orders in no useful
 * order. The state it keeps is one customer's orders, never their lines.
 *
 * <p>Input columns, in this order: order key, customer id, time, date, line value, quantity, is
 * cancellation, source path (null when not recorded), then one text column per segment (any later
 * column is not read). Output columns: order id, customer id, time and date of the earliest line,
 * summed value (rounded half up to cents) and quantity (truncated to whole units), each null when
 * no line has one, line count, whether any line is a cancellation, the smallest source path, then
 * each segment's value from the earliest line (at the same instant, the smallest value). None of
 * these depends on the order of an order's lines.
 */
final class OrderMerge implements MapPartitionsFunction<Row, Row> {

  private static final int KEY = 0;
  private static final int CUSTOMER = 1;
  private static final int TIME = 2;
  private static final int DATE = 3;
  private static final int VALUE = 4;
  private static final int QUANTITY = 5;
  private static final int CANCELLATION = 6;
  private static final int PATH = 7;
  private static final int SEGMENTS = 8;

  /** Output columns before the segments. */
  private static final int ORDER_COLUMNS = 9;

  private static final int MONEY_SCALE = ((DecimalType) Tables.MONEY).scale();

  /**
   * Time, then order id in Spark's string order (UTF-8 bytes), as a sort of the orders by {@code
   * order_ts, order_id} would give.
   */
  private static final Comparator<Order> IN_TIME_ORDER =
      Comparator.<Order, Timestamp>comparing(o -> o.time)
          .thenComparing(
              o -> UTF8String.fromString(o.key), Comparator.nullsFirst(Comparator.naturalOrder()));

  private final int segments;

  OrderMerge(int segments) {
    this.segments = segments;
  }

  /** The output schema: the order's columns, then one text column per segment. */
  static StructType schema(List<String> segmentNames) {
    StructType schema =
        new StructType()
            .add("order_id", DataTypes.StringType, true)
            .add("customer_id", DataTypes.StringType, true)
            .add("order_ts", DataTypes.TimestampType, false)
            .add("order_date", DataTypes.DateType, false)
            .add("revenue", Tables.MONEY, true)
            .add("items", DataTypes.LongType, true)
            .add("lines", DataTypes.IntegerType, false)
            .add("is_return", DataTypes.BooleanType, false)
            .add("source_file", DataTypes.StringType, true);
    for (String segment : segmentNames) {
      schema = schema.add(segment, DataTypes.StringType, false);
    }
    return schema;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> lines) {
    return new Iterator<>() {
      private Row pending = lines.hasNext() ? lines.next() : null;
      private Iterator<Row> customerOrders = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        if (!customerOrders.hasNext() && pending != null) {
          customerOrders = nextCustomer();
        }
        return customerOrders.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return customerOrders.next();
      }

      /**
       * Merges the lines of the customer of {@code pending}; returns their orders in time order.
       */
      private Iterator<Row> nextCustomer() {
        String customer = pending.getString(CUSTOMER);
        List<Order> orders = new ArrayList<>();
        Order order = new Order(pending);
        orders.add(order);
        pending = null;
        while (lines.hasNext()) {
          Row line = lines.next();
          if (!Objects.equals(customer, line.getString(CUSTOMER))) {
            pending = line;
            break;
          }
          if (order.holds(line)) {
            order.add(line);
          } else {
            order = new Order(line);
            orders.add(order);
          }
        }
        orders.sort(IN_TIME_ORDER);
        return orders.stream().map(Order::row).iterator();
      }
    };
  }

  /** The running values of one order. */
  private final class Order {
    private final String key;
    private final String customer;
    private Timestamp time;
    private Date date;
    private BigDecimal value;
    private BigDecimal quantity;
    private int lines;
    private boolean cancellation;
    private String path;
    private final String[] segmentValues = new String[segments];

    Order(Row first) {
      key = first.getString(KEY);
      customer = first.getString(CUSTOMER);
      time = first.getTimestamp(TIME);
      date = first.getDate(DATE);
      path = first.getString(PATH);
      for (int i = 0; i < segments; i++) {
        segmentValues[i] = first.getString(SEGMENTS + i);
      }
      sum(first);
    }

    /** Whether a line of the same customer belongs to this order. */
    boolean holds(Row line) {
      return Objects.equals(key, line.getString(KEY));
    }

    void add(Row line) {
      Timestamp lineTime = line.getTimestamp(TIME);
      int earlier = lineTime.compareTo(time);
      if (earlier < 0) {
        time = lineTime;
        date = line.getDate(DATE);
      }
      for (int i = 0; i < segments; i++) {
        String segment = line.getString(SEGMENTS + i);
        if (earlier < 0 || earlier == 0 && segment.compareTo(segmentValues[i]) < 0) {
          segmentValues[i] = segment;
        }
      }
      String linePath = line.getString(PATH);
      if (linePath != null && (path == null || linePath.compareTo(path) < 0)) {
        path = linePath;
      }
      sum(line);
    }

    private void sum(Row line) {
      value = plus(value, line, VALUE);
      quantity = plus(quantity, line, QUANTITY);
      cancellation |= line.getBoolean(CANCELLATION);
      lines++;
    }

    Row row() {
      Object[] values = new Object[ORDER_COLUMNS + segments];
      values[0] = key;
      values[1] = customer;
      values[2] = time;
      values[3] = date;
      values[4] = value == null ? null : value.setScale(MONEY_SCALE, RoundingMode.HALF_UP);
      values[5] = quantity == null ? null : quantity.longValue();
      values[6] = lines;
      values[7] = cancellation;
      values[8] = path;
      System.arraycopy(segmentValues, 0, values, ORDER_COLUMNS, segments);
      return RowFactory.create(values);
    }
  }

  private static BigDecimal plus(BigDecimal sum, Row line, int column) {
    if (line.isNullAt(column)) {
      return sum;
    }
    BigDecimal value = line.getDecimal(column);
    return sum == null ? value : sum.add(value);
  }
}
