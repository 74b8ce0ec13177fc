package dev.cohortlake.pipeline;

import dev.cohortlake.config.MaintainConfig;
import dev.cohortlake.run.Errors;
import dev.cohortlake.run.JobResult;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import dev.cohortlake.table.TableMaintenance;
import dev.cohortlake.table.TableSpec;
import dev.cohortlake.table.TableWrite;
import dev.cohortlake.table.Tables;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The {@code maintain} job: OPTIMIZE every table (Z-ordered by customer id where configured), then
 * VACUUM, but only after checking that no file VACUUM would delete is read by a table version that
 * one of the latest succeeded runs in run_log wrote; afterwards, that each of those versions still
 * reads every one of its files. A conflict stops the run before anything is deleted.
 */
public final class MaintainAction extends BaseAction {

  public MaintainAction(SparkSession spark, RunContext run, Progress progress) {
    super(spark, run, progress);
  }

  @Override
  public JobResult execute() {
    MaintainConfig config = run.config().maintain();
    TableMaintenance maintenance =
        new TableMaintenance(
            spark, config.vacuumRetentionHours(), MaintainConfig.DELTA_SAFE_RETENTION_HOURS);
    Map<String, Map<Long, String>> kept = progress.stage("maintain: read run_log", this::kept);
    List<TableSpec> tables = Tables.ALL.stream().filter(warehouse::exists).toList();
    List<TableWrite> writes = new ArrayList<>();
    for (TableSpec table : tables) {
      boolean zOrder = config.zOrderTables().contains(table.name());
      TableMaintenance.Compaction done =
          progress.stage(
              "maintain: optimize " + table.name() + (zOrder ? " (z-order by customer_id)" : ""),
              () -> maintenance.optimize(warehouse.path(table), zOrder));
      if (done.filesRemoved() > 0) {
        TableWrite write = new TableWrite(table.name(), warehouse.path(table), version(table), 0);
        run.ledger().committed(write);
        writes.add(write);
      }
    }
    List<KeptVersion> keptVersions =
        progress.stage(
            "maintain: files of the last " + config.checkLastRuns() + " runs' versions",
            () -> keptVersions(kept, tables, maintenance));
    for (TableSpec table : tables) {
      Set<String> candidates =
          progress.stage(
              "maintain: vacuum dry run " + table.name(),
              () -> maintenance.vacuumCandidates(warehouse.path(table)));
      for (KeptVersion version : keptVersions) {
        long wouldBreak =
            version.table() != table
                ? 0
                : version.files().stream().filter(candidates::contains).count();
        if (wouldBreak > 0) {
          throw Errors.vacuumWouldBreakTimeTravel(
              table.name(),
              version.version(),
              version.runId(),
              Math.toIntExact(wouldBreak),
              config.vacuumRetentionHours());
        }
      }
    }
    for (TableSpec table : tables) {
      progress.stage(
          "maintain: vacuum " + table.name(),
          () -> {
            maintenance.vacuum(warehouse.path(table));
            return null;
          });
    }
    progress.stage(
        "maintain: check time travel to the last " + config.checkLastRuns() + " runs' versions",
        () -> {
          for (KeptVersion version : keptVersions) {
            List<String> missing =
                maintenance.missingFiles(warehouse.path(version.table()), version.files());
            if (!missing.isEmpty()) {
              throw Errors.timeTravelBroken(
                  version.table().name(), version.version(), version.runId(), missing);
            }
          }
          return null;
        });
    return JobResult.of("maintain", writes);
  }

  /** A table version a recent succeeded run wrote, with the data files it reads. */
  private record KeptVersion(TableSpec table, long version, String runId, Set<String> files) {}

  private List<KeptVersion> keptVersions(
      Map<String, Map<Long, String>> kept, List<TableSpec> tables, TableMaintenance maintenance) {
    List<KeptVersion> versions = new ArrayList<>();
    for (TableSpec table : tables) {
      kept.getOrDefault(table.name(), Map.of())
          .forEach(
              (version, runId) ->
                  versions.add(
                      new KeptVersion(
                          table,
                          version,
                          runId,
                          maintenance.filesOf(warehouse.path(table), version))));
    }
    return versions;
  }

  /** Per table, the versions the latest succeeded runs wrote, each with the run that wrote it. */
  private Map<String, Map<Long, String>> kept() {
    Map<String, Map<Long, String>> versions = new TreeMap<>();
    if (!warehouse.exists(Tables.RUN_LOG)) {
      return versions;
    }
    List<Row> runs =
        warehouse
            .read(Tables.RUN_LOG, "any job")
            .where("status = 'succeeded' AND table_versions IS NOT NULL")
            .orderBy(functions.col("ended_at").desc())
            .limit(run.config().maintain().checkLastRuns())
            .select("run_id", "table_versions")
            .collectAsList();
    for (Row logged : runs) {
      Map<String, Long> written = logged.getJavaMap(1);
      written.forEach(
          (table, version) ->
              versions
                  .computeIfAbsent(table, t -> new LinkedHashMap<>())
                  .putIfAbsent(version, logged.getString(0)));
    }
    return versions;
  }

  private long version(TableSpec table) {
    return DeltaTable.forPath(spark, warehouse.path(table))
        .history(1)
        .select("version")
        .first()
        .getLong(0);
  }
}
