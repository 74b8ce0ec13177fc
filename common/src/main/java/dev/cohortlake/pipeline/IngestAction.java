package dev.cohortlake.pipeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;

import dev.cohortlake.clean.CleanedLines;
import dev.cohortlake.clean.CleanedLines.FileCounts;
import dev.cohortlake.clean.CleanedLines.RowCounts;
import dev.cohortlake.clean.OrderLineCleaner;
import dev.cohortlake.clean.OrdersBuilder;
import dev.cohortlake.config.CohortLakeConfig;
import dev.cohortlake.config.JdbcOptions;
import dev.cohortlake.config.SourceConfig;
import dev.cohortlake.ingest.IngestMode;
import dev.cohortlake.ingest.IngestPlan;
import dev.cohortlake.ingest.SourceFile;
import dev.cohortlake.ingest.SourceFiles;
import dev.cohortlake.run.Errors;
import dev.cohortlake.run.JobResult;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import dev.cohortlake.run.RunLog;
import dev.cohortlake.source.CanonicalColumns;
import dev.cohortlake.source.JdbcSource;
import dev.cohortlake.source.OrderLineMapper;
import dev.cohortlake.source.RawSource;
import dev.cohortlake.source.SourceReader;
import dev.cohortlake.table.SqlLiterals;
import dev.cohortlake.table.TableSpec;
import dev.cohortlake.table.TableWrite;
import dev.cohortlake.table.Tables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the configured source, cleans it and writes {@code orders} and {@code rejected_rows}.
 *
 * <p>Every row read ends in exactly one of the two; the action counts the rows as they are read and
 * checks that count against kept + rejected and against what the two commits wrote. The quality
 * gates run in this order: {@code min-rows-read} before anything is written (an empty source
 * replaces nothing), {@code max-rejected-fraction} after the quarantine is written (so it can be
 * inspected) and {@code order-dates} before orders are replaced, so a failed gate leaves orders at
 * its previous version.
 *
 * <p>A source read whole replaces {@code orders}. An incremental source ({@code
 * source.incremental}) reads only the files its {@link IngestPlan} names and merges their orders
 * into {@code orders} on the order key, so a re-delivered order replaces itself instead of being
 * counted twice; their rejected rows replace the same files' earlier ones, and each file is
 * recorded in {@code ingested_files} with its checksum and row counts after orders is committed (a
 * run that fails before that reads the files again, and the merge makes that harmless).
 */
public final class IngestAction extends BaseAction {

  public IngestAction(SparkSession spark, RunContext run, Progress progress) {
    super(spark, run, progress);
  }

  /** How the rows read are written, by what the source delivered. */
  private enum Delivery {
    /** The whole source: orders is replaced, rejected rows replace the as-of date's. */
    WHOLE,
    /** Every file or row again ({@code --full-refresh}): all three tables are rebuilt. */
    REBUILD,
    /** New or reingested files: merged into orders; rejected rows replace those files' rows. */
    NEW_FILES,
    /** Database rows past the watermark: merged into orders; rejected rows are appended. */
    NEW_ROWS
  }

  @Override
  public JobResult execute() {
    Pipelines.requireUtcSession(spark);
    SourceConfig source = run.config().source();
    if (source.jdbc().isPresent()) {
      return ingestDatabase(source.jdbc().get());
    }
    if (!source.incremental()) {
      requireNoIngestOptions();
      return ingest(new SourceReader(spark).read(source), Delivery.WHOLE, Optional.empty());
    }
    SourceFiles files = new SourceFiles(spark.sparkContext().hadoopConfiguration());
    IngestPlan plan =
        progress.stage(
            "ingest: list source files", () -> plan(files, source), p -> p.toRead().size());
    progress
        .out()
        .printf(
            "  %d source files to read (%d ingested before and unchanged)%s%n",
            plan.toRead().size(),
            plan.unchanged(),
            plan.fullRefresh() ? "; full refresh: orders is rebuilt from them" : "");
    if (plan.toRead().isEmpty()) {
      return nothingNew();
    }
    return ingest(
        new SourceReader(spark)
            .readFiles(source, plan.files().stream().map(SourceFile::path).toList()),
        plan.fullRefresh() ? Delivery.REBUILD : Delivery.NEW_FILES,
        Optional.of(plan));
  }

