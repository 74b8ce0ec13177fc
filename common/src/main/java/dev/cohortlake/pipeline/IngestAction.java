package dev.cohortlake.pipeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.cohortlake.clean.CleanedLines;
import dev.cohortlake.clean.CleanedLines.RowCounts;
import dev.cohortlake.clean.OrderLineCleaner;
import dev.cohortlake.clean.OrdersBuilder;
import dev.cohortlake.config.CohortLakeConfig;
import dev.cohortlake.run.Errors;
import dev.cohortlake.run.JobResult;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import dev.cohortlake.source.CanonicalColumns;
import dev.cohortlake.source.OrderLineMapper;
import dev.cohortlake.source.RawSource;
import dev.cohortlake.source.SourceReader;
import dev.cohortlake.table.TableWrite;
import dev.cohortlake.table.Tables;
import java.sql.Date;
import java.util.List;
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
 */
public final class IngestAction extends BaseAction {

  public IngestAction(SparkSession spark, RunContext run, Progress progress) {
    super(spark, run, progress);
  }

  @Override
  public JobResult execute() {
    Pipelines.requireUtcSession(spark);
    CohortLakeConfig config = run.config();
    Observation read = new Observation("rows read");
    RawSource raw =
        progress.stage(
            "ingest: open source",
            () -> new SourceReader(spark).read(config.source()).counted(read).spreadByContent());
    Dataset<Row> mapped = new OrderLineMapper(config).map(raw);
    OrderLineCleaner cleaner = new OrderLineCleaner(config.cleaning(), config.mapping());
    try (CleanedLines lines = cleaner.clean(raw, mapped).persist()) {
      RowCounts counts =
          progress.stage("ingest: read and clean lines", () -> lines.count(read), RowCounts::read);
      run.ledger().counted(counts);
      gates.minRowsRead(counts.read(), raw.description());
      TableWrite rejected =
          progress.stage(
              "ingest: write rejected_rows",
              () ->
                  warehouse.replaceWhere(
                      Tables.REJECTED_ROWS,
                      lines.rejected(run.runId(), run.asOf()),
                      "run_date = DATE'" + run.asOf() + "'"),
              TableWrite::rows);
      gates.rejectedFraction(counts, () -> examples(lines.rejected(run.runId(), run.asOf())));
      if (gates.checksOrderDates()) {
        checkOrderDates(lines.kept());
      }

      Dataset<Row> orders =
          new OrdersBuilder(config.mapping().segmentNames()).build(lines.kept(), run.runId());
      TableWrite written =
          progress.stage(
              "ingest: write orders",
              () ->
                  warehouse.overwrite(
                      Tables.ORDERS.withSegmentColumns(config.mapping().segmentNames()), orders),
              TableWrite::rows);
      long keptLines =
          progress.stage(
              "ingest: count kept lines in orders",
              () ->
                  warehouse
                      .readVersion(Tables.ORDERS, written.version())
                      .agg(coalesce(sum(col("lines")), lit(0)).cast("long"))
                      .first()
                      .getLong(0),
              Long::longValue);
      if (keptLines + rejected.rows() != counts.read()) {
        throw Errors.rowAccountingBroken(counts.read(), keptLines, rejected.rows());
      }
      return new JobResult("ingest", List.of(rejected, written), Optional.of(counts));
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
