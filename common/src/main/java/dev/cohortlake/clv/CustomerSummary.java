package dev.cohortlake.clv;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.cohortlake.cohort.CustomerActivity;
import dev.cohortlake.config.ClvConfig.PurchaseGrain;
import dev.cohortlake.config.ClvConfig.TimeUnit;
import dev.cohortlake.table.Tables;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The per-customer RFM summary the purchase models need, for the activity's as-of date (the
 * calibration end): x = repeat purchases (distinct purchase days − 1, or orders − 1 at {@link
 * PurchaseGrain#ORDER}), t_x and T in days and in the model's time unit, and the mean revenue of
 * the repeat purchases (the first purchase excluded, same-day orders summed at the day grain), as
 * in Fader, Hardie & Lee (2005). The customer's segment columns follow, for fits by segment.
 */
public final class CustomerSummary {

  private CustomerSummary() {}

  public static Dataset<Row> build(CustomerActivity activity, TimeUnit unit, PurchaseGrain grain) {
    Date end = Date.valueOf(activity.asOf());
    boolean byDay = grain == PurchaseGrain.DAY;
    Column purchases = byDay ? col("purchase_days") : col("orders");
    Column firstPurchaseRevenue = byDay ? col("first_day_revenue") : col("first_order_revenue");
    return activity
        .customers()
        .withColumn("x", purchases.minus(1).cast("int"))
        .withColumn("tx_days", datediff(col("last_order_date"), col("first_order_date")))
        .withColumn("t_days", datediff(lit(end), col("first_order_date")))
        .withColumn("recency", col("tx_days").divide(unit.days()))
        .withColumn("T", col("t_days").divide(unit.days()))
        .withColumn(
            "monetary_value",
            when(
                col("x").gt(0),
                col("revenue").minus(firstPurchaseRevenue).divide(col("x")).cast(Tables.MONEY)))
        .withColumn("historical_revenue", col("revenue"))
        .select(columns(activity.segments()));
  }

  private static Column[] columns(List<String> segments) {
    List<String> names =
        new ArrayList<>(
            List.of(
                "customer_id",
                "cohort_month",
                "first_order_date",
                "x",
                "tx_days",
                "t_days",
                "recency",
                "T",
                "monetary_value",
                "historical_revenue",
                "orders",
                "last_period"));
    names.addAll(segments);
    return names.stream().map(functions::col).toArray(Column[]::new);
  }
}