  /**
   * A database source: the whole table each run, or with a watermark column the rows past the last
   * succeeded run's watermark, which this run records in run_log once it succeeds.
   */
  private JobResult ingestDatabase(JdbcOptions jdbc) {
    boolean incremental = jdbc.watermarkColumn().isPresent();
    if (!incremental || !run.ingestMode().reingest().isEmpty()) {
      requireNoIngestOptions();
    }
    boolean fullRefresh = run.ingestMode().fullRefresh();
    Optional<String> after =
        incremental && !fullRefresh
            ? new RunLog(spark, warehouse).lastSourceWatermark(run.config().dataset())
            : Optional.empty();
    JdbcSource.Slice slice =
        progress.stage(
            "ingest: query " + jdbc.description(),
            () -> new JdbcSource(spark, jdbc, run.environment()).read(after));
    slice.watermark().ifPresent(run.ledger()::watermarked);
    if (incremental) {
      progress
          .out()
          .printf(
              "  rows of %s after %s up to %s%n",
              jdbc.watermarkColumn().get(),
              after.orElse("the first"),
              slice.watermark().orElse("(none)"));
    }
    if (slice.rows().isEmpty()) {
      return nothingNew();
    }
    Delivery delivery =
        !incremental ? Delivery.WHOLE : fullRefresh ? Delivery.REBUILD : Delivery.NEW_ROWS;
    return ingest(slice.rows().get(), delivery, Optional.empty());
  }

  private void requireNoIngestOptions() {
    if (!run.ingestMode().equals(IngestMode.NEW_FILES)) {
      throw Errors.ingestOptionsNeedIncremental();
    }
  }

  /** A night with nothing new: no table is written, and the run says so. */
  private JobResult nothingNew() {
    progress.out().println("  nothing new to ingest; orders keeps its version");
    return new JobResult("ingest", List.of(), Optional.of(new RowCounts(0, 0, Map.of())));
  }

  private IngestPlan plan(SourceFiles files, SourceConfig source) {
    Map<String, IngestPlan.Ingested> ingested = new HashMap<>();
    if (warehouse.exists(Tables.INGESTED_FILES) && !run.ingestMode().fullRefresh()) {
      for (Row row :
          warehouse
              .read(Tables.INGESTED_FILES, "ingest")
              .select("path", "size_bytes", "modified_at", "checksum")
              .collectAsList()) {
        SourceFile file =
            new SourceFile(row.getString(0), row.getLong(1), row.getTimestamp(2).toInstant());
        ingested.put(file.path(), new IngestPlan.Ingested(file, row.getString(3)));
      }
    }
    IngestMode mode =
        new IngestMode(
            run.ingestMode().fullRefresh(),
            run.ingestMode().reingest().stream().map(files::qualify).toList());
    return IngestPlan.of(files.list(source.path()), ingested, mode, files::checksum);
  }

  private JobResult ingest(RawSource source, Delivery delivery, Optional<IngestPlan> plan) {
    CohortLakeConfig config = run.config();
    Observation read = new Observation("rows read");
    RawSource raw =
        progress.stage("ingest: open source", () -> source.counted(read).spreadByContent());
    Dataset<Row> mapped = new OrderLineMapper(config).map(raw);
    OrderLineCleaner cleaner = new OrderLineCleaner(config.cleaning(), config.mapping());
    try (CleanedLines lines = cleaner.clean(raw, mapped).persist()) {
      RowCounts counts =
          progress.stage("ingest: read and clean lines", () -> lines.count(read), RowCounts::read);
      run.ledger().counted(counts);
      gates.minRowsRead(counts.read(), raw.description());
      Map<String, FileCounts> byFile =
          plan.isPresent()
              ? progress.stage("ingest: count lines per file", lines::countByFile, Map::size)
              : Map.of();
      TableWrite rejected =
          progress.stage(
              "ingest: write rejected_rows",
              () -> writeRejected(lines.rejected(run.runId(), run.asOf()), delivery, byFile),
              TableWrite::rows);
      gates.rejectedFraction(counts, () -> examples(lines.rejected(run.runId(), run.asOf())));
      if (gates.checksOrderDates()) {
        checkOrderDates(lines.kept());
      }

      Map<String, String> paths =
          plan.map(p -> SourceFiles.pathsOf(byFile.keySet(), p.files())).orElse(Map.of());
      Dataset<Row> orders =
          new OrdersBuilder(config.mapping().segmentNames())
              .build(lines.kept(), run.runId(), paths);
      // New files or rows merge into existing orders; into none (the first run) they are written.
      boolean merged =
          (delivery == Delivery.NEW_FILES || delivery == Delivery.NEW_ROWS)
              && warehouse.exists(Tables.ORDERS);
      List<Date> months = merged ? monthsOf(lines.kept()) : List.of();
      TableWrite written =
          progress.stage(
              "ingest: write orders",
              () -> merged ? mergeOrders(orders, months, plan) : replaceOrders(orders),
              TableWrite::rows);
      long keptLines =
          progress.stage(
              "ingest: count kept lines in orders",
              () -> {
                Dataset<Row> ours =
                    warehouse
                        .readVersion(Tables.ORDERS, written.version())
                        .filter(col("run_id").equalTo(run.runId()));
                // A merge wrote only the months of its orders: the others are not read.
                if (merged) {
                  ours = ours.filter(col("order_month").isin(months.toArray()));
                }
                return ours.agg(coalesce(sum(col("lines")), lit(0)).cast("long"))
                    .first()
                    .getLong(0);
              },
              Long::longValue);
      if (keptLines + rejected.rows() != counts.read()) {
        throw Errors.rowAccountingBroken(counts.read(), keptLines, rejected.rows());
      }
      List<TableWrite> writes = new ArrayList<>(List.of(rejected, written));
      if (plan.isPresent()) {
        writes.add(
            progress.stage(
                "ingest: write ingested_files",
                () -> writeIngestedFiles(plan.get(), byFile, paths),
                TableWrite::rows));
      }
      return new JobResult("ingest", writes, Optional.of(counts));
    }
  }

