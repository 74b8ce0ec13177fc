package dev.cohortlake.cohort;

import dev.cohortlake.table.JoinKeys;
import static dev.cohortlake.cohort.CustomerActivity.monthsBetween;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Builds retention_monthly: the customer base month by month, with the seed formula
 * {@code (E - N) / S x 100} and its exact form {@code |S and E| / S x 100}.
 *
 * <p>A customer is in the base at the end of month M when they ordered in the trailing window
 * (M - w, M]. Each customer's active months become events: acquired (first month), reactivated
 * (an order after more than w silent months) and churned (w months after an order with no order
 * since). Summing events per month and accumulating them gives E; S is the previous month's E.
 * Only customer × month activity is read, never order lines.
 */
public final class RetentionMonthlyBuilder {

  private static final List<String> FLOWS = List.of(
      "new_customers", "reactivated", "churned", "one_time_delta", "active_customers",
      "first_order_revenue", "revenue");

  private RetentionMonthlyBuilder() {}

  public static Dataset<Row> build(CustomerActivity activity, int windowMonths, String runId) {
    Date asOf = Date.valueOf(activity.asOf());
    Column asOfMonth = trunc(lit(asOf), "month");
    WindowSpec byCustomer = Window.partitionBy(col("customer_id")).orderBy(col("month"));

    Dataset<Row> active = activity.customerMonths()
        .filter(col("orders").gt(0))
        .withColumn("prev", lag(col("month"), 1).over(byCustomer))
        .withColumn("prev2", lag(col("month"), 2).over(byCustomer))
        .withColumn("prev_orders", lag(col("orders"), 1).over(byCustomer))
        .withColumn("next", lead(col("month"), 1).over(byCustomer));

    Column first = col("prev").isNull();
    Column secondAfterOneOrder = col("prev").isNotNull().and(col("prev2").isNull())
        .and(col("prev_orders").equalTo(1));
    Dataset<Row> orderEvents = active.select(flows(activity.segments(), col("month"),
        flag(first),
        flag(col("prev").isNotNull().and(monthsBetween(col("month"), col("prev")).gt(windowMonths))),
        lit(0L),
        when(first.and(col("orders").equalTo(1)), 1L).when(secondAfterOneOrder, -1L).otherwise(0L),
        lit(1L),
        when(col("period").equalTo(0), col("customer_first_order_revenue")),
        col("revenue")));
    Dataset<Row> churnEvents = active
        .filter(col("next").isNull().or(monthsBetween(col("next"), col("month")).gt(windowMonths)))
        .select(flows(activity.segments(), add_months(col("month"), windowMonths),
            lit(0L), lit(0L), lit(1L), lit(0L), lit(0L), lit(null), lit(null)));

    Dataset<Row> events = Segments.split(orderEvents.unionByName(churnEvents), activity.segments())
        .filter(col("month").leq(asOfMonth))
        .groupBy(Segments.keys("month"))
        .agg(sum(col(FLOWS.get(0))).as(FLOWS.get(0)), sumsOf(FLOWS.subList(1, FLOWS.size())));

    Dataset<Row> months = events.groupBy(Segments.keys()).agg(min(col("month")).as("first_month"))
        .withColumn("month", explode(sequence(col("first_month"), asOfMonth, expr("interval 1 month"))))
        .drop("first_month");

    WindowSpec upToMonth = Window.partitionBy(Segments.keys()).orderBy(col("month"))
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> flows = months.join(events, JoinKeys.of("segment", "segment_value", "month"), "left");
    for (String flow : FLOWS) {
      if (!flow.endsWith("revenue")) {
        flows = flows.withColumn(flow, coalesce(col(flow), lit(0L)));
      }
    }
    Column newCustomers = col("new_customers");
    Column start = col("customers_start");
    return flows
        .withColumn("customers_end",
            sum(newCustomers.plus(col("reactivated")).minus(col("churned"))).over(upToMonth))
        .withColumn("customers_start", col("customers_end").minus(newCustomers)
            .minus(col("reactivated")).plus(col("churned")))
        .withColumn("retained_customers", start.minus(col("churned")))
        .withColumn("retention_rate_formula",
            when(start.gt(0), col("customers_end").minus(newCustomers).multiply(100.0).divide(start)))
        .withColumn("retention_rate_exact",
            when(start.gt(0), col("retained_customers").multiply(100.0).divide(start)))
        .withColumn("repeat_purchase_rate", when(col("active_customers").gt(0),
            col("active_customers").minus(newCustomers).divide(col("active_customers"))))
        .withColumn("one_time_buyer_share", sum(col("one_time_delta")).over(upToMonth)
            .divide(sum(newCustomers).over(upToMonth)))
        .withColumn("repeat_to_first_spend_ratio", when(col("first_order_revenue").gt(0),
            col("revenue").minus(col("first_order_revenue")).divide(col("first_order_revenue"))))
        .withColumn("month_complete", date_add(add_months(col("month"), 1), -1).leq(lit(asOf)))
        .withColumn("as_of_date", lit(asOf))
        .withColumn("run_id", lit(runId));
  }

  private static Column flag(Column condition) {
    return when(condition, 1L).otherwise(0L);
  }

  private static Column[] flows(List<String> segments, Column month, Column... values) {
    Column[] columns = new Column[FLOWS.size() + 1 + segments.size()];
    columns[0] = month.as("month");
    for (int i = 0; i < FLOWS.size(); i++) {
      String name = FLOWS.get(i);
      columns[i + 1] = name.endsWith("revenue")
          ? values[i].cast("decimal(28,2)").as(name)
          : values[i].as(name);
    }
    for (int i = 0; i < segments.size(); i++) {
      columns[FLOWS.size() + 1 + i] = col(segments.get(i));
    }
    return columns;
  }

  private static Column[] sumsOf(List<String> names) {
    return names.stream().map(n -> sum(col(n)).as(n)).toArray(Column[]::new);
  }
}
