package dev.cohortlake.run;

import dev.cohortlake.clean.CleanedLines.RowCounts;
import dev.cohortlake.quality.GateResult;
import dev.cohortlake.table.TableWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run has done so far: the table commits it made, the quality gates it measured and, once
 * ingest counted them, its row counts. Kept while the run goes, so that a failure at any point can
 * say truthfully which tables it had already committed, and {@code run_log} and the run summary can
 * name them.
 */
public final class RunLedger {

  private final List<TableWrite> commits = new ArrayList<>();
  private final List<GateResult> gates = new ArrayList<>();
  private RowCounts rowCounts;
  private String sourceWatermark;

  /** Records a table commit of this run. */
  public synchronized void committed(TableWrite write) {
    commits.add(write);
  }

  /** Records a measured quality gate, passed or not. */
  public synchronized void measured(GateResult gate) {
    gates.add(gate);
  }

  /** Records the row accounting of the run's ingest. */
  public synchronized void counted(RowCounts counts) {
    rowCounts = counts;
  }

  /** Records the highest watermark value the run's ingest read (a jdbc source with a watermark). */
  public synchronized void watermarked(String watermark) {
    sourceWatermark = watermark;
  }

  public synchronized Optional<String> sourceWatermark() {
    return Optional.ofNullable(sourceWatermark);
  }

  public synchronized List<TableWrite> commits() {
    return List.copyOf(commits);
  }

  public synchronized List<GateResult> gates() {
    return List.copyOf(gates);
  }

  public synchronized Optional<RowCounts> rowCounts() {
    return Optional.ofNullable(rowCounts);
  }

  /**
   * The newest version this run committed per table, in the order the tables were first written.
   */
  public synchronized Map<String, Long> versions() {
    Map<String, Long> versions = new LinkedHashMap<>();
    for (TableWrite write : commits) {
      versions.put(write.table(), write.version());
    }
    return versions;
  }
}