  private TableWrite writeRejected(
      Dataset<Row> rejected, Delivery delivery, Map<String, FileCounts> byFile) {
    return switch (delivery) {
      case WHOLE ->
          warehouse.replaceWhere(
              Tables.REJECTED_ROWS, rejected, "run_date = DATE'" + run.asOf() + "'");
      case REBUILD -> warehouse.overwrite(Tables.REJECTED_ROWS, rejected);
      // The rows of the files read replace those files' earlier rows (a reingested file, or a
      // file read again after a run that failed before recording it), whatever run_date they had.
      case NEW_FILES ->
          warehouse.replaceWhere(
              Tables.REJECTED_ROWS, rejected, SqlLiterals.in("source", byFile.keySet()));
      case NEW_ROWS -> warehouse.append(Tables.REJECTED_ROWS, rejected);
    };
  }

  private TableWrite replaceOrders(Dataset<Row> orders) {
    return warehouse.overwrite(ordersSpec(), orders);
  }

  /**
   * Merges new orders into orders on the order key, within the months they fall in: the merge's
   * predicate in the Delta history names those partitions, and so does the console. Orders of a
   * reingested file that its new content no longer holds are deleted.
   */
  private TableWrite mergeOrders(
      Dataset<Row> orders, List<Date> months, Optional<IngestPlan> plan) {
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
  private static List<Date> monthsOf(Dataset<Row> keptLines) {
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
  private TableWrite writeIngestedFiles(
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

  private void checkOrderDates(Dataset<Row> kept) {
    Column date = col(CanonicalColumns.ORDER_DATE);
    Column outside = lit(false);
    if (gates.earliestOrderDate().isPresent()) {
      outside = outside.or(date.lt(lit(Date.valueOf(gates.earliestOrderDate().get()))));
    }
    if (gates.latestOrderDate().isPresent()) {
      outside = outside.or(date.gt(lit(Date.valueOf(gates.latestOrderDate().get()))));
    }
    Dataset<Row> early = kept.filter(outside);
    long count = progress.stage("ingest: check order dates", early::count, Long::longValue);
    gates.orderDates(
        count,
        count == 0
            ? ""
            : early.limit(3).collectAsList().stream()
                .map(
                    r ->
                        String.format(
                            "[%s on %s: row %d of %s]",
                            r.getAs(CanonicalColumns.CUSTOMER_ID),
                            r.getAs(CanonicalColumns.ORDER_DATE),
                            r.<Long>getAs(RawSource.ROW_NUMBER),
                            r.getAs(RawSource.SOURCE_FILE)))
                .collect(Collectors.joining(", ")));
  }

  /** Three rejected rows, with reason, row, file and the row itself, for the gate's message. */
  private static String examples(Dataset<Row> rejected) {
    return rejected.limit(3).collectAsList().stream()
        .map(
            r ->
                String.format(
                    "[%s: row %d of %s: %s]",
                    r.getString(5), r.getLong(3), r.getString(2), r.getString(4)))
        .collect(Collectors.joining(", "));
  }
}
