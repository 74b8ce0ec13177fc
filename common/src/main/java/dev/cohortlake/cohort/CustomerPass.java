package dev.cohortlake.cohort;

import dev.cohortlake.table.Tables;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One streaming pass over a partition of orders sorted by customer and time, in plain Java: each
 * customer's orders are folded day by day and month by month into the customer's facts, and out
 * comes one row per acquired customer in the shape of {@link Tables#CUSTOMER_STATE} (without its
 * lineage columns): the lifetime facts and the months from the acquisition month on. This replaces
 * a chain of hash aggregations (customer × day, × month, customer) and a join by one shuffle, one
 * sort and this pass; the state it keeps is one customer's months, never their orders.
 *
 * <p>The rules are those of the roll-ups it replaces: a return counts no order but its revenue is
 * netted; a customer is acquired by their first sale, whose month is the cohort month, whose
 * revenue is {@code first_order_revenue} and whose segment values are the customer's; a day or
 * month with a sale is a purchase day and has first and last order dates; a revenue sum over no
 * known revenue is null.
 */
final class CustomerPass implements MapPartitionsFunction<Row, Row> {

  /** Input columns, in this order, then one text column per segment. */
  static final List<String> INPUT =
      List.of("customer_id", "order_ts", "order_date", "revenue", "is_return");

  private static final List<String> LINEAGE =
      List.of("orders_version", "orders_table_id", "run_id");

  private final int segments;

  CustomerPass(int segments) {
    this.segments = segments;
  }

  /**
   * The output schema: customer_state's columns with the segments, without the lineage columns
   * {@code orders_version}, {@code orders_table_id} and {@code run_id}.
   */
  static StructType schema(List<String> segmentNames) {
    return new StructType(
        Arrays.stream(Tables.CUSTOMER_STATE.withSegmentColumns(segmentNames).schema().fields())
            .filter(field -> !LINEAGE.contains(field.name()))
            .toArray(StructField[]::new));
  }

  @Override
  public Iterator<Row> call(Iterator<Row> orders) {
    return new Iterator<>() {
      private Row pending = orders.hasNext() ? orders.next() : null;
      private Row current;

      @Override
      public boolean hasNext() {
        while (current == null && pending != null) {
          current = nextCustomer();
        }
        return current != null;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Row row = current;
        current = null;
        return row;
      }

      /**
       * Folds the orders of the customer of {@code pending}; returns their row, or null if they
       * were not acquired.
       */
      private Row nextCustomer() {
        String customer = pending.getString(0);
        Customer folded = new Customer(segments);
        while (pending != null && pending.getString(0).equals(customer)) {
          folded.add(pending);
          pending = orders.hasNext() ? orders.next() : null;
        }
        return folded.row(customer);
      }
    };
  }

  /** Sums of a period (a day, a month or the whole history) of one customer. */
  private static final class Span {
    final LocalDate start;
    long orders;
    BigDecimal revenue;
    long purchaseDays;
    LocalDate firstOrderDate;
    LocalDate lastOrderDate;
    Timestamp firstOrderTs;
    BigDecimal firstOrderRevenue;
    BigDecimal firstDayRevenue;
    Object[] firstSegments;

    Span(LocalDate start) {
      this.start = start;
    }

    /** Adds a finer span (an order as a span of itself, a day, a month). */
    void add(Span finer, boolean isDay) {
      orders += finer.orders;
      revenue = plus(revenue, finer.revenue);
      boolean sale = finer.firstOrderTs != null;
      if (isDay && sale) {
        purchaseDays++;
      } else {
        purchaseDays += finer.purchaseDays;
      }
      if (sale) {
        lastOrderDate = finer.lastOrderDate;
        if (firstOrderTs == null) {
          firstOrderDate = finer.firstOrderDate;
          firstOrderTs = finer.firstOrderTs;
          firstOrderRevenue = finer.firstOrderRevenue;
          firstDayRevenue = isDay ? finer.revenue : finer.firstDayRevenue;
          firstSegments = finer.firstSegments;
        }
      }
    }

    private static BigDecimal plus(BigDecimal sum, BigDecimal value) {
      return value == null ? sum : sum == null ? value : sum.add(value);
    }
  }

  /** One customer's months so far, with the open day and month. */
  private static final class Customer {
    private final int segments;
    private final List<Span> months = new ArrayList<>();
    private final Span total = new Span(null);
    private Span day;
    private Span month;

    Customer(int segments) {
      this.segments = segments;
    }

    void add(Row order) {
      LocalDate date = order.getDate(2).toLocalDate();
      if (day != null && !day.start.equals(date)) {
        closeDay();
      }
      LocalDate monthStart = date.withDayOfMonth(1);
      if (month != null && !month.start.equals(monthStart)) {
        closeMonth();
      }
      if (month == null) {
        month = new Span(monthStart);
      }
      if (day == null) {
        day = new Span(date);
      }
      Span single = new Span(date);
      single.revenue = order.isNullAt(3) ? null : order.getDecimal(3);
      if (!order.getBoolean(4)) {
        single.orders = 1;
        single.firstOrderDate = date;
        single.lastOrderDate = date;
        single.firstOrderTs = order.getTimestamp(1);
        single.firstOrderRevenue = single.revenue;
        Object[] values = new Object[segments];
        for (int i = 0; i < segments; i++) {
          values[i] = order.get(INPUT.size() + i);
        }
        single.firstSegments = values;
      }
      day.add(single, false);
    }

    private void closeDay() {
      month.add(day, true);
      day = null;
    }

    private void closeMonth() {
      if (day != null) {
        closeDay();
      }
      total.add(month, false);
      months.add(month);
      month = null;
    }

    Row row(String customer) {
      closeMonth();
      if (total.orders == 0) {
        return null;
      }
      LocalDate cohortMonth = total.firstOrderDate.withDayOfMonth(1);
      List<Row> monthRows = new ArrayList<>();
      for (Span m : months) {
        int period = (int) ChronoUnit.MONTHS.between(cohortMonth, m.start);
        if (period >= 0) {
          monthRows.add(
              RowFactory.create(
                  Date.valueOf(m.start),
                  m.orders,
                  m.revenue,
                  m.purchaseDays,
                  date(m.firstOrderDate),
                  date(m.lastOrderDate),
                  m.firstOrderTs,
                  m.firstOrderRevenue,
                  m.firstDayRevenue,
                  period));
        }
      }
      Object[] values = new Object[12 + segments];
      int i = 0;
      values[i++] = customer;
      values[i++] = total.orders;
      values[i++] = total.revenue;
      values[i++] = total.purchaseDays;
      values[i++] = Date.valueOf(total.firstOrderDate);
      values[i++] = Date.valueOf(total.lastOrderDate);
      values[i++] = total.firstOrderTs;
      values[i++] = total.firstOrderRevenue;
      values[i++] = total.firstDayRevenue;
      values[i++] = Date.valueOf(cohortMonth);
      values[i++] =
          (int) ChronoUnit.MONTHS.between(cohortMonth, total.lastOrderDate.withDayOfMonth(1));
      values[i++] = CollectionConverters.asScala(monthRows).toSeq();
      for (Object segment : total.firstSegments) {
        values[i++] = segment;
      }
      return RowFactory.create(values);
    }

    private static Date date(LocalDate date) {
      return date == null ? null : Date.valueOf(date);
    }
  }
}
