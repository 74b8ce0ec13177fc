package dev.cohortlake.run;

import java.util.Collection;
import java.util.List;

/**
 * Every user-facing error of Cohort Lake, built in one place. Each message names the problem,
 * where it is (config key, file, column, row) and what to do.
 */
public final class Errors {

  private Errors() {}

  public static CohortLakeException configFileMissing(String path) {
    return config("Config file '" + path + "' does not exist. Pass --config with the path of a"
        + " dataset config (see conf/ for examples).");
  }

  public static CohortLakeException configUnreadable(String origin, String detail) {
    return config("Config '" + origin + "' cannot be parsed: " + detail + ". Fix the HOCON syntax.");
  }

  public static CohortLakeException unknownConfigKey(String key, Collection<String> known) {
    return config("Unknown config key '" + key + "'. Known keys at that level: " + known
        + ". Check the spelling against common/src/main/resources/reference.conf.");
  }

  public static CohortLakeException badConfigValue(String key, Object value, String expected) {
    return config("Config key '" + key + "' has the value '" + value + "', but " + expected + ".");
  }

  public static CohortLakeException missingConfigValue(String key, String why) {
    return config("Config key '" + key + "' must be set: " + why + ".");
  }

  public static CohortLakeException badOverride(String override) {
    return config("Override '" + override + "' is not of the form key=value, e.g."
        + " --set cleaning.drop-duplicates=false.");
  }

  public static CohortLakeException sourceNotFound(String key, String path) {
    return config("Source path '" + path + "' (config key '" + key + "') matches no file."
        + " Check the path, or run from the project folder so that relative paths resolve.");
  }

  public static CohortLakeException mappedColumnMissing(
      String mappingKey, String column, String source, List<String> available) {
    return config("Column '" + column + "' (config key 'cohortlake.mapping." + mappingKey
        + "') is not in source '" + source + "'. The source has columns " + available
        + ". Fix the mapping or the source.columns list.");
  }

  public static CohortLakeException unknownSegment(String key, String segment, Collection<String> known) {
    return config("Segment '" + segment + "' in '" + key + "' is not mapped; mapping.segments has "
        + known + ". Add it to cohortlake.mapping.segments or remove it from " + key + ".");
  }

  public static CohortLakeException tableMissing(String table, String path, String producer) {
    return config("Table '" + table + "' does not exist at '" + path + "'. Run the '" + producer
        + "' job first (or 'all').");
  }

  public static CohortLakeException rejectedShareTooHigh(
      long rejected, long read, double limit, String examples) {
    return new CohortLakeException(ExitCode.DATA_QUALITY_GATE,
        String.format("Data-quality gate failed: %,d of %,d rows read (%.2f%%) were rejected, above"
            + " quality.max-rejected-fraction = %s. Nothing was written to orders; the rejected rows"
            + " are in rejected_rows for this run. Examples: %s", rejected, read,
            100.0 * rejected / Math.max(1, read), limit, examples), null);
  }

  public static CohortLakeException rowAccountingBroken(long read, long kept, long rejected) {
    return new CohortLakeException(ExitCode.RUNTIME_FAILURE,
        String.format("Row accounting failed: %,d rows read but %,d kept + %,d rejected = %,d."
            + " This is a bug in Cohort Lake; please report it with the config.", read, kept,
            rejected, kept + rejected), null);
  }

  public static CohortLakeException noOrdersBefore(String asOf) {
    return new CohortLakeException(ExitCode.DATA_QUALITY_GATE, "The orders table has no order (other"
        + " than returns) on or before --as-of " + asOf
        + ". Check the --as-of date or ingest the source first.", null);
  }

  public static CohortLakeException tooManySplitRows(String what, int max, List<String> segments) {
    return config(String.format("The cohort tables' splits by cohorts.segments = %s have more than %,d"
        + " %s, more than the driver assembles them from. A segment that splits cohorts should have at"
        + " most a few thousand values: remove the others from cohortlake.cohorts.segments.", segments,
        max, what));
  }

  public static CohortLakeException jobFailed(String job, Throwable cause) {
    return new CohortLakeException(ExitCode.RUNTIME_FAILURE, "Job '" + job + "' failed: "
        + cause.getMessage() + ". Tables keep their previous versions; fix the cause and re-run.",
        cause);
  }

  private static CohortLakeException config(String message) {
    return new CohortLakeException(ExitCode.BAD_USAGE_OR_CONFIG, message, null);
  }
}
