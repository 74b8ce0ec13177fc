package dev.cohortlake.config;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * How customer lifetime value is modelled and scored.
 *
 * @param models purchase models to fit and score
 * @param timeUnit unit of recency, T and the model parameters
 * @param purchaseGrain what counts as one purchase in x and the monetary value
 * @param horizonMonths months of future purchases predicted
 * @param monthlyDiscountRate discount rate per month of the clv sum
 * @param calibrationEnd end of the calibration period (default: the as-of date)
 * @param holdoutEnd end of the holdout period, for validation
 * @param lifespanYears expected lifespan of the seed formula
 * @param valueTierQuantiles two quantiles of clv splitting low, medium and high value
 * @param atRiskPAlive p_alive below which a valuable customer is at risk
 * @param atRiskSilenceMultiple silence, in mean inter-purchase times, that puts one at risk
 * @param fitBy dimensions the purchase models are fitted by; the first scores clv_customer
 * @param fitByMinCustomers customers a segment value needs for a fit of its own
 * @param whatIfRetentionPoints rise of each segment's monthly retention in retention_whatif
 * @param contributionMargin share of revenue that is profit, when configured
 */
public record ClvConfig(
    List<PurchaseModelKind> models,
    TimeUnit timeUnit,
    PurchaseGrain purchaseGrain,
    int horizonMonths,
    double monthlyDiscountRate,
    Optional<LocalDate> calibrationEnd,
    Optional<LocalDate> holdoutEnd,
    double lifespanYears,
    List<Double> valueTierQuantiles,
    double atRiskPAlive,
    double atRiskSilenceMultiple,
    List<String> fitBy,
    int fitByMinCustomers,
    double whatIfRetentionPoints,
    Optional<Double> contributionMargin) {

  /** The fit-by dimension of the whole customer base. */
  public static final String ALL = "all";

  /** The fit-by dimension of the quarter of each customer's first order, e.g. 1997-Q1. */
  public static final String COHORT_QUARTER = "cohort_quarter";

  /** The fit-by dimension of the month of each customer's first order, e.g. 1997-01. */
  public static final String COHORT_MONTH = "cohort_month";

  /** The purchase models Cohort Lake scores customers with. */
  public enum PurchaseModelKind {
    BG_NBD,
    MBG_NBD,
    PARETO_NBD
  }

  /**
   * What counts as one purchase. {@code DAY} (lifetimes' convention, the default): a calendar day
   * with an order, so orders on the same day merge into one purchase. {@code ORDER}: every order;
   * for sources with order ids or timestamps, where merging would bias the purchase rate and the
   * spend of customers who often order twice a day. Recency and T are whole days in both.
   */
  public enum PurchaseGrain {
    DAY,
    ORDER
  }

  /** Time unit of the models: days, or weeks of seven days. */
  public enum TimeUnit {
    DAY(1, 30.0),
    WEEK(7, 4.345);

    private final int days;
    private final double perMonth;

    TimeUnit(int days, double perMonth) {
      this.days = days;
      this.perMonth = perMonth;
    }

    public int days() {
      return days;
    }

    /** Units per month, as lifetimes counts them (4.345 weeks, 30 days). */
    public double perMonth() {
      return perMonth;
    }
  }
}
