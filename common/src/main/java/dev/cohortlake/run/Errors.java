package dev.cohortlake.run;

import dev.cohortlake.quality.GateResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.SparkThrowable;

/**
 * Every user-facing error of Cohort Lake, built in one place. Each message names the problem, where
 * it is (config key, file, column, row) and what to do.
 */
public final class Errors {

  private Errors() {}

  public static CohortLakeException configFileMissing(String path) {
    return config(
        "Config file '"
            + path
            + "' does not exist. Pass --config with the path of a"
            + " dataset config (see conf/ for examples).");
  }

  public static CohortLakeException configUnreadable(String origin, String detail) {
    return config(
        "Config '" + origin + "' cannot be parsed: " + detail + ". Fix the HOCON syntax.");
  }

  public static CohortLakeException unknownConfigKey(String key, Collection<String> known) {
    return config(
        "Unknown config key '"
            + key
            + "'. Known keys at that level: "
            + known
            + ". Check the spelling against common/src/main/resources/reference.conf.");
  }

  public static CohortLakeException badConfigValue(String key, Object value, String expected) {
    return config("Config key '" + key + "' has the value '" + value + "', but " + expected + ".");
  }

  public static CohortLakeException missingConfigValue(String key, String why) {
    return config("Config key '" + key + "' must be set: " + why + ".");
  }

  public static CohortLakeException badOverride(String override) {
    return config(
        "Override '"
            + override
            + "' is not of the form key=value, e.g."
            + " --set cleaning.drop-duplicates=false.");
  }

  public static CohortLakeException sourceNotFound(String key, String path) {
    return config(
        "Source path '"
            + path
            + "' (config key '"
            + key
            + "') matches no file."
            + " Check the path, or run from the project folder so that relative paths resolve.");
  }

  public static CohortLakeException mappedColumnMissing(
      String mappingKey, String column, String source, List<String> available) {
    return config(
        "Column '"
            + column
            + "' (config key 'cohortlake.mapping."
            + mappingKey
            + "') is not in source '"
            + source
            + "'. The source has columns "
            + available
            + ". Fix the mapping or the source.columns list.");
  }

  public static CohortLakeException unknownSegment(
      String key, String segment, Collection<String> known) {
    return config(
        "Segment '"
            + segment
            + "' in '"
            + key
            + "' is not mapped; mapping.segments has "
            + known
            + ". Add it to cohortlake.mapping.segments or remove it from "
            + key
            + ".");
  }

  public static CohortLakeException tableMissing(String table, String path, String producer) {
    return config(
        "Table '"
            + table
            + "' does not exist at '"
            + path
            + "'. Run the '"
            + producer
            + "' job first (or 'all').");
  }

  /**
   * The catalog holds a table of a warehouse table's name that the jobs did not register: replacing
   * it would delete its data, so the run stops and says how to resolve it.
   */
  public static CohortLakeException catalogTableNotExternal(
      String table, String tableType, String path) {
    return config(
        "Catalog table "
            + table
            + " is a "
            + tableType
            + " table, not the external table over '"
            + path
            + "' that catalog.enabled registers; dropping it would delete its data. Rename or"
            + " drop it yourself, or set catalog.database to another database.");
  }

  /**
   * VACUUM would delete files that a version written by a recent succeeded run reads: it is not
   * run, and nothing is deleted.
   */
  public static CohortLakeException vacuumWouldBreakTimeTravel(
      String table, long version, String runId, int files, int retentionHours) {
    return config(
        "VACUUM with a retention of "
            + retentionHours
            + " hours would delete "
            + files
            + " file(s) that version "
            + version
            + " of table "
            + table
            + " reads, written by run "
            + runId
            + ", one of the runs maintain.check-last-runs keeps readable; nothing was deleted."
            + " Raise cohortlake.maintain.vacuum-retention-hours or lower"
            + " cohortlake.maintain.check-last-runs.");
  }

  /** A version a recent run wrote can no longer be read: some of its files are gone. */
  public static CohortLakeException timeTravelBroken(
      String table, long version, String runId, List<String> missing) {
    return new CohortLakeException(
        ExitCode.RUNTIME_FAILURE,
        "Time travel to version "
            + version
            + " of table "
            + table
            + " (written by run "
            + runId
            + ") fails: "
            + missing.size()
            + " of its files are gone, e.g. "
            + missing.get(0)
            + ". Something other than this warehouse's maintain job deleted them.",
        null);
  }

