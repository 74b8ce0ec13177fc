package dev.cohortlake.run;

import dev.cohortlake.clean.CleanedLines.RowCounts;
import dev.cohortlake.table.TableWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a job did: the tables it wrote (with Delta versions and rows) and, for ingest, the row
 * accounting. Immutable; tests and the run log read it.
 *
 * @param job job name
 * @param writes table writes, in order
 * @param rowCounts kept and rejected source rows, when the job ingested
 */
public record JobResult(String job, List<TableWrite> writes, Optional<RowCounts> rowCounts) {

  public JobResult {
    writes = List.copyOf(writes);
  }

  public static JobResult of(String job, List<TableWrite> writes) {
    return new JobResult(job, writes, Optional.empty());
  }

  /** The results of a sequence of jobs, as one result named {@code job}. */
  public static JobResult combine(String job, List<JobResult> parts) {
    List<TableWrite> writes = new ArrayList<>();
    Optional<RowCounts> counts = Optional.empty();
    for (JobResult part : parts) {
      writes.addAll(part.writes());
      counts = part.rowCounts().isPresent() ? part.rowCounts() : counts;
    }
    return new JobResult(job, writes, counts);
  }

  public long rowsWritten() {
    return writes.stream().mapToLong(TableWrite::rows).sum();
  }

  /** The write to one table. */
  public Optional<TableWrite> write(String table) {
    return writes.stream().filter(w -> w.table().equals(table)).reduce((a, b) -> b);
  }
}
