package dev.cohortlake.run;

/** Process exit codes of the command line, as schedulers read them (SPEC section 5). */
public enum ExitCode {
  SUCCESS(0),
  RUNTIME_FAILURE(1),
  BAD_USAGE_OR_CONFIG(2),
  DATA_QUALITY_GATE(3);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