  /**
   * A data-quality gate failed: names the gate (its config key), the measured value and the limit,
   * and says what was (not) written.
   */
  public static CohortLakeException gateFailed(GateResult gate, String notWritten) {
    return new CohortLakeException(
        ExitCode.DATA_QUALITY_GATE,
        String.format(
            Locale.ROOT,
            "Data-quality gate failed: cohortlake.quality.%s: measured %s, limit %s. %s %s",
            gate.name(),
            number(gate.measured()),
            number(gate.limit()),
            gate.detail(),
            notWritten),
        null);
  }

  public static CohortLakeException sourceHasNoColumns(String source) {
    return config(
        "Source '"
            + source
            + "' has no header line: the file is empty (0 bytes) or its"
            + " first line is blank. Check the export, or set cohortlake.source.csv.header = false and"
            + " name the columns in cohortlake.source.columns.");
  }

  public static CohortLakeException sourceFileUnreadable(String file, Throwable cause) {
    return new CohortLakeException(
        ExitCode.BAD_USAGE_OR_CONFIG,
        "Source file '"
            + file
            + "' cannot be read: "
            + rootMessage(cause)
            + ". The file is damaged or not in the"
            + " configured format (a truncated gzip file, for example); replace it and re-run."
            + " Nothing was written.",
        cause);
  }

  public static CohortLakeException tableLocationNotEmpty(
      String table, String location, String file) {
    return config(
        "Table '"
            + table
            + "' does not exist yet, but its location '"
            + location
            + "' holds '"
            + file
            + "', which no Cohort Lake write leaves behind. Move that folder away"
            + " or point cohortlake.warehouse.root elsewhere.");
  }

  public static CohortLakeException warehouseBusy(String warehouse, String holder) {
    return new CohortLakeException(
        ExitCode.RUNTIME_FAILURE,
        "Another run is writing to warehouse '"
            + warehouse
            + "': "
            + holder
            + ". Nothing was written; run again when it has finished. If"
            + " that run is dead on another machine, its lock expires a few minutes after its last"
            + " heartbeat.",
        null);
  }

  public static CohortLakeException rowAccountingBroken(long read, long kept, long rejected) {
    return new CohortLakeException(
        ExitCode.RUNTIME_FAILURE,
        String.format(
            "Row accounting failed: %,d rows read but %,d kept + %,d rejected = %,d."
                + " This is a bug in Cohort Lake; please report it with the config.",
            read, kept, rejected, kept + rejected),
        null);
  }

  public static CohortLakeException noOrdersBefore(String asOf) {
    return new CohortLakeException(
        ExitCode.DATA_QUALITY_GATE,
        "The orders table has no order (other"
            + " than returns) on or before --as-of "
            + asOf
            + ". Check the --as-of date or ingest the source first.",
        null);
  }

  public static CohortLakeException tooManyCohortCells(int max, List<String> segments) {
    return config(
        String.format(
            "The cohort tables' splits by cohorts.segments = %s have more than %,d cohort cells,"
                + " more than the driver assembles them from. A segment that splits cohorts should"
                + " have at most a few thousand values: remove the others from"
                + " cohortlake.cohorts.segments.",
            segments, max));
  }

  public static CohortLakeException ingestedFileChanged(List<String> paths) {
    return config(
        "Source file"
            + (paths.size() == 1 ? " " : "s ")
            + String.join(", ", paths)
            + " changed after it was ingested (same path, other content: see ingested_files)."
            + " Its rows are in orders already; to replace them with the file's new content, run"
            + " again with --reingest PATH for each, or rebuild everything with --full-refresh.");
  }

  public static CohortLakeException reingestNotInSource(String path) {
    return config(
        "--reingest "
            + path
            + " names no file of the source (cohortlake.source.path). Give the path of a file"
            + " the source folder holds, as listed in ingested_files.path.");
  }

  public static CohortLakeException incrementalNeedsFiles(String format) {
    return badConfigValue(
        "cohortlake.source.incremental",
        true,
        "it tracks the files of a folder, and a "
            + format
            + " source is a table: set it to false (a jdbc source reads only new rows with"
            + " source.jdbc.watermark-column)");
  }

  public static CohortLakeException credentialMissing(String variable, String key) {
    return config(
        "Environment variable "
            + variable
            + " is not set: the database credentials come from the environment, never from the"
            + " config file. Set "
            + variable
            + " (its name is config key '"
            + key
            + "').");
  }

  public static CohortLakeException databaseUnreachable(String source, Throwable cause) {
    return new CohortLakeException(
        ExitCode.RUNTIME_FAILURE,
        "Cannot query the source database "
            + source
            + ": "
            + firstLine(cause.getMessage())
            + ". Check the URL, the credentials and that the database is up, then re-run.",
        cause);
  }

