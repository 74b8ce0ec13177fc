package dev.cohortlake.clv;

import dev.cohortlake.model.PurchaseModel;
import dev.cohortlake.model.RfmPatterns;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.hipparchus.util.FastMath;

/**
 * A fitted model's predictions for every unique (x, t_x, T) pattern, computed once on the driver
 * and joined back to the customers: every customer with the same pattern has the same P(alive),
 * expected purchases and discounted purchases, so this is exact and needs no per-row UDF.
 *
 * <p>{@code discounted_purchases} is Σ_{m=1..H} (E[Y(m)] − E[Y(m − 1)]) / (1 + d)^m with months of
 * {@link dev.cohortlake.config.ClvConfig.TimeUnit#perMonth()} units: lifetimes' {@code
 * customer_lifetime_value} convention, so clv = E[value] × discounted_purchases.
 */
public final class PatternPredictions {

  static final StructType SCHEMA =
      new StructType()
          .add("x", DataTypes.IntegerType)
          .add("tx_days", DataTypes.IntegerType)
          .add("t_days", DataTypes.IntegerType)
          .add("p_alive", DataTypes.DoubleType)
          .add("expected_purchases", DataTypes.DoubleType)
          .add("discounted_purchases", DataTypes.DoubleType)
          .add("holdout_expected", DataTypes.DoubleType);

  private PatternPredictions() {}

  /**
   * @param patterns unique patterns in model time units, with x, t_x and T in days in {@code days}
   * @param days the same patterns in days: {x, tx_days, t_days} per pattern
   * @param unitsPerMonth model time units per month
   * @param horizonMonths months predicted
   * @param monthlyDiscount discount rate per month
   * @param holdoutUnits length of the holdout period in model units (0: none)
   */
  public static Dataset<Row> compute(
      SparkSession spark,
      PurchaseModel model,
      RfmPatterns patterns,
      int[][] days,
      double unitsPerMonth,
      int horizonMonths,
      double monthlyDiscount,
      double holdoutUnits) {
    double[] horizons = new double[horizonMonths + (holdoutUnits > 0 ? 1 : 0)];
    for (int m = 1; m <= horizonMonths; m++) {
      horizons[m - 1] = m * unitsPerMonth;
    }
    if (holdoutUnits > 0) {
      horizons[horizonMonths] = holdoutUnits;
    }
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
              double discounted = 0;
              double previous = 0;
              for (int m = 1; m <= horizonMonths; m++) {
                discounted += (cumulative[m - 1] - previous) / FastMath.pow(1 + monthlyDiscount, m);
                previous = cumulative[m - 1];
              }
              double holdout = holdoutUnits > 0 ? cumulative[horizonMonths] : 0;
              rows[i] =
                  RowFactory.create(
                      days[i][0],
                      days[i][1],
                      days[i][2],
                      forecast.probabilityAlive(),
                      previous,
                      discounted,
                      holdout);
            });
    List<Row> list = new ArrayList<>(List.of(rows));
    return spark.createDataFrame(list, SCHEMA);
  }
}
