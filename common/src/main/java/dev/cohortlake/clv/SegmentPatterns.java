package dev.cohortlake.clv;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import dev.cohortlake.config.ClvConfig;
import dev.cohortlake.model.Fitted;
import dev.cohortlake.model.RfmPatterns;
import dev.cohortlake.model.ShiftedBetaGeometric;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The customer summary of one fit-by dimension compressed to cells: per segment value, the unique
 * (x, t_x, T) patterns with their customers and the spend of their repeat buyers. Everything the
 * models need per segment (fits, scoring, what-if totals and their intervals) is computed on the
 * driver from these cells, exactly, as the customers of a cell share every prediction.
 */
public final class SegmentPatterns {

  /** The segment value of a customer whose segment column is empty. */
  static final String NO_VALUE = "(none)";

  private final String dimension;
  private final Map<String, Group> groups;

  private SegmentPatterns(String dimension, Map<String, Group> groups) {
    this.dimension = dimension;
    this.groups = groups;
  }

  /** Cells already grouped by segment value, in value order. */
  static SegmentPatterns of(String dimension, Map<String, Group> groups) {
    return new SegmentPatterns(dimension, new TreeMap<>(groups));
  }

  /** The segment value of each summary row for a fit-by dimension, as a text column. */
  public static Column valueOf(String dimension) {
    if (ClvConfig.ALL.equals(dimension)) {
      return lit(ClvConfig.ALL);
    }
    if (ClvConfig.COHORT_QUARTER.equals(dimension)) {
      return concat(
          year(col("cohort_month")).cast("string"),
          lit("-Q"),
          quarter(col("cohort_month")).cast("string"));
    }
    if (ClvConfig.COHORT_MONTH.equals(dimension)) {
      return date_format(col("cohort_month"), "yyyy-MM");
    }
    return coalesce(col(dimension).cast("string"), lit(NO_VALUE));
  }

  /**
   * @param summary the customer summary with the dimension's column
   * @param unitDays days per model time unit
   * @param end the calibration end: the last day the summary has seen
   */
  public static SegmentPatterns collect(
      Dataset<Row> summary, String dimension, int unitDays, LocalDate end) {
    Column spender = col("x").gt(0).and(col("monetary_value").gt(0));
    // In a fixed order: the likelihood is summed in pattern order, so a fit is the same to the
    // last digit whatever plan computed the summary.
    List<Row> rows =
        summary
            .groupBy(valueOf(dimension).as("value"), col("x"), col("tx_days"), col("t_days"))
            .agg(
                count(lit(1)).as("customers"),
                count(when(spender, lit(1))).as("spenders"),
                sum(when(spender, col("monetary_value").cast("double"))).as("spend"))
            .orderBy("value", "x", "tx_days", "t_days")
            .collectAsList();
    Map<String, List<Row>> byValue = new TreeMap<>();
    for (Row row : rows) {
      byValue.computeIfAbsent(row.getString(0), v -> new ArrayList<>()).add(row);
    }
    Map<String, Survival> survival = survival(summary, dimension, end);
    Map<String, Group> groups = new TreeMap<>();
    byValue.forEach(
        (value, cells) ->
            groups.put(
                value, Group.of(cells, unitDays, survival.getOrDefault(value, Survival.NONE))));
    return new SegmentPatterns(dimension, groups);
  }

  /**
   * Each segment's cohorts as one survivor curve: a customer is lost after their last active
   * period, and censored at their cohort's last complete period when active through it (as in
   * {@link dev.cohortlake.cohort.RetentionProjection}).
   */
  private static Map<String, Survival> survival(
      Dataset<Row> summary, String dimension, LocalDate end) {
    LocalDate lastCompleteMonth =
        end.plusDays(1).getDayOfMonth() == 1
            ? end.withDayOfMonth(1)
            : end.withDayOfMonth(1).minusMonths(1);
    Map<String, Map<Integer, double[]>> counts = new TreeMap<>();
    for (Row row :
        summary
            .groupBy(valueOf(dimension).as("value"), col("cohort_month"), col("last_period"))
            .count()
            .orderBy("value", "cohort_month", "last_period")
            .collectAsList()) {
      LocalDate cohort = row.getDate(1).toLocalDate();
      int observed = (int) ChronoUnit.MONTHS.between(cohort, lastCompleteMonth);
      if (observed < 1) {
        continue;
      }
      int lastActive = row.getInt(2);
      Map<Integer, double[]> byPeriod =
          counts.computeIfAbsent(row.getString(0), v -> new TreeMap<>());
      if (lastActive >= observed) {
        byPeriod.computeIfAbsent(observed, p -> new double[2])[1] += row.getLong(3);
      } else {
        byPeriod.computeIfAbsent(lastActive + 1, p -> new double[2])[0] += row.getLong(3);
      }
    }
    Map<String, Survival> survival = new TreeMap<>();
    counts.forEach(
        (value, byPeriod) -> {
          int periods = ((TreeMap<Integer, double[]>) byPeriod).lastKey() + 1;
          double[] churned = new double[periods];
          double[] censored = new double[periods];
          byPeriod.forEach(
              (period, c) -> {
                churned[period] = c[0];
                censored[period] = c[1];
              });
          survival.put(value, new Survival(churned, censored));
        });
    return survival;
  }

