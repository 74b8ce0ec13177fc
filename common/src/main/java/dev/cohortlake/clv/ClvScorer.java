package dev.cohortlake.clv;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.cohortlake.config.ClvConfig;
import dev.cohortlake.model.GammaGamma;
import dev.cohortlake.table.JoinKeys;
import dev.cohortlake.table.Tables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores every customer for one purchase model: joins the model's {@link PatternPredictions} to the
 * {@link CustomerSummary}, prices purchases with the Gamma-Gamma expected spend (a Spark
 * expression), and adds the seed formula, value tier and at-risk flag. The result has the columns
 * of {@code clv_customer}.
 */
public final class ClvScorer {

  private static final double DAYS_PER_YEAR = 365.25;

  private final ClvConfig config;
  private final LocalDate asOf;
  private final String runId;

  public ClvScorer(ClvConfig config, LocalDate asOf, String runId) {
    this.config = config;
    this.asOf = asOf;
    this.runId = runId;
  }

  /**
   * @param summary the customer summary with the first fit-by dimension's {@code fit_segment_value}
   * @param predictions the model's pattern predictions for every segment value
   * @param model the model name
   * @param spend the fitted spend model; empty for a counts-only dataset (clv is then null)
   */
  public Dataset<Row> score(
      Dataset<Row> summary, Dataset<Row> predictions, String model, Optional<GammaGamma> spend) {
    Column x = col("x");
    Column expectedValue =
        spend
            .map(
                gg -> {
                  Column m = col("monetary_value");
                  return when(
                          x.gt(0).and(m.gt(0)),
                          lit(gg.gamma())
                              .plus(m.multiply(x))
                              .multiply(gg.p())
                              .divide(x.multiply(gg.p()).plus(gg.q() - 1)))
                      .otherwise(lit(gg.conditionalExpectedAverageValue(0, 0)));
                })
            .orElse(lit(null));
    Column tenureYears = greatest(col("t_days").plus(1), lit(DAYS_PER_YEAR)).divide(DAYS_PER_YEAR);
    Dataset<Row> scored =
        summary
            .join(
                broadcast(predictions), JoinKeys.of("fit_segment_value", "x", "tx_days", "t_days"))
            .withColumn("expected_avg_value", expectedValue.cast(Tables.MONEY))
            .withColumn(
                "clv",
                col("expected_avg_value").multiply(col("discounted_purchases")).cast(Tables.MONEY))
            .withColumn(
                "clv_simple",
                col("historical_revenue")
                    .divide(tenureYears)
                    .multiply(config.lifespanYears())
                    .cast(Tables.MONEY))
            .withColumn("frequency", x)
            .withColumn("model", lit(model));
    return withTiers(scored, spend.isPresent() ? "clv" : "expected_purchases")
        .withColumn("as_of_date", lit(Date.valueOf(asOf)))
        .withColumn("run_id", lit(runId));
  }

  private Dataset<Row> withTiers(Dataset<Row> scored, String valueColumn) {
    double[] q =
        scored
            .stat()
            .approxQuantile(
                valueColumn,
                new double[] {
                  0.5, config.valueTierQuantiles().get(0), config.valueTierQuantiles().get(1)
                },
                0.001);
    Column value = col(valueColumn).cast("double");
    Column silentTooLong =
        col("x")
            .gt(0)
            .and(
                col("t_days")
                    .minus(col("tx_days"))
                    .gt(col("tx_days").divide(col("x")).multiply(config.atRiskSilenceMultiple())));
    return scored
        .withColumn(
            "value_tier",
            when(value.isNull(), lit(null))
                .when(value.geq(q[2]), "high")
                .when(value.geq(q[1]), "medium")
                .otherwise("low"))
        .withColumn(
            "at_risk",
            value.gt(q[0]).and(col("p_alive").lt(config.atRiskPAlive()).or(silentTooLong)));
  }
}
