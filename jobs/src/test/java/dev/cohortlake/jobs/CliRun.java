package dev.cohortlake.jobs;

import dev.cohortlake.run.Environment;
import dev.cohortlake.testing.SharedData;
import dev.cohortlake.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Runs the real {@code cohortlake} command line in the test JVM's shared SparkSession, with the
 * warehouse in a temporary folder, and keeps what it printed.
 *
 * @param exitCode the process exit code the command would return
 * @param out what it printed on standard output (progress and summary)
 * @param err what it printed on standard error
 * @param warehouse the warehouse root it wrote to
 */
record CliRun(int exitCode, String out, String err, Path warehouse) {

  static CliRun run(Path warehouse, String... args) {
    return run(Environment.ofProcess(), warehouse, args);
  }

  /** The same, with the run reading its environment variables (credentials) from {@code env}. */
  static CliRun run(Environment env, Path warehouse, String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(1, List.of("--set", "report.enabled=false"));
    all.addAll(List.of("--set", "warehouse.root=" + warehouse));
    all.addAll(List.of("--set", "report.path=" + reportFolder(warehouse)));
    return execute(env, warehouse, all.toArray(String[]::new));
  }

  /**
   * The arguments of {@code job} with a project config ({@code conf/...}) on another source, then
   * {@code extra}.
   */
  static String[] args(String job, String config, Path source, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                job,
                "--config",
                SharedData.project(config).toString(),
                "--set",
                "source.path=" + source));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /** A job on the bundled sample ({@code conf/sample.conf}, {@code data/CDNOW_master.txt}). */
  static CliRun onSample(Path warehouse, String job, String... extra) {
    return run(
        warehouse,
        args(job, "conf/sample.conf", SharedData.project("data/CDNOW_master.txt"), extra));
  }

  /** A command that writes no warehouse ({@code init}), with exactly these arguments. */
  static CliRun command(String... args) {
    return execute(Environment.ofProcess(), null, args);
  }

  private static CliRun execute(Environment env, Path warehouse, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        CohortLakeCli.execute(
            catalog -> SparkTestSession.get(),
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            args);
    return new CliRun(
        code,
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8),
        warehouse);
  }

  /**
   * Where a run's reports go: a folder in its (temporary) warehouse. The report is off by default
   * in a test run; a test that checks it passes {@code --set report.enabled=true}.
   */
  static Path reportFolder(Path warehouse) {
    return warehouse.resolve("_report");
  }

  /** A table this run wrote, read back from Delta. */
  Dataset<Row> table(String name) {
    return SparkTestSession.get().read().format("delta").load(warehouse.resolve(name).toString());
  }
}
