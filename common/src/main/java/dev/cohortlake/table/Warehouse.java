package dev.cohortlake.table;

import dev.cohortlake.run.Errors;
import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.CommitInfo;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reads and writes the Delta tables under one warehouse root, always through a {@link TableSpec}.
 *
 * <p>Every write is one Delta commit, so a run that dies leaves each table at its previous version.
 * Snapshot tables are written with {@code replaceWhere} on their own as-of date (or run date), so a
 * re-run replaces exactly the rows it wrote before and never duplicates them.
 */
public final class Warehouse {

  private final SparkSession spark;
  private final Function<String, String> locator;
  private final Consumer<TableWrite> onCommit;

  /**
   * @param spark the session to use
   * @param locator maps a table name to its location
   * @param onCommit told of every commit this warehouse makes, as soon as it is made
   */
  public Warehouse(
      SparkSession spark, Function<String, String> locator, Consumer<TableWrite> onCommit) {
    this.spark = spark;
    this.locator = locator;
    this.onCommit = onCommit;
  }

  public String path(TableSpec spec) {
    return locator.apply(spec.name());
  }

  public boolean exists(TableSpec spec) {
    return DeltaTable.isDeltaTable(spark, path(spec));
  }

  /**
   * Reads a table.
   *
   * @param producer the job that writes it, named in the error when it does not exist yet
   */
  public Dataset<Row> read(TableSpec spec, String producer) {
    if (!exists(spec)) {
      throw Errors.tableMissing(spec.name(), path(spec), producer);
    }
    return spark.read().format("delta").load(path(spec));
  }

  /** Reads a table as it was at {@code version}, e.g. to check what a write committed. */
  public Dataset<Row> readVersion(TableSpec spec, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(path(spec));
  }

  /** Replaces the whole table content in one commit. */
  public TableWrite overwrite(TableSpec spec, Dataset<Row> data) {
    return write(spec, data, "overwrite", null);
  }

  /** Replaces the rows matching {@code predicate} (and only those) in one commit. */
  public TableWrite replaceWhere(TableSpec spec, Dataset<Row> data, String predicate) {
    return write(spec, data, "overwrite", predicate);
  }

  /** Appends rows in one commit. */
  public TableWrite append(TableSpec spec, Dataset<Row> data) {
    return write(spec, data, "append", null);
  }

  /**
   * Merges rows into a table in one commit (Delta {@code MERGE}): a row matching an existing one on
   * {@code matchCondition} ({@code t.} the table, {@code s.} the new rows) replaces it, any other
   * is inserted, and, with {@code deleteUnmatched}, existing rows that satisfy it and match no new
   * row are deleted. The table must exist.
   */
  public TableWrite merge(
      TableSpec spec, Dataset<Row> data, String matchCondition, Optional<String> deleteUnmatched) {
    addMissingProperties(spec);
    var merge =
        DeltaTable.forPath(spark, path(spec))
            .as("t")
            .merge(conform(spec, data).as("s"), matchCondition)
            .whenMatched()
            .updateAll()
            .whenNotMatched()
            .insertAll();
    if (deleteUnmatched.isPresent()) {
      merge = merge.whenNotMatchedBySource(deleteUnmatched.get()).delete();
    }
    return executed(spec, merge);
  }

  /**
   * Replaces rows by key in one commit (Delta {@code MERGE} on {@code t.key = s.key}): a new row
   * for which {@code deleted} holds deletes the table's row of its key, any other replaces it or is
   * inserted. The table must exist.
   */
  public TableWrite upsert(TableSpec spec, Dataset<Row> data, String key, String deleted) {
    addMissingProperties(spec);
    var merge =
        DeltaTable.forPath(spark, path(spec))
            .as("t")
            .merge(conform(spec, data).as("s"), "t." + key + " = s." + key)
            .whenMatched(deleted)
            .delete()
            .whenMatched()
            .updateAll()
            .whenNotMatched("NOT (" + deleted + ")")
            .insertAll();
    return executed(spec, merge);
  }

  private TableWrite executed(TableSpec spec, DeltaMergeBuilder merge) {
    merge.execute();
    String path = path(spec);
    DeltaLog log = DeltaLog.forTable(spark, path);
    long version = latestVersion(log);
    TableWrite write =
        new TableWrite(
            spec.name(),
            path,
            version,
            committedRows(log, version, "numTargetRowsInserted", "numTargetRowsUpdated"));
    onCommit.accept(write);
    return write;
  }

  /**
   * Replaces the table whole, its schema included (columns the spec no longer has are dropped), in
   * one commit that keeps the table's identity.
   */
  public TableWrite replace(TableSpec spec, Dataset<Row> data) {
    return write(spec, data, "overwrite", null, "overwriteSchema");
  }

  private TableWrite write(TableSpec spec, Dataset<Row> data, String mode, String predicate) {
    return write(spec, data, mode, predicate, "mergeSchema");
  }

