package dev.cohortlake.clean;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.cohortlake.run.Errors;
import dev.cohortlake.source.RawSource;
import dev.cohortlake.table.ObservedCount;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Order lines after cleaning: every line read, each either kept or carrying its reject reason.
 * Counting and splitting work on one cached copy, so the source is parsed and de-duplicated once.
 * The copy holds the canonical columns and, for rejected lines only, the source row as JSON: the
 * source's own columns are not needed after cleaning, and leaving them out keeps the cache small.
 */
public final class CleanedLines implements AutoCloseable {

  private static final String RAW = "__raw";

  private final Dataset<Row> lines;

  CleanedLines(RawSource raw, Dataset<Row> classified) {
    Set<String> notCached = new HashSet<>(raw.columns());
    notCached.add(RawSource.MALFORMED);
    notCached.add(DuplicateLines.FLAG);
    Dataset<Row> withRaw =
        classified.withColumn(RAW, when(col(OrderLineCleaner.REASON).isNotNull(), raw.rawText()));
    this.lines =
        withRaw.select(
            Arrays.stream(withRaw.columns())
                .filter(c -> !notCached.contains(c))
                .map(RawSource::sourceColumn)
                .toArray(Column[]::new));
  }

  /** Caches the classified lines; {@link #close()} releases them. */
  public CleanedLines persist() {
    lines.persist(StorageLevel.MEMORY_AND_DISK());
    return this;
  }

  /**
   * Counts lines per outcome in one pass, the kept lines and each reject reason, and checks them
   * against the rows the source read, counted independently as they passed ({@code read}).
   *
   * @throws dev.cohortlake.run.CohortLakeException when kept + rejected differs from rows read
   */
  public RowCounts count(Observation read) {
    List<Row> rows = lines.groupBy(col(OrderLineCleaner.REASON)).count().collectAsList();
    long kept = 0;
    Map<String, Long> rejected = new TreeMap<>();
    for (Row row : rows) {
      if (row.isNullAt(0)) {
        kept = row.getLong(1);
      } else {
        rejected.put(row.getString(0), row.getLong(1));
      }
    }
    long rowsRead = ObservedCount.of(read);
    RowCounts counts = new RowCounts(rowsRead, kept, rejected);
    if (counts.kept() + counts.rejected() != rowsRead) {
      throw Errors.rowAccountingBroken(rowsRead, counts.kept(), counts.rejected());
    }
    return counts;
  }

  /** Kept and rejected lines per source file, keyed by the file name the reader gave. */
  public Map<String, FileCounts> countByFile() {
    Map<String, FileCounts> counts = new TreeMap<>();
    for (Row row :
        lines
            .groupBy(col(RawSource.SOURCE_FILE), col(OrderLineCleaner.REASON).isNull())
            .count()
            .collectAsList()) {
      FileCounts lines =
          row.getBoolean(1) ? new FileCounts(row.getLong(2), 0) : new FileCounts(0, row.getLong(2));
      counts.merge(row.getString(0), lines, FileCounts::plus);
    }
    return counts;
  }

  /** The lines that passed every rule. */
  public Dataset<Row> kept() {
    return lines.filter(col(OrderLineCleaner.REASON).isNull());
  }

  /**
   * The rejected lines in the shape of the rejected_rows table. With none among {@code counts}, the
   * rows are planned as an empty relation (a zero limit), so writing them reads no line again.
   */
  public Dataset<Row> rejected(String runId, LocalDate runDate, RowCounts counts) {
    Dataset<Row> rejected =
        lines
            .filter(col(OrderLineCleaner.REASON).isNotNull())
            .select(
                lit(runId).as("run_id"),
                lit(Date.valueOf(runDate)).as("run_date"),
                col(RawSource.SOURCE_FILE).as("source"),
                col(RawSource.ROW_NUMBER).as("row_number"),
                col(RAW).as("raw"),
                col(OrderLineCleaner.REASON).as("reason"));
    return counts.rejected() == 0 ? rejected.limit(0) : rejected;
  }

  @Override
  public void close() {
    lines.unpersist();
  }

  /**
   * Lines of one source file per outcome.
   *
   * @param kept lines that passed every rule
   * @param rejected lines sent to rejected_rows
   */
  public record FileCounts(long kept, long rejected) {

    public long read() {
      return kept + rejected;
    }

    FileCounts plus(FileCounts other) {
      return new FileCounts(kept + other.kept, rejected + other.rejected);
    }
  }

  /**
   * Lines per outcome.
   *
   * @param read rows read from the source, counted as they were read
   * @param kept lines that passed every rule
   * @param rejectedByReason rejected lines per reason label
   */
  public record RowCounts(long read, long kept, Map<String, Long> rejectedByReason) {

    public RowCounts {
      rejectedByReason = Map.copyOf(rejectedByReason);
    }

    public long rejected() {
      return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
