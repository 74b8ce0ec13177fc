package dev.cohortlake.pipeline;

import dev.cohortlake.clv.PurchaseModels;
import dev.cohortlake.report.ReportData;
import dev.cohortlake.report.ReportPage;
import dev.cohortlake.run.JobResult;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the HTML report of the run's as-of date from the tables already written, and prints where
 * it is. Within {@code all} the data-quality section shows this run's row accounting; on its own,
 * the latest ingest's from run_log.
 */
public final class ReportAction extends BaseAction {

  public ReportAction(SparkSession spark, RunContext run, Progress progress) {
    super(spark, run, progress);
  }

  @Override
  public JobResult execute() {
    Optional<ReportData.Quality> quality =
        run.ledger()
            .rowCounts()
            .map(
                counts ->
                    new ReportData.Quality(
                        run.runId(), run.job(), counts, run.ledger().versions()));
    List<String> models = run.config().clv().models().stream().map(PurchaseModels::name).toList();
    Map<String, String> sections =
        progress.stage(
            "report: read the tables",
            () -> ReportData.collect(spark, warehouse, run.asOf(), models, quality));
    String location =
        progress.stage(
            "report: write the page",
            () ->
                ReportPage.write(
                    spark.sparkContext().hadoopConfiguration(),
                    run.config().report().path(),
                    run.config().dataset(),
                    run.asOf(),
                    ReportPage.render(run.config().dataset(), run.asOf(), sections)));
    progress.out().println("  report: " + location);
    return JobResult.of("report", List.of());
  }
}
