package dev.cohortlake.clv;

import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.cohortlake.config.ClvConfig;
import dev.cohortlake.table.Tables;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The communication calendar of the retention literature, made quantitative: from a model's scored
 * customers (with the contact timing of {@link PatternPredictions}), each customer's rhythm, the
 * date by which P(alive) falls below the at-risk threshold if no purchase arrives, the value lost
 * by then, a reason and a contact week. Dates count from the calibration end, where T is measured.
 *
 * <p>Reasons: {@code new_customer_no_second_order} without a repeat purchase; {@code
 * quiet_too_long} when the silence exceeds {@code clv.at-risk.silence-multiple} times the
 * customer's mean gap between purchases (contact the week after calibration end); {@code
 * p_alive_falling} otherwise (contact a week before the at-risk date). Without an at-risk date the
 * contact falls when the next purchase is due (median wait, at most ten years out).
 */
public final class ContactCalendar {

  private static final int TEN_YEARS_DAYS = 3_653;

  private ContactCalendar() {}

  public static Dataset<Row> build(
      Dataset<Row> scored, ClvConfig clv, LocalDate calibrationEnd, LocalDate asOf, String runId) {
    int unitDays = clv.timeUnit().days();
    Column end = lit(Date.valueOf(calibrationEnd));
    Column x = col("x");
    Column gap = when(x.gt(0), col("tx_days").divide(x));
    Column silent = col("t_days").minus(col("tx_days"));
    Column atRiskDate = date_add(end, ceil(col("at_risk_units").multiply(unitDays)).cast("int"));
    Column waitDays =
        least(ceil(col("median_wait_units").multiply(unitDays)), lit(TEN_YEARS_DAYS)).cast("int");
    Column reason =
        when(x.equalTo(0), lit("new_customer_no_second_order"))
            .when(silent.gt(gap.multiply(clv.atRiskSilenceMultiple())), lit("quiet_too_long"))
            .otherwise(lit("p_alive_falling"));
    Column weekAfterEnd = date_add(end, 7);
    Column contact =
        when(col("reason").equalTo("quiet_too_long"), weekAfterEnd)
            .when(col("at_risk_date").isNotNull(), date_sub(col("at_risk_date"), 7))
            .otherwise(date_add(end, waitDays));
    Column purchasesAtStake =
        col("discounted_purchases").minus(col("discounted_purchases_at_risk"));
    return scored
        .withColumn("frequency", x)
        .withColumn("days_silent", silent.cast("int"))
        .withColumn("typical_gap_days", gap.cast("double"))
        .withColumn("days_overdue", silent.minus(gap).cast("double"))
        .withColumn("days_to_next_purchase", col("median_wait_units").multiply(unitDays))
        .withColumn("at_risk_date", atRiskDate)
        .withColumn("reason", reason)
        .withColumn(
            "contact_week", date_trunc("week", greatest(contact, weekAfterEnd)).cast("date"))
        .withColumn("purchases_at_stake", purchasesAtStake)
        .withColumn(
            "value_at_stake",
            col("expected_avg_value").multiply(purchasesAtStake).cast(Tables.MONEY))
        .withColumn("as_of_date", lit(Date.valueOf(asOf)))
        .withColumn("run_id", lit(runId));
  }
}
