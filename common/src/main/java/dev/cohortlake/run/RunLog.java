package dev.cohortlake.run;

import dev.cohortlake.clean.CleanedLines.RowCounts;
import dev.cohortlake.table.ScalaMaps;
import dev.cohortlake.table.TableWrite;
import dev.cohortlake.table.Tables;
import dev.cohortlake.table.Warehouse;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Appends one row per run to the run_log table, for schedulers and for auditing. */
public final class RunLog {

  private final SparkSession spark;
  private final Warehouse warehouse;

  public RunLog(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  public TableWrite succeeded(RunContext run, JobResult result, Map<String, Double> stageSeconds) {
    return append(run, "succeeded", result.writes(), result.rowCounts(), stageSeconds, null);
  }

  public TableWrite failed(RunContext run, Throwable error, Map<String, Double> stageSeconds) {
    return append(run, "failed", List.of(), Optional.empty(), stageSeconds, error.getMessage());
  }

  private TableWrite append(RunContext run, String status, List<TableWrite> writes,
      Optional<RowCounts> counts, Map<String, Double> stageSeconds, String error) {
    Map<String, Long> versions = new LinkedHashMap<>();
    long written = 0;
    for (TableWrite write : writes) {
      versions.put(write.table(), write.version());
      written += write.rows();
    }
    Row row = RowFactory.create(
        run.runId(),
        run.job(),
        run.config().dataset(),
        Date.valueOf(run.asOf()),
        status,
        Timestamp.from(run.startedAt()),
        Timestamp.from(Instant.now()),
        counts.map(RowCounts::read).orElse(null),
        written,
        counts.map(RowCounts::rejected).orElse(null),
        counts.map(c -> ScalaMaps.of(c.rejectedByReason())).orElse(null),
        ScalaMaps.of(versions),
        ScalaMaps.of(stageSeconds),
        run.config().fingerprint(),
        Version.get(),
        error);
    return warehouse.append(Tables.RUN_LOG,
        spark.createDataFrame(List.of(row), Tables.RUN_LOG.schema()));
  }
}
