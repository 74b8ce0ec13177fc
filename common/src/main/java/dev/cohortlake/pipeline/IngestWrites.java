package dev.cohortlake.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.trunc;

import dev.cohortlake.clean.CleanedLines.FileCounts;
import dev.cohortlake.ingest.IngestPlan;
import dev.cohortlake.ingest.SourceFile;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import dev.cohortlake.source.CanonicalColumns;
import dev.cohortlake.table.SqlLiterals;
import dev.cohortlake.table.TableSpec;
import dev.cohortlake.table.TableWrite;
import dev.cohortlake.table.Tables;
import dev.cohortlake.table.Warehouse;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Where an ingest run's rows go, by what the source delivered ({@link Delivery}): the rejected
 * rows, the orders (replaced whole, or merged on the order key within the months the new orders
 * fall in) and, for files, their records in {@code ingested_files}.
 */
final class IngestWrites {

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final RunContext run;
  private final Progress progress;

  IngestWrites(SparkSession spark, Warehouse warehouse, RunContext run, Progress progress) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.run = run;
    this.progress = progress;
  }

  /** How the rows read are written, by what the source delivered. */
  enum Delivery {
    /** The whole source: orders is replaced, rejected rows replace the as-of date's. */
    WHOLE,
    /** Every file or row again ({@code --full-refresh}): all three tables are rebuilt. */
    REBUILD,
    /** New or reingested files: merged into orders; rejected rows replace those files' rows. */
    NEW_FILES,
    /** Database rows past the watermark: merged into orders; rejected rows are appended. */
    NEW_ROWS
  }

  /**
   * Writes the rejected rows.
   *
   * @param files the files read (a {@link Delivery#NEW_FILES} run), whose earlier rows these
   *     replace
   */
  TableWrite rejected(Dataset<Row> rejected, Delivery delivery, Set<String> files) {
    return switch (delivery) {
      case WHOLE ->
          warehouse.replaceWhere(
              Tables.REJECTED_ROWS, rejected, "run_date = DATE'" + run.asOf() + "'");
      case REBUILD -> warehouse.overwrite(Tables.REJECTED_ROWS, rejected);
      // The rows of the files read replace those files' earlier rows (a reingested file, or a
      // file read again after a run that failed before recording it), whatever run_date they had.
      case NEW_FILES ->
          warehouse.replaceWhere(Tables.REJECTED_ROWS, rejected, SqlLiterals.in("source", files));
      case NEW_ROWS -> warehouse.append(Tables.REJECTED_ROWS, rejected);
    };
  }

  /**
   * Whether new orders are merged into orders: new files or rows are, unless orders does not exist
   * yet (the first run writes them).
   */
  boolean mergesOrders(Delivery delivery) {
    return (delivery == Delivery.NEW_FILES || delivery == Delivery.NEW_ROWS)
        && warehouse.exists(Tables.ORDERS);
  }

  TableWrite replaceOrders(Dataset<Row> orders) {
    return warehouse.overwrite(ordersSpec(), orders);
  }

  /**
   * Merges new orders into orders on the order key, within the months they fall in: the merge's
   * predicate in the Delta history names those partitions, and so does the console. Orders of a
   * reingested file that its new content no longer holds are deleted.
   */
  TableWrite mergeOrders(Dataset<Row> orders, List<Date> months, Optional<IngestPlan> plan) {
    List<String> days = months.stream().map(Date::toString).toList();
    progress
        .out()
        .printf(
            "  merging into orders in %d month partition(s): %s%n",
            days.size(),
            days.size() <= 12
                ? String.join(", ", days)
                : days.get(0) + " … " + days.get(days.size() - 1));
    String match =
        "t.order_id = s.order_id AND t.customer_id = s.customer_id AND t.order_month IN ("
            + (days.isEmpty()
                ? "NULL"
                : days.stream().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", ")))
            + ")";
    Optional<String> replaced =
        plan.map(IngestPlan::reingested)
            .filter(files -> !files.isEmpty())
            .map(files -> SqlLiterals.in("t.source_file", files));
    return warehouse.merge(ordersSpec(), orders, match, replaced);
  }

  /**
   * The months of the kept lines' orders, from the cached lines rather than by building the orders
   * a second time. An order's month is that of its earliest line, one of these.
   */
  static List<Date> monthsOf(Dataset<Row> keptLines) {
    return keptLines
        .select(trunc(col(CanonicalColumns.ORDER_DATE), "month"))
        .distinct()
        .collectAsList()
        .stream()
        .map(row -> row.getDate(0))
        .sorted()
        .toList();
  }

  private TableSpec ordersSpec() {
    return Tables.ORDERS.withSegmentColumns(run.config().mapping().segmentNames());
  }

  /**
   * Records the files read, with their row counts.
   *
   * @param byFile the counts by the file name the reader gave the lines
   * @param paths the listed path of each such name
   */
  TableWrite ingestedFiles(
      IngestPlan plan, Map<String, FileCounts> byFile, Map<String, String> paths) {
    Map<String, FileCounts> countsByPath = new HashMap<>();
    byFile.forEach((name, counts) -> countsByPath.put(paths.get(name), counts));
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<SourceFile, String> read : plan.toRead().entrySet()) {
      SourceFile file = read.getKey();
      FileCounts counts = countsByPath.getOrDefault(file.path(), new FileCounts(0, 0));
      rows.add(
          RowFactory.create(
              file.path(),
              file.size(),
              Timestamp.from(file.modifiedAt()),
              read.getValue(),
              run.runId(),
              now,
              counts.read(),
              counts.kept(),
              counts.rejected()));
    }
    Dataset<Row> files = spark.createDataFrame(rows, Tables.INGESTED_FILES.schema());
    return plan.fullRefresh()
        ? warehouse.overwrite(Tables.INGESTED_FILES, files)
        : warehouse.replaceWhere(
            Tables.INGESTED_FILES,
            files,
            SqlLiterals.in("path", plan.files().stream().map(SourceFile::path).toList()));
  }
}