  private TableWrite write(
      TableSpec spec, Dataset<Row> data, String mode, String predicate, String schemaChange) {
    TableWrite write = commit(spec, data, mode, predicate, schemaChange);
    onCommit.accept(write);
    return write;
  }

  private TableWrite commit(
      TableSpec spec, Dataset<Row> data, String mode, String predicate, String schemaChange) {
    String path = path(spec);
    if (!exists(spec)) {
      UncommittedLocation.clear(spark, spec.name(), path);
      return create(spec, path, conform(spec, data));
    }
    addMissingProperties(spec);
    // Counted as the rows pass, not from the commit: with replaceWhere on a data column Delta's
    // numOutputRows adds the rows it copied out of rewritten files to the rows this run wrote.
    Observation written = new Observation("rows written to " + spec.name());
    var writer =
        ObservedCount.counted(conform(spec, data), written)
            .write()
            .format("delta")
            .mode(mode)
            .option(schemaChange, "true");
    if (predicate != null) {
      writer = writer.option("replaceWhere", predicate);
    }
    writer.save(path);
    return new TableWrite(
        spec.name(),
        path,
        latestVersion(DeltaLog.forTable(spark, path)),
        ObservedCount.of(written));
  }

  /**
   * Sets the spec's table properties that the table lacks (one created by an earlier version of
   * Cohort Lake, e.g. orders without its change feed), in a commit of their own before the write.
   */
  private void addMissingProperties(TableSpec spec) {
    String path = path(spec);
    var current = DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty());
    String missing =
        spec.properties().entrySet().stream()
            .filter(
                p ->
                    !p.getValue()
                        .equals(
                            current.metadata().configuration().getOrElse(p.getKey(), () -> null)))
            .map(p -> SqlLiterals.quote(p.getKey()) + " = " + SqlLiterals.quote(p.getValue()))
            .collect(Collectors.joining(", "));
    if (!missing.isEmpty()) {
      spark.sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES (" + missing + ")");
    }
  }

  /** The table's newest committed version, after listing its log again. */
  private static long latestVersion(DeltaLog log) {
    return log.update(false, Option.empty(), Option.empty()).version();
  }

  /**
   * Creates the table with its first rows in one commit: table comment, column comments (carried by
   * the schema), partitioning and properties are set by the same commit that adds the data.
   */
  private TableWrite create(TableSpec spec, String path, Dataset<Row> rows) {
    Column[] partitions =
        spec.partitionColumns().stream().map(functions::col).toArray(Column[]::new);
    var writer =
        rows.writeTo("delta.`" + path + "`")
            .using("delta")
            .tableProperty("comment", spec.comment());
    for (var property : spec.properties().entrySet()) {
      writer = writer.tableProperty(property.getKey(), property.getValue());
    }
    if (partitions.length > 0) {
      writer =
          writer.partitionedBy(partitions[0], Arrays.copyOfRange(partitions, 1, partitions.length));
    }
    try {
      writer.create();
    } catch (TableAlreadyExistsException e) {
      throw new IllegalStateException(
          "Table "
              + spec.name()
              + " at "
              + path
              + " was created by a"
              + " writer outside this warehouse's lock during this run; re-run the job",
          e);
    }
    // The create path reports no observed metrics; its first commit copies nothing, so the
    // commit's numOutputRows is exactly the rows written.
    DeltaLog log = DeltaLog.forTable(spark, path);
    long version = latestVersion(log);
    return new TableWrite(spec.name(), path, version, committedRows(log, version, "numOutputRows"));
  }

  /**
   * Rows written by one commit, the sum of its {@code metrics} in its commit info in the Delta log:
   * read from the one commit file, without the Spark query that {@code DeltaTable.history} runs.
   */
  private static long committedRows(DeltaLog log, long version, String... metrics) {
    var changes = log.getChanges(version, Option.empty(), false);
    if (changes.hasNext()) {
      for (Action action : CollectionConverters.asJava(changes.next()._2())) {
        if (action instanceof CommitInfo info && info.operationMetrics().isDefined()) {
          long rows = 0;
          for (String metric : metrics) {
            rows += Long.parseLong(info.operationMetrics().get().getOrElse(metric, () -> "0"));
          }
          return rows;
        }
      }
    }
    throw new IllegalStateException(
        "Commit "
            + version
            + " of "
            + log.dataPath()
            + " has no commit info with operation metrics");
  }

  /** Selects exactly the spec's columns, in order and with its types; a missing column is a bug. */
  private static Dataset<Row> conform(TableSpec spec, Dataset<Row> data) {
    List<String> present = Arrays.asList(data.columns());
    List<Column> columns = new ArrayList<>();
    for (StructField field : spec.schema().fields()) {
      if (!present.contains(field.name())) {
        throw new IllegalStateException(
            "Dataset for table "
                + spec.name()
                + " lacks column "
                + field.name()
                + "; it has "
                + present);
      }
      columns.add(data.col(field.name()).cast(field.dataType()).as(field.name(), field.metadata()));
    }
    return data.select(columns.toArray(Column[]::new));
  }
}
