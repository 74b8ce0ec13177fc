package dev.cohortlake.quality;

/**
 * One data-quality gate as a run measured it: schedulers and {@code run_log} read the value and the
 * limit, not only whether it passed.
 *
 * @param name the gate's config key under {@code cohortlake.quality}, e.g. {@code min-rows-read}
 * @param measured what the run measured
 * @param limit the configured limit
 * @param passed whether the measured value is within the limit
 * @param detail what was measured and, for a failure, examples or what to do
 */
public record GateResult(
    String name, double measured, double limit, boolean passed, String detail) {}
