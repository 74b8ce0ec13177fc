package dev.cohortlake.cohort;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cohortlake.run.CohortLakeException;
import dev.cohortlake.run.ExitCode;
import dev.cohortlake.testing.SparkTestSession;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three cohort tables on a history small enough to work out by hand, as of 15 June 2011 with a
 * two-month active window. A (UK) orders in January, February and June; B (FR) once in January; C
 * (UK) in March and April. So B leaves the base in March, A in April and C in June, when A comes
 * back: June's seed formula (E - N) / S says 100% where the exact form says 0%.
 */
class CohortTablesTest {

  private static final LocalDate AS_OF = LocalDate.of(2011, 6, 15);
  private static final StructType ORDERS =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("order_ts", DataTypes.TimestampType)
          .add("order_date", DataTypes.DateType)
          .add("revenue", DataTypes.createDecimalType(18, 2))
          .add("is_return", DataTypes.BooleanType)
          .add("country", DataTypes.StringType)
          .add("order_id", DataTypes.StringType);

  private static CustomerActivity activity;
  private static CohortCells cells;

  @BeforeAll
  static void rollUp() {
    Dataset<Row> orders =
        SparkTestSession.get()
            .createDataFrame(
                List.of(
                    order("A", "2011-01-05", "10.00", "UK"),
                    order("A", "2011-02-07", "20.00", "UK"),
                    order("A", "2011-06-01", "40.00", "UK"),
                    order("B", "2011-01-20", "5.00", "FR"),
                    order("C", "2011-03-03", "8.00", "UK"),
                    order("C", "2011-04-04", "12.00", "UK")),
                ORDERS);
    activity = CustomerActivity.fromOrders(orders, AS_OF, List.of("country"), true);
    cells = CohortCells.of(activity, 2);
  }

  @AfterAll
  static void release() {
    activity.close();
  }

  private static Row order(String customer, String date, String revenue, String country) {
    Timestamp ts = Timestamp.valueOf(date + " 12:00:00");
    return RowFactory.create(
        customer, ts, Date.valueOf(date), new BigDecimal(revenue), false, country, customer + date);
  }

  @Test
  void retentionMonthlyFollowsTheBaseThroughChurnAndReactivation() {
    Map<String, Row> months =
        byKey(
            RetentionMonthlyBuilder.build(SparkTestSession.get(), cells, "run")
                .filter(col("segment").equalTo("all")),
            r -> r.getDate(r.fieldIndex("month")).toString());
    assertThat(months)
        .containsOnlyKeys(
            "2011-01-01", "2011-02-01", "2011-03-01", "2011-04-01", "2011-05-01", "2011-06-01");

    Row march = months.get("2011-03-01");
    assertThat(
            longs(
                march,
                "customers_start",
                "customers_end",
                "new_customers",
                "churned",
                "reactivated"))
        .as("C joins, B leaves")
        .containsExactly(2L, 2L, 1L, 1L, 0L);
    assertThat(march.<Double>getAs("retention_rate_formula")).isEqualTo(50.0);
    assertThat(march.<Double>getAs("retention_rate_exact")).isEqualTo(50.0);

    Row june = months.get("2011-06-01");
    assertThat(
            longs(
                june,
                "customers_start",
                "customers_end",
                "retained_customers",
                "churned",
                "reactivated"))
        .as("C leaves, A comes back")
        .containsExactly(1L, 1L, 0L, 1L, 1L);
    assertThat(june.<Double>getAs("retention_rate_formula")).isEqualTo(100.0);
    assertThat(june.<Double>getAs("retention_rate_exact")).isEqualTo(0.0);
    assertThat(june.<Double>getAs("repeat_purchase_rate")).isEqualTo(1.0);
    assertThat(june.<Boolean>getAs("month_complete")).isFalse();

    assertThat(months.get("2011-05-01").<Long>getAs("customers_end"))
        .as("no event in May")
        .isEqualTo(1L);
    assertThat(months.get("2011-04-01").<Double>getAs("one_time_buyer_share"))
        .as("B of A, B and C has one order so far")
        .isCloseTo(1.0 / 3, within(1e-12));
    assertThat(months.get("2011-01-01").<Double>getAs("repeat_to_first_spend_ratio"))
        .isEqualTo(0.0);
    assertThat(months.get("2011-02-01").<Double>getAs("repeat_to_first_spend_ratio"))
        .as("no first order in February")
        .isNull();
  }

