package dev.cohortlake.cohort;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One cell of cohort_monthly, held on the driver: a split's cohort in one period since acquisition,
 * with the counts and sums the table's rates are computed from.
 *
 * @param split the split of the customer base
 * @param cohortMonth first day of the cohort's acquisition month
 * @param period whole months since {@code cohortMonth}
 * @param cohortSize customers acquired in the cohort month
 * @param activeCustomers cohort customers with an order in the period
 * @param rollingActiveCustomers cohort customers whose last order is in this period or later
 * @param orders orders of the cohort in the period
 * @param revenue net revenue of the cohort in the period; null for a counts-only dataset
 * @param cumulativeRevenue net revenue from period 0 to this one; null for a counts-only dataset
 * @param cumulativeOrders orders from period 0 to this one
 * @param complete whether the period's month is fully observed by the as-of date
 */
public record CohortPeriod(
    Split split,
    LocalDate cohortMonth,
    int period,
    long cohortSize,
    long activeCustomers,
    long rollingActiveCustomers,
    long orders,
    BigDecimal revenue,
    BigDecimal cumulativeRevenue,
    long cumulativeOrders,
    boolean complete) {

  public double retentionRate() {
    return (double) activeCustomers / cohortSize;
  }

  /** The row of cohort_monthly, in the order of its schema. */
  Row toRow(Date asOf, String runId) {
    return RowFactory.create(
        asOf,
        split.segment(),
        split.value(),
        Date.valueOf(cohortMonth),
        period,
        cohortSize,
        activeCustomers,
        retentionRate(),
        (double) rollingActiveCustomers / cohortSize,
        orders,
        revenue,
        perCustomer(revenue),
        perCustomer(cumulativeRevenue),
        (double) cumulativeOrders / cohortSize,
        complete,
        runId);
  }

  private BigDecimal perCustomer(BigDecimal amount) {
    return amount == null
        ? null
        : amount.divide(BigDecimal.valueOf(cohortSize), 2, RoundingMode.HALF_UP);
  }
}
