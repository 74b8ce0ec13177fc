package dev.cohortlake.run;

/**
 * A failure a scheduler must see: carries the process exit code that the command line returns.
 *
 * <p>Built only through {@link Errors}, so that every message says what is wrong, where (file, row,
 * config key) and what to do about it.
 */
public final class CohortLakeException extends RuntimeException {

  private final ExitCode exitCode;

  CohortLakeException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
