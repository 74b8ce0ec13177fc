package dev.cohortlake.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import dev.cohortlake.clean.CleanedLines.RowCounts;
import dev.cohortlake.quality.GateResult;
import dev.cohortlake.table.ScalaMaps;
import dev.cohortlake.table.TableSpec;
import dev.cohortlake.table.TableWrite;
import dev.cohortlake.table.Tables;
import dev.cohortlake.table.Warehouse;
import io.delta.tables.DeltaTable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Appends one row per run to the run_log table, for schedulers and for auditing: succeeded, failed
 * (with what the run had committed before it failed), or interrupted (a process that died holding
 * the warehouse lock, recorded by the run that takes the lock over).
 *
 * <p>Every commit a run makes carries its run id as Delta {@code userMetadata}, so the commits of a
 * run that died can be found in the tables' histories.
 */
public final class RunLog {

  /** The session setting Delta copies into each commit's {@code userMetadata}. */
  public static final String COMMIT_RUN_ID = "spark.databricks.delta.commitInfo.userMetadata";

  /** How many recent commits of each table are searched for an interrupted run's commits. */
  private static final int HISTORY_DEPTH = 50;

  private final SparkSession spark;
  private final Warehouse warehouse;

  public RunLog(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  public TableWrite succeeded(RunContext run, JobResult result, Map<String, Double> stageSeconds) {
    return append(
        run.runId(),
        run.job(),
        run.config().dataset(),
        run.asOf(),
        "succeeded",
        run.startedAt(),
        result.rowCounts(),
        result.rowsWritten(),
        run.ledger().versions(),
        run.ledger().gates(),
        stageSeconds,
        run.config().fingerprint(),
        null,
        run.ledger().sourceWatermark().orElse(null));
  }

  public TableWrite failed(RunContext run, Throwable error, Map<String, Double> stageSeconds) {
    long written = run.ledger().commits().stream().mapToLong(TableWrite::rows).sum();
    return append(
        run.runId(),
        run.job(),
        run.config().dataset(),
        run.asOf(),
        "failed",
        run.startedAt(),
        run.ledger().rowCounts(),
        written,
        run.ledger().versions(),
        run.ledger().gates(),
        stageSeconds,
        run.config().fingerprint(),
        Errors.withCauses(error),
        null);
  }

  /**
   * The as-of dates with a succeeded run of {@code job} on {@code dataset} under the config whose
   * fingerprint is {@code configHash}: the dates a backfill skips.
   */
  public Set<LocalDate> succeededDates(String job, String dataset, String configHash) {
    if (!warehouse.exists(Tables.RUN_LOG)) {
      return Set.of();
    }
    return warehouse
        .read(Tables.RUN_LOG, job)
        .filter(
            col("status")
                .equalTo("succeeded")
                .and(col("job").equalTo(job))
                .and(col("dataset").equalTo(dataset))
                .and(col("config_hash").equalTo(configHash)))
        .select("as_of_date")
        .distinct()
        .collectAsList()
        .stream()
        .map(row -> row.getDate(0).toLocalDate())
        .collect(Collectors.toSet());
  }

  /**
   * The watermark the latest succeeded run on {@code dataset} read up to: where the next read of a
   * jdbc source with a watermark column starts.
   */
  public Optional<String> lastSourceWatermark(String dataset) {
    if (!warehouse.exists(Tables.RUN_LOG)) {
      return Optional.empty();
    }
    Dataset<Row> runs = warehouse.read(Tables.RUN_LOG, "ingest");
    // A run_log written before the column existed has no watermark yet.
    if (!Arrays.asList(runs.columns()).contains("source_watermark")) {
      return Optional.empty();
    }
    return runs
        .filter(
            col("status")
                .equalTo("succeeded")
                .and(col("dataset").equalTo(dataset))
                .and(col("source_watermark").isNotNull()))
        .orderBy(col("ended_at").desc())
        .select("source_watermark")
        .takeAsList(1)
        .stream()
        .map(row -> row.getString(0))
        .findFirst();
  }

  /** Records a run whose process died holding the warehouse lock, with the commits it made. */
  public TableWrite interrupted(WarehouseLock.Holder dead, String takenOverBy) {
    Map<String, Long> versions = committedBy(dead.runId());
    return append(
        dead.runId(),
        dead.job(),
        dead.dataset(),
        dead.asOfDate(),
        "interrupted",
        dead.started(),
        Optional.empty(),
        null,
        versions,
        List.of(),
        Map.of(),
        dead.configHash(),
        "The process of this run ("
            + dead.pid()
            + " on "
            + dead.host()
            + ") ended without"
            + " finishing; recorded by run "
            + takenOverBy
            + ", which took over the warehouse"
            + " lock. Tables it committed are in table_versions; every other table kept its"
            + " version.",
        null);
  }

  /** The newest version of each table committed by {@code runId}, from the tables' histories. */
  private Map<String, Long> committedBy(String runId) {
    Map<String, Long> versions = new LinkedHashMap<>();
    for (TableSpec spec : Tables.ALL) {
      if (spec == Tables.RUN_LOG || !warehouse.exists(spec)) {
        continue;
      }
      Row newest =
          DeltaTable.forPath(spark, warehouse.path(spec))
              .history(HISTORY_DEPTH)
              .filter(col("userMetadata").equalTo(runId))
              .agg(max("version"))
              .first();
      if (!newest.isNullAt(0)) {
        versions.put(spec.name(), newest.getLong(0));
      }
    }
    return versions;
  }

  private TableWrite append(
      String runId,
      String job,
      String dataset,
      LocalDate asOf,
      String status,
      Instant startedAt,
      Optional<RowCounts> counts,
      Long written,
      Map<String, Long> versions,
      List<GateResult> gates,
      Map<String, Double> stageSeconds,
      String configHash,
      String error,
      String sourceWatermark) {
    List<Row> gateRows =
        gates.stream()
            .map(g -> RowFactory.create(g.name(), g.measured(), g.limit(), g.passed(), g.detail()))
            .toList();
    Row row =
        RowFactory.create(
            runId,
            job,
            dataset,
            Date.valueOf(asOf),
            status,
            Timestamp.from(startedAt),
            Timestamp.from(Instant.now()),
            counts.map(RowCounts::read).orElse(null),
            written,
            counts.map(RowCounts::rejected).orElse(null),
            counts.map(c -> ScalaMaps.of(c.rejectedByReason())).orElse(null),
            ScalaMaps.of(versions),
            CollectionConverters.asScala(gateRows).toSeq(),
            ScalaMaps.of(stageSeconds),
            configHash,
            Version.get(),
            error,
            sourceWatermark);
    return warehouse.append(
        Tables.RUN_LOG, spark.createDataFrame(List.of(row), Tables.RUN_LOG.schema()));
  }
}
