package dev.cohortlake.clv;

import dev.cohortlake.clv.SegmentPatterns.Group;
import dev.cohortlake.model.ContactTiming;
import dev.cohortlake.model.PurchaseModel;
import dev.cohortlake.model.RfmPatterns;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted model's predictions for every unique (x, t_x, T) pattern of a group, computed once on
 * the driver and joined back to the customers: every customer with the same pattern (and segment)
 * has the same P(alive), expected purchases, discounted purchases ({@link ClvHorizon}) and contact
 * timing ({@link ContactTiming}), so this is exact and needs no per-row UDF.
 *
 * <p>{@code discounted_purchases_at_risk} is the discounted purchases of the same customer judged
 * at the at-risk date with no purchase until then (T + Δ): the part of the CLV still there if they
 * stay silent; 0 when P(alive) never crosses the threshold or already has, as then all of the CLV
 * is what a lapse would lose.
 */
public final class PatternPredictions {

  public static final StructType SCHEMA =
      new StructType()
          .add("fit_segment_value", DataTypes.StringType)
          .add("fit_segment", DataTypes.StringType)
          .add("x", DataTypes.IntegerType)
          .add("tx_days", DataTypes.IntegerType)
          .add("t_days", DataTypes.IntegerType)
          .add("p_alive", DataTypes.DoubleType)
          .add("expected_purchases", DataTypes.DoubleType)
          .add("discounted_purchases", DataTypes.DoubleType)
          .add("holdout_expected", DataTypes.DoubleType)
          .add("at_risk_units", DataTypes.DoubleType)
          .add("median_wait_units", DataTypes.DoubleType)
          .add("discounted_purchases_at_risk", DataTypes.DoubleType);

  /** How far ahead the at-risk crossing is looked for: ten years. */
  private static final int CROSSING_MONTHS = 120;

  private PatternPredictions() {}

  /**
   * @param segmentValue the value of the first fit-by dimension the group holds
   * @param fitSegment the fit that predicts: all, or dimension=value for a segment's own fit
   * @param group the patterns, in model time units and in days
   * @param horizon months predicted and their discounting
   * @param holdoutUnits length of the holdout period in model units (0: none)
   * @param atRiskPAlive the P(alive) threshold of the at-risk crossing
   */
  public static List<Row> compute(
      PurchaseModel model,
      String segmentValue,
      String fitSegment,
      Group group,
      ClvHorizon horizon,
      double holdoutUnits,
      double atRiskPAlive) {
    double[] monthly = horizon.horizons();
    double[] horizons = Arrays.copyOf(monthly, monthly.length + (holdoutUnits > 0 ? 1 : 0));
    if (holdoutUnits > 0) {
      horizons[monthly.length] = holdoutUnits;
    }
    RfmPatterns patterns = group.rfm();
    int[][] days = group.days();
    double crossingLimit = CROSSING_MONTHS * horizon.unitsPerMonth();
    Row[] rows = new Row[patterns.size()];
    IntStream.range(0, patterns.size())
        .parallel()
        .forEach(
            i -> {
              double x = patterns.x()[i];
              double tx = patterns.tx()[i];
              double age = patterns.t()[i];
              PurchaseModel.Forecast forecast = model.forecast(horizons, x, tx, age);
              double[] cumulative = forecast.expectedPurchases();
              double atRisk =
                  ContactTiming.unitsUntilProbabilityAliveBelow(
                      model, x, tx, age, atRiskPAlive, crossingLimit);
              double discountedAtRisk =
                  Double.isNaN(atRisk) || atRisk == 0
                      ? 0
                      : horizon.discounted(
                          model.forecast(monthly, x, tx, age + atRisk).expectedPurchases());
              rows[i] =
                  RowFactory.create(
                      segmentValue,
                      fitSegment,
                      days[i][0],
                      days[i][1],
                      days[i][2],
                      forecast.probabilityAlive(),
                      cumulative[monthly.length - 1],
                      horizon.discounted(cumulative),
                      holdoutUnits > 0 ? cumulative[monthly.length] : 0.0,
                      Double.isNaN(atRisk) ? null : atRisk,
                      ContactTiming.medianUnitsToNextPurchase(model, x, age),
                      discountedAtRisk);
            });
    return List.of(rows);
  }
}
