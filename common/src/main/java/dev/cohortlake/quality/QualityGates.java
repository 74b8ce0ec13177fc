package dev.cohortlake.quality;

import dev.cohortlake.clean.CleanedLines.RowCounts;
import dev.cohortlake.config.QualityConfig;
import dev.cohortlake.config.QualityConfig.ConvergencePolicy;
import dev.cohortlake.model.MleFit;
import dev.cohortlake.run.Errors;
import dev.cohortlake.run.RunLedger;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The declarative data-quality gates of {@code cohortlake.quality}, checked where the run has
 * measured what they limit. Each measured gate is recorded in the run's ledger (and so in {@code
 * run_log} and the run summary); a failed gate throws with exit code 3 before anything downstream
 * of it is written. The callers measure, this class judges: it holds no Spark code.
 */
public final class QualityGates {

  private static final Logger LOG = LoggerFactory.getLogger(QualityGates.class);

  private final QualityConfig config;
  private final RunLedger ledger;

  public QualityGates(QualityConfig config, RunLedger ledger) {
    this.config = config;
    this.ledger = ledger;
  }

  /** {@code min-rows-read}: a source with no data rows (header only, empty files) stops here. */
  public void minRowsRead(long read, String source) {
    check(
        new GateResult(
            "min-rows-read",
            read,
            config.minRowsRead(),
            read >= config.minRowsRead(),
            String.format(Locale.ROOT, "Source %s has %,d data rows.", source, read)),
        "Nothing was written: orders, rejected_rows and every derived table keep their versions.");
  }

  /**
   * {@code max-rejected-fraction}: 0 rows of 0 is not a pass, so the share of an empty source is
   * taken as 1.
   */
  public void rejectedFraction(RowCounts counts, Supplier<String> examples) {
    double share = counts.read() == 0 ? 1.0 : (double) counts.rejected() / counts.read();
    boolean passed = counts.read() > 0 && share <= config.maxRejectedFraction();
    check(
        new GateResult(
            "max-rejected-fraction",
            share,
            config.maxRejectedFraction(),
            passed,
            String.format(
                Locale.ROOT,
                "%,d of %,d rows read (%.2f%%) were rejected.%s",
                counts.rejected(),
                counts.read(),
                100 * share,
                passed ? "" : " Examples: " + examples.get())),
        "Nothing was written to orders; the rejected rows are in rejected_rows for this run.");
  }

  /**
   * Whether {@code order-dates} is configured, so that the caller need not measure it otherwise.
   */
  public boolean checksOrderDates() {
    return config.earliestOrderDate().isPresent() || config.latestOrderDate().isPresent();
  }

  public Optional<LocalDate> earliestOrderDate() {
    return config.earliestOrderDate();
  }

  public Optional<LocalDate> latestOrderDate() {
    return config.latestOrderDate();
  }

  /** {@code order-dates}: kept lines dated outside the allowed range. */
  public void orderDates(long outside, String examples) {
    check(
        new GateResult(
            "order-dates",
            outside,
            0,
            outside == 0,
            String.format(
                Locale.ROOT,
                "%,d kept lines are dated outside %s .. %s.%s",
                outside,
                config.earliestOrderDate().map(LocalDate::toString).orElse("(open)"),
                config.latestOrderDate().map(LocalDate::toString).orElse("(open)"),
                outside == 0 ? "" : " Examples: " + examples)),
        "Nothing was written to orders.");
  }

  /** Whether the customers gates are configured (each costs a query). */
  public boolean checksCustomers() {
    return config.maxNegativeRevenueShare() < 1 || config.maxCustomerDrop() < 1;
  }

  /** {@code max-negative-revenue-share}: customers whose returns outweigh their purchases. */
  public void negativeRevenueShare(long negative, long customers) {
    if (config.maxNegativeRevenueShare() >= 1) {
      return;
    }
    double share = customers == 0 ? 0 : (double) negative / customers;
    check(
        new GateResult(
            "max-negative-revenue-share",
            share,
            config.maxNegativeRevenueShare(),
            share <= config.maxNegativeRevenueShare(),
            String.format(
                Locale.ROOT,
                "%,d of %,d customers have a net revenue below zero.",
                negative,
                customers)),
        "The customers snapshot and everything after it were not written.");
  }

  /** {@code max-customer-drop}: against the latest earlier snapshot, when there is one. */
  public void customerDrop(long previous, LocalDate previousAsOf, long current) {
    if (config.maxCustomerDrop() >= 1 || previous == 0) {
      return;
    }
    double drop = Math.max(0, 1 - (double) current / previous);
    check(
        new GateResult(
            "max-customer-drop",
            drop,
            config.maxCustomerDrop(),
            drop <= config.maxCustomerDrop(),
            String.format(
                Locale.ROOT,
                "%,d customers against %,d in the snapshot of %s.",
                current,
                previous,
                previousAsOf)),
        "The customers snapshot and everything after it were not written.");
  }

  /**
   * {@code model-convergence}: under {@code fail} a fit that did not converge stops the run; under
   * {@code skip} the gate is recorded as failed, a warning is logged, and the caller leaves the
   * model out of the customer scores.
   *
   * @return whether the model may score customers
   */
  public boolean converged(String model, MleFit fit) {
    GateResult gate =
        new GateResult(
            "model-convergence." + model,
            fit.converged() ? 1 : 0,
            1,
            fit.converged(),
            String.format(
                Locale.ROOT,
                "The %s fit %s after %d iterations (log-likelihood %.4f).",
                model,
                fit.converged() ? "converged" : "did not converge",
                fit.iterations(),
                fit.logLikelihood()));
    if (fit.converged() || config.modelConvergence() == ConvergencePolicy.FAIL) {
      check(
          gate,
          "No CLV table was written; set cohortlake.quality.model-convergence = skip to"
              + " leave such a model out of clv_customer instead.");
      return true;
    }
    ledger.measured(gate);
    LOG.warn(
        "{} It is kept out of clv_customer (quality.model-convergence = skip).", gate.detail());
    return false;
  }

  private void check(GateResult gate, String notWritten) {
    ledger.measured(gate);
    if (!gate.passed()) {
      throw Errors.gateFailed(gate, notWritten);
    }
  }
}
