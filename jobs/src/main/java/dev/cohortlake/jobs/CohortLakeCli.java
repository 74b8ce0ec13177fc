package dev.cohortlake.jobs;

import dev.cohortlake.config.CatalogConfig;
import dev.cohortlake.config.CohortLakeConfig;
import dev.cohortlake.config.ConfigLoader;
import dev.cohortlake.ingest.IngestMode;
import dev.cohortlake.pipeline.PipelineJobs;
import dev.cohortlake.run.Backfill;
import dev.cohortlake.run.CohortLakeException;
import dev.cohortlake.run.Environment;
import dev.cohortlake.run.Errors;
import dev.cohortlake.run.ExitCode;
import dev.cohortlake.run.JobResult;
import dev.cohortlake.run.JobRunner;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import dev.cohortlake.run.RunLog;
import dev.cohortlake.run.RunSummary;
import dev.cohortlake.table.Warehouse;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code cohortlake} command line: {@code cohortlake <job> --config FILE [--as-of DATE] [--set
 * key=value]...}. Exit codes: 0 success, 1 runtime failure, 2 bad usage or config, 3 a data-quality
 * gate failed.
 */
@Command(
    name = "cohortlake",
    mixinStandardHelpOptions = true,
    versionProvider = CohortLakeCli.VersionInfo.class,
    description = "Turns order histories into cohort, retention and CLV tables (Delta Lake).",
    subcommands = {
      InitCommand.class,
      CohortLakeCli.Ingest.class,
      CohortLakeCli.Customers.class,
      CohortLakeCli.Cohorts.class,
      CohortLakeCli.Clv.class,
      CohortLakeCli.Report.class,
      CohortLakeCli.All.class,
      CohortLakeCli.Maintain.class,
      GenerateOrdersCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 runtime failure, 2 bad usage or config,"
          + " 3 data-quality gate failed."
    })
public final class CohortLakeCli {

  /** The bundled sample config, used when --config is not given. */
  static final String DEFAULT_CONFIG = "conf/sample.conf";

  private final Function<CatalogConfig, SparkSession> sessions;
  private final Environment environment;
  private final PrintStream out;

  CohortLakeCli(
      Function<CatalogConfig, SparkSession> sessions, Environment environment, PrintStream out) {
    this.sessions = sessions;
    this.environment = environment;
    this.out = out;
  }

  public static void main(String[] args) {
    int code =
        execute(SparkSessions::create, Environment.ofProcess(), System.out, System.err, args);
    System.exit(code);
  }

