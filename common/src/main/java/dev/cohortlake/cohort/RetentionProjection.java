package dev.cohortlake.cohort;

import dev.cohortlake.model.DeltaMethod;
import dev.cohortlake.model.Fitted;
import dev.cohortlake.model.ShiftedBetaGeometric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Fits the shifted-beta-geometric model (Fader & Hardie 2007) to each segment split's cohorts and
 * projects retention past the observed periods.
 *
 * <p>A cohort's rolling retention is its survivor curve: a customer is lost after their last active
 * period. Over the cohorts of a split, the customers lost at period t are pooled, and each cohort's
 * survivors at its last complete period are right-censored there, so young and old cohorts
 * contribute what they have observed. The result has one point per split and period, from 0 to the
 * last observed period plus the horizon, with the fitted survival S(t); a split with fewer than
 * three observed periods or no customer lost is not fitted. Each point carries a 95% interval of
 * S(t) from the covariance of (α, β) by the delta method ({@link DeltaMethod}), clipped to [0, 1].
 */
public final class RetentionProjection {

  private RetentionProjection() {}

  /**
   * One period of a split's fitted curve.
   *
   * @param rate the fitted survival S(t)
   * @param low lower end of the 95% interval of S(t) (delta method; NaN if not estimable)
   * @param high upper end of that interval
   * @param projected whether the period is past the split's last observed one
   */
  public record Point(
      Split split, int period, double rate, double low, double high, boolean projected) {}

  /**
   * @param periods the cells of cohort_monthly, ordered by split, cohort and period
   * @param horizon periods projected past the last observed one
   */
  public static List<Point> fit(List<CohortPeriod> periods, int horizon) {
    Map<Split, Pool> pools = new TreeMap<>();
    for (int i = 0; i < periods.size(); i++) {
      CohortPeriod cell = periods.get(i);
      if (!cell.complete()) {
        continue;
      }
      Pool pool = pools.computeIfAbsent(cell.split(), k -> new Pool());
      if (cell.period() > 0) {
        long lost = periods.get(i - 1).rollingActiveCustomers() - cell.rollingActiveCustomers();
        pool.churned.merge(cell.period(), (double) lost, Double::sum);
      }
      boolean lastObserved =
          i + 1 == periods.size()
              || periods.get(i + 1).period() == 0
              || !periods.get(i + 1).complete();
      if (lastObserved) {
        pool.censored.merge(cell.period(), (double) cell.rollingActiveCustomers(), Double::sum);
        pool.lastPeriod = Math.max(pool.lastPeriod, cell.period());
      }
    }
    List<Point> points = new ArrayList<>();
    pools.forEach(
        (split, pool) ->
            pool.fit()
                .ifPresent(
                    fitted -> {
                      ShiftedBetaGeometric model = fitted.model();
                      double[][] covariance = fitted.fit().covariance();
                      double[] estimates = {model.alpha(), model.beta()};
                      for (int t = 0; t <= pool.lastPeriod + horizon; t++) {
                        int period = t;
                        double rate = model.survival(t);
                        double error =
                            DeltaMethod.standardError(
                                p -> new ShiftedBetaGeometric(p[0], p[1]).survival(period),
                                estimates,
                                covariance);
                        points.add(
                            new Point(
                                split,
                                t,
                                rate,
                                Math.max(0, rate - DeltaMethod.Z95 * error),
                                Math.min(1, rate + DeltaMethod.Z95 * error),
                                t > pool.lastPeriod));
                      }
                    }));
    return points;
  }

  /** Pooled churn and censoring counts of one split, by period. */
  private static final class Pool {
    final Map<Integer, Double> churned = new TreeMap<>();
    final Map<Integer, Double> censored = new TreeMap<>();
    int lastPeriod;

    Optional<Fitted<ShiftedBetaGeometric>> fit() {
      double lost = churned.values().stream().mapToDouble(Double::doubleValue).sum();
      if (lastPeriod < 2 || lost <= 0) {
        return Optional.empty();
      }
      double[] churn = new double[lastPeriod + 1];
      double[] censor = new double[lastPeriod + 1];
      churned.forEach((t, n) -> churn[t] = n);
      censored.forEach((t, n) -> censor[t] = n);
      return Optional.of(ShiftedBetaGeometric.fit(churn, censor));
    }
  }
}
