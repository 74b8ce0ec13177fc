package dev.cohortlake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortlake.testing.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code cohortlake} command line in a child JVM of its own (the test's classpath, {@code
 * local[2]}), for what cannot be done inside the test JVM: being killed with SIGKILL, or running at
 * the same time as another run.
 */
final class ChildCli implements AutoCloseable {

  private static final Pattern RUN_ID = Pattern.compile("run (\\S+)  as-of");
  private static final long TIMEOUT_SECONDS = 300;

  private final Process process;
  private final BufferedReader out;
  private final List<String> lines = new ArrayList<>();
  private final Path stderr;

  private ChildCli(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  static ChildCli start(Path warehouse, Path logDir, String... args) {
    List<String> command = TestJvm.localSpark(CohortLakeCli.class.getName());
    command.add(args[0]);
    command.addAll(List.of("--set", "report.enabled=false"));
    command.addAll(Arrays.asList(args).subList(1, args.length));
    command.addAll(List.of("--set", "warehouse.root=" + warehouse));
    command.addAll(List.of("--set", "report.path=" + CliRun.reportFolder(warehouse)));
    try {
      Files.createDirectories(logDir);
      Path stderr = Files.createTempFile(logDir, "child-", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(SharedData.project(".").toFile())
              .redirectError(stderr.toFile());
      builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      return new ChildCli(builder.start(), stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads standard output until a line contains {@code text}, and returns that line. */
  String awaitLine(String text) {
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
        if (line.contains(text)) {
          return line;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError(
        "The child run ended without printing '"
            + text
            + "'. Output:\n"
            + String.join("\n", lines)
            + "\nError output:\n"
            + errors());
  }

  /** The run id from the run's first line. */
  String runId() {
    Matcher matcher = RUN_ID.matcher(awaitLine("cohortlake "));
    assertThat(matcher.find()).isTrue();
    return matcher.group(1);
  }

  /** Kills the process with SIGKILL, as the kernel or a scheduler's hard timeout would. */
  void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  /** Reads the rest of the output, waits for the process to end and returns its exit code. */
  int waitFor() {
    try {
      out.transferTo(java.io.Writer.nullWriter());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return awaitExit();
  }

  private int awaitExit() {
    try {
      assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("child run ended").isTrue();
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String errors() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
