package dev.cohortlake.pipeline;

import dev.cohortlake.cohort.CohortCells;
import dev.cohortlake.cohort.CohortMonthlyBuilder;
import dev.cohortlake.cohort.CohortPeriod;
import dev.cohortlake.cohort.CustomerActivity;
import dev.cohortlake.cohort.RetentionCurveBuilder;
import dev.cohortlake.cohort.RetentionMonthlyBuilder;
import dev.cohortlake.cohort.RetentionProjection;
import dev.cohortlake.run.JobResult;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import dev.cohortlake.table.TableWrite;
import dev.cohortlake.table.Tables;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Writes cohort_monthly, retention_curve and retention_monthly for the run's as-of date, for the
 * whole base and each configured segment split.
 */
public final class CohortsAction extends BaseAction {

  private final CustomerActivity activity;

  public CohortsAction(
      SparkSession spark, RunContext run, Progress progress, CustomerActivity activity) {
    super(spark, run, progress);
    this.activity = activity.splitBy(run.config().cohorts().segments());
  }

  @Override
  public JobResult execute() {
    String predicate = asOfPredicate();
    CohortCells cells =
        progress.stage(
            "cohorts: sum cohort cells",
            () -> CohortCells.of(activity, run.config().cohorts().activeWindowMonths()),
            CohortCells::size);
    List<CohortPeriod> periods = CohortMonthlyBuilder.periods(cells);
    TableWrite cohortMonthly =
        progress.stage(
            "cohorts: write cohort_monthly",
            () ->
                warehouse.replaceWhere(
                    Tables.COHORT_MONTHLY,
                    CohortMonthlyBuilder.table(spark, periods, run.asOf(), run.runId()),
                    predicate),
            TableWrite::rows);
    List<RetentionProjection.Point> fitted =
        progress.stage(
            "cohorts: fit retention (sBG)",
            () ->
                RetentionProjection.fit(periods, run.config().cohorts().projectionHorizonMonths()));
    TableWrite curve =
        progress.stage(
            "cohorts: write retention_curve",
            () ->
                warehouse.replaceWhere(
                    Tables.RETENTION_CURVE,
                    RetentionCurveBuilder.build(spark, periods, fitted, run.asOf(), run.runId()),
                    predicate),
            TableWrite::rows);
    TableWrite monthly =
        progress.stage(
            "cohorts: write retention_monthly",
            () ->
                warehouse.replaceWhere(
                    Tables.RETENTION_MONTHLY,
                    RetentionMonthlyBuilder.build(spark, cells, run.runId()),
                    predicate),
            TableWrite::rows);
    return JobResult.of("cohorts", List.of(cohortMonthly, curve, monthly));
  }
}
