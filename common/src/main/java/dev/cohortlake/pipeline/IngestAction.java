package dev.cohortlake.pipeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.cohortlake.clean.CleanedLines;
import dev.cohortlake.clean.CleanedLines.FileCounts;
import dev.cohortlake.clean.CleanedLines.RowCounts;
import dev.cohortlake.clean.CustomerLines;
import dev.cohortlake.clean.OrderLineCleaner;
import dev.cohortlake.clean.OrdersBuilder;
import dev.cohortlake.config.CohortLakeConfig;
import dev.cohortlake.config.JdbcOptions;
import dev.cohortlake.config.SourceConfig;
import dev.cohortlake.ingest.IngestMode;
import dev.cohortlake.ingest.IngestPlan;
import dev.cohortlake.ingest.SourceFile;
import dev.cohortlake.ingest.SourceFiles;
import dev.cohortlake.pipeline.IngestWrites.Delivery;
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
import dev.cohortlake.table.TableWrite;
import dev.cohortlake.table.Tables;
import java.sql.Date;
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
 *
 * <p>{@link #executeKeepingOrders} also hands over the orders a source read whole was replaced
 * with, so that the customer pass of the same run walks them without reading order grain back.
 */
public final class IngestAction extends BaseAction {

  /**
   * The result of an ingest and, for a source read whole, the orders it wrote, each customer's
   * orders together and in time order. They are merged again when read, from the cleaned lines,
   * which stay cached until {@link #close}: already spread and sorted by customer, they cost no
   * shuffle and no sort, and merging them again cost less than caching the orders as they were
   * written (bench/RESULTS.md).
   */
  public record Ingested(JobResult result, Optional<Dataset<Row>> orders, Runnable release)
      implements AutoCloseable {
    @Override
    public void close() {
      release.run();
    }
  }

  private boolean keepOrders;

  public IngestAction(SparkSession spark, RunContext run, Progress progress) {
    super(spark, run, progress);
  }

  @Override
  public JobResult execute() {
    return ingestSource().result();
  }

  /** Ingests, keeping the orders of a source read whole for the caller, who closes the result. */
  public Ingested executeKeepingOrders() {
    keepOrders = true;
    return ingestSource();
  }

  private Ingested ingestSource() {
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
  private Ingested ingestDatabase(JdbcOptions jdbc) {
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
  private Ingested nothingNew() {
    progress.out().println("  nothing new to ingest; orders keeps its version");
    return new Ingested(
        new JobResult("ingest", List.of(), Optional.of(new RowCounts(0, 0, Map.of()))),
        Optional.empty(),
        () -> {});
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

  private Ingested ingest(RawSource source, Delivery delivery, Optional<IngestPlan> plan) {
    CohortLakeConfig config = run.config();
    IngestWrites write = new IngestWrites(spark, warehouse, run, progress);
    Observation read = new Observation("rows read");
    RawSource raw = progress.stage("ingest: open source", () -> source.counted(read));
    Dataset<Row> mapped = new OrderLineMapper(config).map(raw, CustomerLines::spread);
    OrderLineCleaner cleaner = new OrderLineCleaner(config.cleaning(), config.mapping());
    CleanedLines lines = cleaner.clean(raw, mapped).persist();
    boolean handedOver = false;
    try {
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
              () ->
                  write.rejected(
                      lines.rejected(run.runId(), run.asOf(), counts), delivery, byFile.keySet()),
              TableWrite::rows);
      gates.rejectedFraction(
          counts, () -> examples(lines.rejected(run.runId(), run.asOf(), counts)));
      if (gates.checksOrderDates()) {
        checkOrderDates(lines.kept());
      }

      Map<String, String> paths =
          plan.map(p -> SourceFiles.pathsOf(byFile.keySet(), p.files())).orElse(Map.of());
      Dataset<Row> orders =
          new OrdersBuilder(config.mapping().segmentNames())
              .build(lines.kept(), run.runId(), paths);
      boolean keep = keepOrders && delivery == Delivery.WHOLE;
      boolean merged = write.mergesOrders(delivery);
      List<Date> months = merged ? IngestWrites.monthsOf(lines.kept()) : List.of();
      TableWrite written =
          progress.stage(
              "ingest: write orders",
              () -> merged ? write.mergeOrders(orders, months, plan) : write.replaceOrders(orders),
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
                () -> write.ingestedFiles(plan.get(), byFile, paths),
                TableWrite::rows));
      }
      handedOver = keep;
      return new Ingested(
          new JobResult("ingest", writes, Optional.of(counts)),
          keep ? Optional.of(orders) : Optional.empty(),
          lines::close);
    } finally {
      if (!handedOver) {
        lines.close();
      }
    }
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