  @Test
  void cohortMonthlyFillsEveryPeriodToTheAsOfMonthWithRunningSums() {
    Map<String, CohortPeriod> january =
        CohortMonthlyBuilder.periods(cells).stream()
            .filter(p -> p.split().equals(new Split("all", "all")))
            .filter(p -> p.cohortMonth().equals(LocalDate.of(2011, 1, 1)))
            .collect(Collectors.toMap(p -> "p" + p.period(), Function.identity()));
    assertThat(january).containsOnlyKeys("p0", "p1", "p2", "p3", "p4", "p5");
    assertThat(january.get("p0").cohortSize()).isEqualTo(2);
    assertThat(january.values().stream().mapToLong(CohortPeriod::activeCustomers).toArray())
        .as("A and B, then A in February and June")
        .containsExactlyInAnyOrder(2, 1, 0, 0, 0, 1);
    assertThat(january.get("p3").rollingActiveCustomers()).as("A orders again later").isEqualTo(1);
    assertThat(january.get("p5").cumulativeRevenue()).isEqualByComparingTo("75.00");
    assertThat(january.get("p4").complete()).isTrue();
    assertThat(january.get("p5").complete()).isFalse();

    Row p1 =
        CohortMonthlyBuilder.table(SparkTestSession.get(), List.of(january.get("p1")), AS_OF, "run")
            .first();
    assertThat(p1.<BigDecimal>getAs("cumulative_revenue_per_customer"))
        .isEqualByComparingTo("17.50");
    assertThat(p1.<Double>getAs("rolling_retention_rate")).isEqualTo(0.5);
  }

  @Test
  void retentionCurvePoolsTheCohortsThatCompletedEachPeriod() {
    List<CohortPeriod> periods = CohortMonthlyBuilder.periods(cells);
    List<RetentionProjection.Point> fitted = RetentionProjection.fit(periods, 3);
    Map<Integer, Row> curve =
        byKey(
            RetentionCurveBuilder.build(SparkTestSession.get(), periods, fitted, AS_OF, "run")
                .filter(col("segment").equalTo("country").and(col("segment_value").equalTo("UK"))),
            r -> r.getInt(r.fieldIndex("period")));

    Row first = curve.get(1);
    assertThat(longs(first, "customers_at_risk", "retained"))
        .as("A of January, C of March")
        .containsExactly(2L, 2L);
    assertThat(first.<Integer>getAs("cohorts")).isEqualTo(2);
    Row fourth = curve.get(4);
    assertThat(fourth.<Integer>getAs("cohorts"))
        .as("only January has completed period 4")
        .isEqualTo(1);
    assertThat(fourth.<Double>getAs("rolling_retention_rate")).isEqualTo(1.0);
    assertThat(curve.get(5).<Boolean>getAs("projected")).isTrue();
    assertThat(curve.get(5).<Long>getAs("retained")).isNull();
  }

  @Test
  void moreCohortCellsThanTheDriverBoundStopTheRunNamingTheSetting() {
    assertThat(CohortCells.of(activity, 2, cells.size()).size()).isEqualTo(cells.size());
    assertThatThrownBy(() -> CohortCells.of(activity, 2, cells.size() - 1))
        .isInstanceOfSatisfying(
            CohortLakeException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_USAGE_OR_CONFIG))
        .hasMessageContaining("cohorts.segments = [country]")
        .hasMessageContaining("more than " + (cells.size() - 1) + " cohort cells");
  }

  private static <K> Map<K, Row> byKey(Dataset<Row> rows, Function<Row, K> key) {
    return rows.collectAsList().stream().collect(Collectors.toMap(key, Function.identity()));
  }

  private static List<Long> longs(Row row, String... names) {
    return java.util.Arrays.stream(names).map(n -> row.<Long>getAs(n)).toList();
  }
}
