package dev.cohortlake.cohort;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;

import dev.cohortlake.table.Tables;
import java.sql.Date;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds the customers table (one row per customer and as-of date) from {@link CustomerActivity}.
 */
public final class CustomersTableBuilder {

  private CustomersTableBuilder() {}

  public static Dataset<Row> build(CustomerActivity activity, String runId) {
    Date asOf = Date.valueOf(activity.asOf());
    return activity
        .customers()
        .withColumn("as_of_date", lit(asOf))
        .withColumn("aov", col("revenue").divide(col("orders")).cast(Tables.MONEY))
        .withColumn("repeat_revenue", col("revenue").minus(col("first_order_revenue")))
        .withColumn("days_since_last_order", datediff(lit(asOf), col("last_order_date")))
        .withColumn("run_id", lit(runId));
  }
}