  /**
   * Runs the command line and returns its exit code; the session comes from {@code sessions}, given
   * the run's catalog settings, and credentials from {@code environment}.
   */
  static int execute(
      Function<CatalogConfig, SparkSession> sessions,
      Environment environment,
      PrintStream out,
      PrintStream err,
      String... args) {
    CommandLine cli = new CommandLine(new CohortLakeCli(sessions, environment, out));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          CohortLakeException failure =
              e instanceof CohortLakeException known
                  ? known
                  : Errors.jobFailed(commandLine.getCommandName(), e);
          printFailure(err, failure);
          return failure.exitCode().code();
        });
    return cli.execute(args);
  }

  /**
   * The message first, where an operator looks; then the causes, one line each; then, for a failure
   * with a cause, the full stack trace for whoever debugs it.
   */
  private static void printFailure(PrintStream err, CohortLakeException failure) {
    err.println("error: " + Errors.withCauses(failure));
    if (failure.getCause() != null || failure.getSuppressed().length > 0) {
      err.println();
      err.println("details:");
      failure.printStackTrace(err);
    }
    err.flush();
  }

  /** The run's session, whose catalog is chosen when it is built. */
  SparkSession session(CatalogConfig catalog) {
    return sessions.apply(catalog);
  }

  PrintStream out() {
    return out;
  }

  /** Options every job takes. */
  static final class RunOptions {
    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "Dataset config (HOCON). Default: ${DEFAULT-VALUE}, the bundled sample.",
        defaultValue = DEFAULT_CONFIG)
    String config;

    @Option(
        names = "--as-of",
        paramLabel = "YYYY-MM-DD",
        description = "Date the snapshot tables describe. Default: today (UTC).")
    LocalDate asOf;

    @Option(
        names = "--from",
        paramLabel = "YYYY-MM-DD",
        description =
            "Backfill: runs the job for every as-of date from this one to --to, stepping by"
                + " --every. Dates that already succeeded with the same config are skipped.")
    LocalDate from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Backfill: the last date.")
    LocalDate to;

    @Option(
        names = "--every",
        paramLabel = "STEP",
        description =
            "Backfill: day, week or month (${DEFAULT-VALUE}); monthly steps from a month's last"
                + " day keep to month ends.",
        defaultValue = "month")
    Backfill.Step every;

    @Option(
        names = "--force",
        description = "Backfill: also runs the dates that already succeeded.")
    boolean force;

    @Option(
        names = "--set",
        paramLabel = "KEY=VALUE",
        description =
            "Overrides a config key, e.g. --set cleaning.drop-duplicates=false. Repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(
        names = "--summary-json",
        paramLabel = "FILE",
        description =
            "Also writes a machine-readable summary of the run (status, exit code, rows,"
                + " gates, tables and versions, stage times, error) to FILE, whether it succeeds or not.")
    Path summaryJson;

    /** The backfill the options ask for, if any. */
    Optional<Backfill> backfill() {
      if (from == null && to == null) {
        if (force) {
          throw Errors.badBackfill("--force needs --from and --to");
        }
        return Optional.empty();
      }
      if (from == null || to == null) {
        throw Errors.badBackfill(from == null ? "--to needs --from" : "--from needs --to");
      }
      if (asOf != null) {
        throw Errors.badBackfill("--as-of cannot be combined with --from and --to");
      }
      return Optional.of(new Backfill(from, to, every, force));
    }
  }

  /** Options of the jobs that ingest, for an incremental source ({@code source.incremental}). */
  static final class IngestOptions {
    @Option(
        names = "--full-refresh",
        description =
            "Reads every source file again and rebuilds orders and ingested_files from them.")
    boolean fullRefresh;

    @Option(
        names = "--reingest",
        paramLabel = "PATH",
        description =
            "Reads this already ingested file again; its rows replace the ones it gave before"
                + " (e.g. a file corrected after delivery). Repeatable.")
    List<String> reingest = new ArrayList<>();

    IngestMode mode() {
      return new IngestMode(fullRefresh, reingest);
    }
  }

  /** Base of the job subcommands: load config, start the run, run the job. */
  abstract static class JobCommand implements Callable<Integer> {
    @CommandLine.ParentCommand CohortLakeCli parent;

    @Mixin RunOptions options;

    abstract JobRunner.Job job();

    /** How an incremental source is read: new files only, unless the job takes the options. */
    IngestMode ingestMode() {
      return IngestMode.NEW_FILES;
    }

    @Override
    public Integer call() {
      String name = getClass().getAnnotation(Command.class).name();
      CohortLakeConfig config;
      Optional<Backfill> backfill;
      try {
        config = ConfigLoader.load(options.config, options.overrides);
        backfill = options.backfill();
      } catch (CohortLakeException e) {
        summarize(name, null, Optional.empty(), null, e.exitCode(), e);
        throw e;
      }
      if (backfill.isPresent()) {
        return backfill(name, config, backfill.get());
      }
      runOne(name, config, options.asOf != null ? options.asOf : LocalDate.now(ZoneOffset.UTC));
      return ExitCode.SUCCESS.code();
    }

    /**
     * Runs the job for each date of the backfill that has not succeeded yet, in date order, and
     * stops at the first that fails.
     */
    private int backfill(String name, CohortLakeConfig config, Backfill backfill) {
      SparkSession spark = parent.session(config.catalog());
      Set<LocalDate> succeeded =
          new RunLog(spark, new Warehouse(spark, config::tablePath, write -> {}))
              .succeededDates(name, config.dataset(), config.fingerprint());
      List<LocalDate> dates = backfill.dates();
      List<LocalDate> pending = backfill.pending(succeeded);
      PrintStream out = parent.out();
      out.printf(
          "backfill %s: %d as-of dates from %s to %s every %s; %d to run, %d already succeeded%n",
          name,
          dates.size(),
          backfill.from(),
          backfill.to(),
          backfill.every().name().toLowerCase(Locale.ROOT),
          pending.size(),
          dates.size() - pending.size());
      for (int i = 0; i < pending.size(); i++) {
        LocalDate asOf = pending.get(i);
        out.printf("%nbackfill %s: as-of %s (%d of %d)%n", name, asOf, i + 1, pending.size());
        try {
          runOne(name, config, asOf);
        } catch (CohortLakeException e) {
          int finished = dates.size() - pending.size() + i;
          throw Errors.backfillStopped(e, asOf, finished, dates.size());
        }
      }
      out.printf("%nbackfill %s: all %d as-of dates succeeded%n", name, dates.size());
      return ExitCode.SUCCESS.code();
    }

    private void runOne(String name, CohortLakeConfig config, LocalDate asOf) {
      RunContext run = null;
      Progress progress = null;
      try {
        ConfigLoader.checkAgainstAsOf(config, asOf);
        SparkSession spark = parent.session(config.catalog());
        run = RunContext.start(name, config, asOf, ingestMode(), parent.environment);
        progress = new Progress(spark, parent.out());
        JobResult result = new JobRunner(spark, progress).run(run, PipelineJobs.cataloged(job()));
        summarize(name, run, Optional.of(result), progress, ExitCode.SUCCESS, null);
      } catch (Exception e) {
        CohortLakeException failure =
            e instanceof CohortLakeException known ? known : Errors.jobFailed(name, e);
        summarize(name, run, Optional.empty(), progress, failure.exitCode(), failure);
        throw failure;
      }
    }

    private void summarize(
        String name,
        RunContext run,
        Optional<JobResult> result,
        Progress progress,
        ExitCode code,
        Throwable error) {
      if (options.summaryJson != null) {
        RunSummary.write(
            options.summaryJson,
            name,
            Optional.ofNullable(run),
            result,
            progress == null ? Map.of() : progress.stageSeconds(),
            code,
            error);
      }
    }
  }

  @Command(name = "ingest", description = "Read the source, quarantine bad rows, write orders.")
  static final class Ingest extends JobCommand {
    @Mixin IngestOptions ingest;

    @Override
    JobRunner.Job job() {
      return PipelineJobs::ingest;
    }

    @Override
    IngestMode ingestMode() {
      return ingest.mode();
    }
  }

  @Command(name = "customers", description = "Write the customers snapshot for --as-of.")
  static final class Customers extends JobCommand {
    @Override
    JobRunner.Job job() {
      return PipelineJobs::customers;
    }
  }

  @Command(
      name = "cohorts",
      description = "Write cohort_monthly, retention_curve and retention_monthly for --as-of.")
  static final class Cohorts extends JobCommand {
    @Override
    JobRunner.Job job() {
      return PipelineJobs::cohorts;
    }
  }

  @Command(
      name = "clv",
      description =
          "Fit the CLV models and write clv_customer, clv_model (and clv_validation, clv_tracking).")
  static final class Clv extends JobCommand {
    @Override
    JobRunner.Job job() {
      return PipelineJobs::clv;
    }
  }

  @Command(
      name = "maintain",
      description =
          "OPTIMIZE (Z-order by customer_id) and VACUUM every table; recent runs stay readable.")
  static final class Maintain extends JobCommand {
    @Override
    JobRunner.Job job() {
      return PipelineJobs::maintain;
    }
  }

  @Command(
      name = "report",
      description =
          "Write the HTML report of --as-of (charts of the tables, one self-contained page).")
  static final class Report extends JobCommand {
    @Override
    JobRunner.Job job() {
      return PipelineJobs::report;
    }
  }

  @Command(
      name = "all",
      description = "ingest, customers, cohorts, clv and (report.enabled) the report in one run.")
  static final class All extends JobCommand {
    @Mixin IngestOptions ingest;

    @Override
    JobRunner.Job job() {
      return PipelineJobs::all;
    }

    @Override
    IngestMode ingestMode() {
      return ingest.mode();
    }
  }

  /** Prints the version from the build. */
  static final class VersionInfo implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"cohortlake " + dev.cohortlake.run.Version.get()};
    }
  }
}
