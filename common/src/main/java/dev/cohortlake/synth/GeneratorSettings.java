package dev.cohortlake.synth;

import java.io.Serializable;
import java.time.LocalDate;

/**
 * What {@link OrderHistoryGenerator} simulates: how many customers, over which dates, with which
 * true model parameters and how much dirt. Defaults are the CDNOW estimates (weeks).
 *
 * @param customers customers to simulate
 * @param partitions Spark partitions; with the seed, fixes the output exactly
 * @param seed random seed
 * @param start first acquisition date
 * @param acquisitionMonths customers are acquired uniformly over this many months from start
 * @param end last day observed
 * @param r BG/NBD purchase-rate shape
 * @param alpha BG/NBD purchase-rate scale, per week
 * @param a BG/NBD dropout shape a
 * @param b BG/NBD dropout shape b
 * @param p Gamma-Gamma transaction shape
 * @param q Gamma-Gamma scale shape
 * @param gamma Gamma-Gamma scale rate
 * @param duplicateRate share of lines written twice
 * @param cancellationRate share of orders followed by a cancellation ("C" + order id)
 * @param missingCustomerRate share of lines without a customer id
 * @param badDateRate share of lines without a usable timestamp
 * @param heavyCustomerOrders orders of one extra customer, {@code C-heavy}, spread evenly over the
 *     observed days (0: none): a skewed key for the benchmarks
 */
public record GeneratorSettings(
    long customers,
    int partitions,
    long seed,
    LocalDate start,
    int acquisitionMonths,
    LocalDate end,
    double r,
    double alpha,
    double a,
    double b,
    double p,
    double q,
    double gamma,
    double duplicateRate,
    double cancellationRate,
    double missingCustomerRate,
    double badDateRate,
    long heavyCustomerOrders)
    implements Serializable {

  /** CDNOW's parameters, 12 months of acquisition in 2024 and observation to the end of 2025. */
  public static GeneratorSettings cdnow(long customers, long seed) {
    return new GeneratorSettings(
        customers,
        Math.max(2, (int) Math.min(400, customers / 50_000)),
        seed,
        LocalDate.of(2024, 1, 1),
        12,
        LocalDate.of(2025, 12, 31),
        0.243,
        4.414,
        0.793,
        2.426,
        6.25,
        3.74,
        15.44,
        0,
        0,
        0,
        0,
        0);
  }

  public GeneratorSettings withDirt(
      double duplicates, double cancellations, double missingCustomers, double badDates) {
    return new GeneratorSettings(
        customers,
        partitions,
        seed,
        start,
        acquisitionMonths,
        end,
        r,
        alpha,
        a,
        b,
        p,
        q,
        gamma,
        duplicates,
        cancellations,
        missingCustomers,
        badDates,
        heavyCustomerOrders);
  }

  /** The same settings plus one customer with {@code orders} orders. */
  public GeneratorSettings withHeavyCustomer(long orders) {
    return new GeneratorSettings(
        customers,
        partitions,
        seed,
        start,
        acquisitionMonths,
        end,
        r,
        alpha,
        a,
        b,
        p,
        q,
        gamma,
        duplicateRate,
        cancellationRate,
        missingCustomerRate,
        badDateRate,
        orders);
  }
}
