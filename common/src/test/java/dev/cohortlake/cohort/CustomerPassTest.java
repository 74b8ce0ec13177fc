package dev.cohortlake.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The pass over one customer's orders, worked by hand, without Spark: a return before the first
 * sale, two sales at the same instant, a same-day return, a later month; and a customer with only a
 * return, who is not acquired.
 */
class CustomerPassTest {

  private static final StructType OUT = CustomerPass.schema(List.of("country"));

  private static Row order(
      String customer, String ts, String revenue, boolean isReturn, String country, String id) {
    Timestamp time = Timestamp.valueOf(ts);
    return RowFactory.create(
        customer,
        time,
        Date.valueOf(time.toLocalDateTime().toLocalDate()),
        new BigDecimal(revenue),
        isReturn,
        country,
        id);
  }

  private static List<Row> pass(Row... sortedOrders) {
    List<Row> out = new ArrayList<>();
    new CustomerPass(1).call(List.of(sortedOrders).iterator()).forEachRemaining(out::add);
    return out;
  }

  private static Object get(Row row, String column) {
    return row.get(OUT.fieldIndex(column));
  }

  @Test
  void foldsOrdersIntoMonthsAndLifetimeFactsFromTheFirstSale() {
    List<Row> rows =
        pass(
            order("R", "2011-01-03 09:00:00", "-5.00", true, "FR", "r0"),
            order("R", "2011-02-01 10:00:00", "20.00", false, "UK", "o1"),
            order("R", "2011-02-01 10:00:00", "10.00", false, "DE", "o2"),
            order("R", "2011-02-01 15:00:00", "-3.00", true, "UK", "r1"),
            order("R", "2011-03-05 11:00:00", "7.00", false, "DE", "o3"),
            order("Z", "2011-01-04 09:00:00", "-2.00", true, "UK", "r2"));

    assertThat(rows).as("R's months from the cohort month on; Z is never acquired").hasSize(2);
    Row february = rows.get(0);
    assertThat(get(february, "month")).isEqualTo(Date.valueOf("2011-02-01"));
    assertThat(get(february, "period")).isEqualTo(0);
    assertThat(get(february, CustomerPass.FIRST_MONTH)).isEqualTo(true);
    assertThat(get(february, "orders")).isEqualTo(2L);
    assertThat((BigDecimal) get(february, "revenue")).isEqualByComparingTo("27.00");
    assertThat(get(february, "purchase_days")).isEqualTo(1L);
    assertThat((BigDecimal) get(february, "first_order_revenue"))
        .as("of two sales at one instant, the smaller order id comes first")
        .isEqualByComparingTo("20.00");
    assertThat((BigDecimal) get(february, "first_day_revenue"))
        .as("the whole first purchase day, its return netted")
        .isEqualByComparingTo("27.00");

    Row march = rows.get(1);
    assertThat(get(march, "period")).isEqualTo(1);
    assertThat(get(march, CustomerPass.FIRST_MONTH)).isEqualTo(false);

    assertThat(get(february, "cohort_month")).isEqualTo(Date.valueOf("2011-02-01"));
    assertThat(get(february, "country")).as("the first sale's segment").isEqualTo("UK");
    assertThat(get(february, "c_orders")).isEqualTo(3L);
    assertThat((BigDecimal) get(february, "c_revenue"))
        .as("the return before the first sale is netted into lifetime revenue")
        .isEqualByComparingTo("29.00");
    assertThat(get(february, "c_purchase_days")).isEqualTo(2L);
    assertThat(get(february, "c_first_order_date")).isEqualTo(Date.valueOf("2011-02-01"));
    assertThat(get(february, "c_last_order_date")).isEqualTo(Date.valueOf("2011-03-05"));
    assertThat((BigDecimal) get(february, "customer_first_order_revenue"))
        .isEqualByComparingTo("20.00");
    assertThat(get(february, "last_period")).isEqualTo(1);
  }
}
