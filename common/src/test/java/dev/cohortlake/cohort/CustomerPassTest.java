package dev.cohortlake.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortlake.table.Tables;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The pass over one customer's orders, worked by hand, without Spark: a return before the first
 * sale, two sales at the same instant, a same-day return, a later month; and a customer with only a
 * return, who is not acquired. Out comes one row per acquired customer with their months.
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

  private static Object month(Row month, String column) {
    return month.get(Tables.CUSTOMER_MONTH.fieldIndex(column));
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

    assertThat(rows).as("one row for R; Z is never acquired").hasSize(1);
    Row customer = rows.get(0);
    assertThat(get(customer, "customer_id")).isEqualTo("R");
    assertThat(get(customer, "cohort_month")).isEqualTo(Date.valueOf("2011-02-01"));
    assertThat(get(customer, "country")).as("the first sale's segment").isEqualTo("UK");
    assertThat(get(customer, "orders")).isEqualTo(3L);
    assertThat((BigDecimal) get(customer, "revenue"))
        .as("the return before the first sale is netted into lifetime revenue")
        .isEqualByComparingTo("29.00");
    assertThat(get(customer, "purchase_days")).isEqualTo(2L);
    assertThat(get(customer, "first_order_date")).isEqualTo(Date.valueOf("2011-02-01"));
    assertThat(get(customer, "last_order_date")).isEqualTo(Date.valueOf("2011-03-05"));
    assertThat((BigDecimal) get(customer, "first_order_revenue"))
        .as("of two sales at one instant, the smaller order id comes first")
        .isEqualByComparingTo("20.00");
    assertThat((BigDecimal) get(customer, "first_day_revenue"))
        .as("the whole first purchase day, its return netted")
        .isEqualByComparingTo("27.00");
    assertThat(get(customer, "last_period")).isEqualTo(1);

    List<Row> months = CollectionConverters.asJava(customer.<Row>getSeq(OUT.fieldIndex("months")));
    assertThat(months).as("the months from the cohort month on").hasSize(2);
    Row february = months.get(0);
    assertThat(month(february, "month")).isEqualTo(Date.valueOf("2011-02-01"));
    assertThat(month(february, "period")).isEqualTo(0);
    assertThat(month(february, "orders")).isEqualTo(2L);
    assertThat((BigDecimal) month(february, "revenue")).isEqualByComparingTo("27.00");
    assertThat(month(february, "purchase_days")).isEqualTo(1L);
    assertThat((BigDecimal) month(february, "first_order_revenue")).isEqualByComparingTo("20.00");
    Row march = months.get(1);
    assertThat(month(march, "period")).isEqualTo(1);
    assertThat((BigDecimal) month(march, "revenue")).isEqualByComparingTo("7.00");
  }
}
