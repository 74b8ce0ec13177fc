package dev.cohortlake.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cohortlake.clean.CleanedLines.RowCounts;
import dev.cohortlake.quality.GateResult;
import dev.cohortlake.table.TableWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The machine-readable summary of one command-line run ({@code --summary-json FILE}), written
 * whether the run succeeded or failed, for schedulers: status, exit code, row accounting, quality
 * gates, the tables and Delta versions written, stage times, and the error with its causes.
 */
public final class RunSummary {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunSummary() {}

  /**
   * Writes the summary.
   *
   * @param run the run, or empty when it failed before it started (bad usage or config)
   * @param result the job's result when it succeeded
   * @param error the failure, or null
   */
  public static void write(
      Path file,
      String job,
      Optional<RunContext> run,
      Optional<JobResult> result,
      Map<String, Double> stageSeconds,
      ExitCode exitCode,
      Throwable error) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("status", error == null ? "succeeded" : "failed");
    summary.put("exit_code", exitCode.code());
    summary.put("job", job);
    run.ifPresent(
        r -> {
          summary.put("run_id", r.runId());
          summary.put("dataset", r.config().dataset());
          summary.put("as_of_date", r.asOf().toString());
        });
    Optional<RowCounts> counts =
        result.flatMap(JobResult::rowCounts).or(() -> run.flatMap(r -> r.ledger().rowCounts()));
    counts.ifPresent(
        c ->
            summary.put(
                "rows",
                Map.of(
                    "read",
                    c.read(),
                    "kept",
                    c.kept(),
                    "rejected",
                    c.rejected(),
                    "rejected_by_reason",
                    c.rejectedByReason())));
    List<Map<String, Object>> gates = new ArrayList<>();
    for (GateResult gate : run.map(r -> r.ledger().gates()).orElse(List.of())) {
      gates.add(
          orderedMap(
              "name",
              gate.name(),
              "measured",
              gate.measured(),
              "limit",
              gate.limit(),
              "passed",
              gate.passed(),
              "detail",
              gate.detail()));
    }
    summary.put("gates", gates);
    List<Map<String, Object>> tables = new ArrayList<>();
    List<TableWrite> writes =
        result
            .map(JobResult::writes)
            .orElseGet(() -> run.map(r -> r.ledger().commits()).orElse(List.of()));
    for (TableWrite write : writes) {
      tables.add(
          orderedMap(
              "table",
              write.table(),
              "version",
              write.version(),
              "rows",
              write.rows(),
              "path",
              write.path()));
    }
    summary.put("tables", tables);
    summary.put("stage_seconds", stageSeconds);
    if (error != null) {
      List<Throwable> chain = Errors.chain(error);
      List<String> causes = chain.subList(1, chain.size()).stream().map(Errors::describe).toList();
      summary.put("error", orderedMap("message", error.getMessage(), "causes", causes));
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.write(file, JSON.writeValueAsBytes(summary));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the run summary " + file, e);
    }
  }

  private static Map<String, Object> orderedMap(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
