package dev.cohortlake.clv;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortlake.cohort.CustomerActivity;
import dev.cohortlake.config.ClvConfig.PurchaseGrain;
import dev.cohortlake.config.ClvConfig.TimeUnit;
import dev.cohortlake.testing.SparkTestSession;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** What counts as a purchase: a day with orders (the default) or every order. */
class CustomerSummaryTest {

  private static final StructType ORDERS =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("order_ts", DataTypes.TimestampType)
          .add("order_date", DataTypes.DateType)
          .add("revenue", DataTypes.createDecimalType(18, 2))
          .add("is_return", DataTypes.BooleanType)
          .add("order_id", DataTypes.StringType);

  /** Two orders on 3 January (10.00, then 20.00), one on 10 January (30.00); as of 31 January. */
  private static Row summary(PurchaseGrain grain) {
    Dataset<Row> orders =
        SparkTestSession.get()
            .createDataFrame(
                List.of(
                    order("2011-01-03 10:00:00", "10.00"),
                    order("2011-01-03 15:00:00", "20.00"),
                    order("2011-01-10 09:00:00", "30.00")),
                ORDERS);
    try (CustomerActivity activity =
        CustomerActivity.fromOrders(orders, LocalDate.of(2011, 1, 31), List.of(), true)) {
      return CustomerSummary.build(activity, TimeUnit.DAY, grain)
          .select(col("x"), col("tx_days"), col("t_days"), col("monetary_value"))
          .first();
    }
  }

  private static Row order(String timestamp, String revenue) {
    Timestamp ts = Timestamp.valueOf(timestamp);
    return RowFactory.create(
        "A",
        ts,
        Date.valueOf(ts.toLocalDateTime().toLocalDate()),
        new BigDecimal(revenue),
        false,
        timestamp);
  }

  @Test
  void dayGrainMergesSameDayOrdersIntoOnePurchase() {
    Row day = summary(PurchaseGrain.DAY);
    assertThat(day.getInt(0)).as("x").isEqualTo(1);
    assertThat(day.getInt(1)).as("tx_days").isEqualTo(7);
    assertThat(day.getInt(2)).as("t_days").isEqualTo(28);
    assertThat(day.getDecimal(3))
        .as("mean repeat spend: 30.00 on 10 January")
        .isEqualByComparingTo("30.00");
  }

  @Test
  void orderGrainCountsEveryOrderAfterTheFirst() {
    Row order = summary(PurchaseGrain.ORDER);
    assertThat(order.getInt(0)).as("x").isEqualTo(2);
    assertThat(order.getInt(1)).as("tx_days").isEqualTo(7);
    assertThat(order.getInt(2)).as("t_days").isEqualTo(28);
    assertThat(order.getDecimal(3))
        .as("mean repeat spend: (20.00 + 30.00) / 2")
        .isEqualByComparingTo("25.00");
  }
}