  public static CohortLakeException ingestOptionsNeedIncremental() {
    return config(
        "--reingest applies to a folder source with cohortlake.source.incremental = true, and"
            + " --full-refresh to that or to a jdbc source with source.jdbc.watermark-column: this"
            + " source is read whole on every run already.");
  }

  public static CohortLakeException badBackfill(String detail) {
    return config(
        "Backfill options: "
            + detail
            + ". Give --from DATE --to DATE [--every day|week|month] [--force], without --as-of.");
  }

  /**
   * A date of a backfill failed: the message says which, how many dates finished, and that the same
   * command resumes from it.
   */
  public static CohortLakeException backfillStopped(
      CohortLakeException failure, java.time.LocalDate date, int finished, int total) {
    CohortLakeException stopped =
        new CohortLakeException(
            failure.exitCode(),
            String.format(
                "Backfill stopped at as-of %s (%d of %d dates finished): %s Run the same command"
                    + " again to resume from %s; finished dates are skipped.",
                date, finished, total, failure.getMessage(), date),
            failure.getCause());
    stopped.setStackTrace(failure.getStackTrace());
    for (Throwable suppressed : failure.getSuppressed()) {
      stopped.addSuppressed(suppressed);
    }
    return stopped;
  }

  /** A job failed on an unexpected error; the cause is kept for the console and run_log. */
  public static CohortLakeException jobFailed(String job, Throwable cause) {
    String readFile = failedReadPath(cause);
    if (readFile != null) {
      return sourceFileUnreadable(readFile, cause);
    }
    String what =
        hasCause(cause, "DeltaConcurrentModificationException")
            ? "another writer committed to the same table at the same time (Delta conflict: "
                + firstLine(cause.getMessage())
                + ")"
            : firstLine(cause.getMessage() == null ? cause.toString() : cause.getMessage());
    return new CohortLakeException(
        ExitCode.RUNTIME_FAILURE,
        "Job '" + job + "' failed: " + what + ". Fix the cause and re-run.",
        cause);
  }

  /**
   * The same failure, saying truthfully what the run had committed before it: those tables are at
   * new versions, every other table keeps its previous one, and readers that follow the last
   * succeeded run in run_log still see one consistent set of versions.
   */
  public static CohortLakeException committedBefore(
      CohortLakeException failure, Map<String, Long> committed) {
    String tables =
        committed.isEmpty()
            ? " No table was changed by this run."
            : " Before it stopped, this run committed "
                + committed.entrySet().stream()
                    .map(e -> e.getKey() + " v" + e.getValue())
                    .collect(Collectors.joining(", "))
                + "; every other table keeps its previous version, and the latest succeeded run in"
                + " run_log still names a consistent set of versions.";
    CohortLakeException truthful =
        new CohortLakeException(
            failure.exitCode(), failure.getMessage() + tables, failure.getCause());
    truthful.setStackTrace(failure.getStackTrace());
    return truthful;
  }

  /** The message and its cause chain, one line per cause, as run_log and the console show them. */
  public static String withCauses(Throwable error) {
    StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
    List<Throwable> chain = chain(error);
    for (Throwable cause : chain.subList(1, chain.size())) {
      text.append("\ncaused by: ").append(describe(cause));
    }
    return text.toString();
  }

  /** The error and its causes, outermost first. */
  public static List<Throwable> chain(Throwable error) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  /** One cause as one line: its class and the first line of its message. */
  public static String describe(Throwable cause) {
    return cause.getClass().getName() + ": " + firstLine(cause.getMessage());
  }

  /** The file a Spark read failed on ({@code FAILED_READ_FILE}), or null. */
  private static String failedReadPath(Throwable error) {
    return chain(error).stream()
        .filter(
            t ->
                t instanceof SparkThrowable spark
                    && spark.getCondition() != null
                    && spark.getCondition().startsWith("FAILED_READ_FILE"))
        .map(t -> ((SparkThrowable) t).getMessageParameters().getOrDefault("path", "(unknown)"))
        .findFirst()
        .orElse(null);
  }

  private static boolean hasCause(Throwable error, String simpleName) {
    return chain(error).stream().anyMatch(t -> t.getClass().getSimpleName().equals(simpleName));
  }

  private static String rootMessage(Throwable error) {
    List<Throwable> chain = chain(error);
    Throwable root = chain.get(chain.size() - 1);
    return root.getClass().getSimpleName() + ": " + firstLine(root.getMessage());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).strip();
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.format(Locale.ROOT, "%,d", (long) value)
        : String.format(Locale.ROOT, "%.4g", value);
  }

  private static CohortLakeException config(String message) {
    return new CohortLakeException(ExitCode.BAD_USAGE_OR_CONFIG, message, null);
  }
}
