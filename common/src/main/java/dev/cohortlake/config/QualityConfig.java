package dev.cohortlake.config;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The data-quality gates of a dataset (config {@code cohortlake.quality}). A gate that fails stops
 * the run with exit code 3 before anything downstream of it is written, names itself with the
 * measured value and the limit, and is recorded in {@code run_log}.
 *
 * @param maxRejectedFraction largest share of the rows read that may be rejected
 * @param minRowsRead fewest source rows a run may read (a header-only export fails here)
 * @param earliestOrderDate no kept order line may be dated before this
 * @param latestOrderDate no kept order line may be dated after this
 * @param maxNegativeRevenueShare largest share of customers whose net revenue is below zero
 * @param maxCustomerDrop largest relative drop in customers against the previous snapshot
 * @param modelConvergence what a CLV model fit that did not converge does to the run
 */
public record QualityConfig(
    double maxRejectedFraction,
    long minRowsRead,
    Optional<LocalDate> earliestOrderDate,
    Optional<LocalDate> latestOrderDate,
    double maxNegativeRevenueShare,
    double maxCustomerDrop,
    ConvergencePolicy modelConvergence) {

  /** What a model fit that did not converge does. */
  public enum ConvergencePolicy {
    /** The run fails with exit code 3 before the CLV tables are written. */
    FAIL,
    /** The model is reported in clv_model but kept out of clv_customer, with a warning. */
    SKIP
  }
}
