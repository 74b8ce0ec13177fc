package dev.cohortlake.run;

import dev.cohortlake.config.CohortLakeConfig;
import dev.cohortlake.ingest.IngestMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Who is running, for which date: the run id stamped on every row written, the job, the {@code
 * --as-of} date, the config, and the ledger of what the run has done so far.
 *
 * @param runId unique id of the run, e.g. {@code all-20261121T020000-1a2b3c}
 * @param job the job the user started
 * @param asOf the as-of date of the snapshot tables
 * @param config the validated config
 * @param startedAt when the run started
 * @param ledger what the run has committed and measured so far
 * @param ingestMode how an incremental source's files are read ({@code --full-refresh}, {@code
 *     --reingest})
 * @param environment the environment variables the run may read (a database's credentials)
 */
public record RunContext(
    String runId,
    String job,
    LocalDate asOf,
    CohortLakeConfig config,
    Instant startedAt,
    RunLedger ledger,
    IngestMode ingestMode,
    Environment environment) {

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  public static RunContext start(
      String job,
      CohortLakeConfig config,
      LocalDate asOf,
      IngestMode ingestMode,
      Environment environment) {
    Instant now = Instant.now();
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    return new RunContext(
        job + "-" + ID_TIME.format(now) + "-" + suffix,
        job,
        asOf,
        config,
        now,
        new RunLedger(),
        ingestMode,
        environment);
  }
}