  /**
   * A survivor curve as the shifted-beta-geometric fit takes it.
   *
   * @param churned customers lost at the end of each period (index 0 unused)
   * @param censored customers still active when observation stopped after each period
   */
  public record Survival(double[] churned, double[] censored) {
    static final Survival NONE = new Survival(new double[0], new double[0]);

    /** The fitted curve; empty with fewer than three periods or nobody lost. */
    public Optional<Fitted<ShiftedBetaGeometric>> fit() {
      double lost = 0;
      for (double c : churned) {
        lost += c;
      }
      if (churned.length < 3 || lost <= 0) {
        return Optional.empty();
      }
      return Optional.of(ShiftedBetaGeometric.fit(churned, censored));
    }

    static Survival merge(Collection<Survival> curves) {
      int periods = curves.stream().mapToInt(c -> c.churned.length).max().orElse(0);
      double[] churned = new double[periods];
      double[] censored = new double[periods];
      for (Survival curve : curves) {
        for (int t = 0; t < curve.churned.length; t++) {
          churned[t] += curve.churned[t];
          censored[t] += curve.censored[t];
        }
      }
      return new Survival(churned, censored);
    }
  }

  public String dimension() {
    return dimension;
  }

  /** Segment values in order, with their cells. */
  public Map<String, Group> groups() {
    return groups;
  }

  /**
   * The cells of one segment value.
   *
   * @param rfm unique patterns in model units, weighted by customers
   * @param days the same patterns in days: {x, tx_days, t_days}
   * @param spenders customers of each pattern with repeat purchases and positive spend
   * @param spend the sum of those customers' mean repeat spend
   * @param survival the group's cohorts as one survivor curve
   */
  public record Group(
      RfmPatterns rfm, int[][] days, double[] spenders, double[] spend, Survival survival) {

    static Group of(List<Row> cells, int unitDays, Survival survival) {
      List<int[]> days = new ArrayList<>();
      List<double[]> sums = new ArrayList<>();
      for (Row cell : cells) {
        days.add(new int[] {cell.getInt(1), cell.getInt(2), cell.getInt(3)});
        sums.add(
            new double[] {
              cell.getLong(4), cell.getLong(5), cell.isNullAt(6) ? 0 : cell.getDouble(6)
            });
      }
      return of(days, sums, unitDays, survival);
    }

    /**
     * @param days {x, tx_days, t_days} per cell
     * @param sums {customers, spenders, spend} per cell
     */
    private static Group of(
        List<int[]> days, List<double[]> sums, int unitDays, Survival survival) {
      int n = days.size();
      double[] x = new double[n];
      double[] tx = new double[n];
      double[] t = new double[n];
      double[] weight = new double[n];
      double[] spenders = new double[n];
      double[] spend = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = days.get(i)[0];
        tx[i] = days.get(i)[1] / (double) unitDays;
        t[i] = days.get(i)[2] / (double) unitDays;
        weight[i] = sums.get(i)[0];
        spenders[i] = sums.get(i)[1];
        spend[i] = sums.get(i)[2];
      }
      return new Group(
          new RfmPatterns(x, tx, t, weight), days.toArray(int[][]::new), spenders, spend, survival);
    }

    /** A group without customers. */
    public static Group empty() {
      double[] none = new double[0];
      return new Group(
          new RfmPatterns(none, none, none, none), new int[0][], none, none, Survival.NONE);
    }

    /** Customers in the group. */
    public long customers() {
      double total = 0;
      for (double w : rfm.weight()) {
        total += w;
      }
      return Math.round(total);
    }

    /** Several groups as one: the cells of equal patterns merged, in pattern order. */
    public static Group merge(Collection<Group> groups, int unitDays) {
      Map<List<Integer>, double[]> merged = new TreeMap<>(SegmentPatterns::compareKeys);
      for (Group group : groups) {
        for (int i = 0; i < group.days.length; i++) {
          double[] sums =
              merged.computeIfAbsent(
                  List.of(group.days[i][0], group.days[i][1], group.days[i][2]),
                  k -> new double[3]);
          sums[0] += group.rfm.weight()[i];
          sums[1] += group.spenders[i];
          sums[2] += group.spend[i];
        }
      }
      List<int[]> days = new ArrayList<>();
      merged.keySet().forEach(key -> days.add(new int[] {key.get(0), key.get(1), key.get(2)}));
      return of(
          days,
          new ArrayList<>(merged.values()),
          unitDays,
          Survival.merge(groups.stream().map(Group::survival).toList()));
    }
  }

  private static int compareKeys(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < a.size(); i++) {
      int c = Integer.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
