package dev.cohortlake.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.cohortlake.clv.ClvHorizon;
import dev.cohortlake.clv.ClvScorer;
import dev.cohortlake.clv.ContactCalendar;
import dev.cohortlake.clv.CustomerSummary;
import dev.cohortlake.clv.HoldoutCheck;
import dev.cohortlake.clv.ModelRows;
import dev.cohortlake.clv.ModelRows.ExpectedClv;
import dev.cohortlake.clv.Outlook;
import dev.cohortlake.clv.PatternPredictions;
import dev.cohortlake.clv.PurchaseModels;
import dev.cohortlake.clv.RetentionWhatIf;
import dev.cohortlake.clv.SegmentFits;
import dev.cohortlake.clv.SegmentFits.SegmentFit;
import dev.cohortlake.clv.SegmentPatterns;
import dev.cohortlake.clv.SegmentPatterns.Group;
import dev.cohortlake.cohort.CustomerActivity;
import dev.cohortlake.config.ClvConfig;
import dev.cohortlake.config.ClvConfig.PurchaseModelKind;
import dev.cohortlake.model.Fitted;
import dev.cohortlake.model.GammaGamma;
import dev.cohortlake.model.PurchaseModel;
import dev.cohortlake.model.RfmPatterns;
import dev.cohortlake.run.JobResult;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import dev.cohortlake.table.TableSpec;
import dev.cohortlake.table.TableWrite;
import dev.cohortlake.table.Tables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.hipparchus.exception.MathRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the configured purchase models and the Gamma-Gamma spend model on the customers' RFM summary
 * at calibration end, scores every customer, and writes {@code clv_customer} and {@code clv_model};
 * with a holdout period also {@code clv_validation} and {@code clv_tracking}.
 *
 * <p>Spark computes the summary and compresses it to unique (x, t_x, T) patterns with weights; the
 * fits run on the driver on those patterns (plain Java, {@link dev.cohortlake.model}).
 */
public final class ClvAction extends BaseAction {

  private static final Logger LOG = LoggerFactory.getLogger(ClvAction.class);

  private final CustomerActivity activity;
  private final ClvConfig clv;

  /**
   * @param activity the activity at calibration end (the as-of date unless clv.calibration-end)
   */
  public ClvAction(
      SparkSession spark, RunContext run, Progress progress, CustomerActivity activity) {
    super(spark, run, progress);
    this.activity = activity;
    this.clv = run.config().clv();
  }

  /** The calibration end of a run: clv.calibration-end, or the as-of date. */
  public static LocalDate calibrationEnd(RunContext run) {
    return run.config().clv().calibrationEnd().orElse(run.asOf());
  }

  @Override
  public JobResult execute() {
    String scoringDimension = clv.fitBy().get(0);
    int unitDays = clv.timeUnit().days();
    Dataset<Row> summary =
        CustomerSummary.build(activity, clv.timeUnit(), clv.purchaseGrain())
            .withColumn("fit_segment_value", SegmentPatterns.valueOf(scoringDimension))
            .persist(StorageLevel.MEMORY_AND_DISK());
    List<Dataset<Row>> cached = new ArrayList<>();
    try {
      Map<String, SegmentPatterns> byDimension = new LinkedHashMap<>();
      for (String dimension : dimensions()) {
        byDimension.put(
            dimension,
            progress.stage(
                "clv: compress to patterns by " + dimension,
                () -> SegmentPatterns.collect(summary, dimension, unitDays, activity.asOf()),
                p -> p.groups().size()));
      }
      Group all =
          byDimension.get(ClvConfig.ALL).groups().getOrDefault(ClvConfig.ALL, Group.empty());
      LocalDate calibrationEnd = calibrationEnd(run);
      ModelRows rows = new ModelRows(clv, run.asOf(), calibrationEnd, run.runId());
      List<Row> modelRows = new ArrayList<>();
      List<Row> whatIfRows = new ArrayList<>();
      Optional<Fitted<GammaGamma>> spend =
          run.config().mapping().hasRevenue()
              ? fitSpend(summary, rows, modelRows)
              : Optional.empty();
      Optional<GammaGamma> spendModel = spend.map(Fitted::model);
      Optional<HoldoutCheck> holdout =
          clv.holdoutEnd()
              .map(
                  end ->
                      new HoldoutCheck(
                          spark,
                          warehouse.read(Tables.ORDERS, "ingest"),
                          calibrationEnd,
                          end,
                          clv.timeUnit(),
                          clv.purchaseGrain()));
      ClvHorizon horizon =
          new ClvHorizon(clv.timeUnit().perMonth(), clv.horizonMonths(), clv.monthlyDiscountRate());
      RetentionWhatIf whatIf =
          new RetentionWhatIf(
              run.asOf(),
              horizon,
              clv.whatIfRetentionPoints(),
              clv.contributionMargin(),
              run.runId());
      ClvScorer scorer = new ClvScorer(clv, run.asOf(), run.runId());
      Optional<HoldoutCheck.Actuals> actuals = holdout.map(check -> check.actuals(summary));

      Dataset<Row> scored = null;
      Dataset<Row> calendar = null;
      Dataset<Row> validation = null;
      Dataset<Row> tracking = null;
      for (PurchaseModelKind kind : clv.models()) {
        String model = PurchaseModels.name(kind);
        Optional<Fitted<PurchaseModel>> pooled =
            fitOrSkip(
                model,
                all.rfm(),
                all.rfm().tooThinBecause(),
                () -> PurchaseModels.fit(kind, all.rfm()),
                rows,
                modelRows);
        if (pooled.isEmpty()) {
          continue;
        }
        SegmentFits scoringFits = null;
        for (String dimension : dimensions()) {
          SegmentFits fits =
              progress.stage(
                  "clv: fit " + model + " by " + dimension,
                  () ->
                      SegmentFits.fit(
                          kind,
                          byDimension.get(dimension),
                          pooled.get(),
                          clv.fitByMinCustomers(),
                          unitDays));
          progress.stage(
              "clv: " + model + " by " + dimension + ": expected clv and what-if",
              () ->
                  report(
                      kind, dimension, fits, spend, horizon, rows, modelRows, whatIf, whatIfRows));
          if (dimension.equals(scoringDimension)) {
            scoringFits = fits;
          }
        }
        PurchaseModel purchases = pooled.get().model();
        SegmentFits fits = scoringFits;
        Dataset<Row> predictions =
            progress.stage(
                "clv: predict " + model,
                () -> predictions(fits, scoringDimension, horizon, holdout),
                computed -> all.rfm().size());
        Dataset<Row> customers =
            progress.stage(
                "clv: score " + model + " (value tiers)",
                () ->
                    scorer
                        .score(summary, predictions, model, spendModel)
                        .persist(StorageLevel.MEMORY_AND_DISK()));
        // clv_customer and contact_calendar are both written from the scored customers.
        cached.add(customers);
        scored = scored == null ? customers : scored.unionByName(customers);
        Dataset<Row> contacts =
            ContactCalendar.build(customers, clv, calibrationEnd, run.asOf(), run.runId());
        calendar = calendar == null ? contacts : calendar.unionByName(contacts);
        if (holdout.isPresent()) {
          Dataset<Row> checked = holdout.get().validation(holdout.get().withActual(customers));
          validation = validation == null ? checked : validation.unionByName(checked);
          Dataset<Row> curve =
              holdout.get().tracking(purchases, actuals.get(), run.asOf(), run.runId());
          tracking = tracking == null ? curve : tracking.unionByName(curve);
        }
      }
      if (scored == null) {
        scored = spark.createDataFrame(List.of(), Tables.CLV_CUSTOMER.schema());
        calendar = spark.createDataFrame(List.of(), Tables.CONTACT_CALENDAR.schema());
      }
      List<TableWrite> writes = new ArrayList<>();
      writes.add(write(Tables.CLV_CUSTOMER, scored));
      writes.add(
          write(Tables.CLV_MODEL, spark.createDataFrame(modelRows, Tables.CLV_MODEL.schema())));
      writes.add(
          write(
              Tables.RETENTION_WHATIF,
              spark.createDataFrame(whatIfRows, Tables.RETENTION_WHATIF.schema())));
      writes.add(write(Tables.CONTACT_CALENDAR, calendar));
      if (validation != null) {
        writes.add(
            write(
                Tables.CLV_VALIDATION,
                validation
                    .withColumn("as_of_date", lit(Date.valueOf(run.asOf())))
                    .withColumn("run_id", lit(run.runId()))));
        writes.add(write(Tables.CLV_TRACKING, tracking));
      }
      return JobResult.of("clv", writes);
    } finally {
      summary.unpersist();
      cached.forEach(Dataset::unpersist);
    }
  }

  /** Replaces the run's as-of snapshot of a table. */
  private TableWrite write(TableSpec table, Dataset<Row> data) {
    String predicate = asOfPredicate();
    return progress.stage(
        "clv: write " + table.name(),
        () -> warehouse.replaceWhere(table, data, predicate),
        TableWrite::rows);
  }

  /** The pooled dimension, then the configured fit-by dimensions. */
  private List<String> dimensions() {
    List<String> dimensions = new ArrayList<>(List.of(ClvConfig.ALL));
    clv.fitBy().stream().filter(d -> !dimensions.contains(d)).forEach(dimensions::add);
    return dimensions;
  }

  /** The clv_model and retention_whatif rows of one model's fits by one dimension. */
  private Void report(
      PurchaseModelKind kind,
      String dimension,
      SegmentFits fits,
      Optional<Fitted<GammaGamma>> spend,
      ClvHorizon horizon,
      ModelRows rows,
      List<Row> modelRows,
      RetentionWhatIf whatIf,
      List<Row> whatIfRows) {
    String model = PurchaseModels.name(kind);
    boolean pooled = ClvConfig.ALL.equals(dimension);
    for (SegmentFit fit : fits.fits()) {
      Group group = fit.group();
      Outlook.Cells cells = Outlook.Cells.of(fit.fitted().model(), group, horizon);
      ExpectedClv expected =
          spend.isEmpty()
              ? ExpectedClv.NONE
              : new ExpectedClv(
                  Outlook.sum(cells, spend.map(Fitted::model), group).clv(),
                  Outlook.clvStandardError(kind, fit.fitted(), spend, group, horizon, cells));
      modelRows.add(
          rows.fitted(
              model,
              dimension,
              fit.value(),
              pooled ? "scored" : fit.own() ? "segment_fit" : "pooled_fallback",
              fit.note(),
              fit.fitted().fit(),
              fit.own(),
              group.customers(),
              group.days().length,
              fits.test(),
              expected));
      whatIfRows.add(whatIf.row(model, dimension, fit, cells, spend.map(Fitted::model)));
    }
    return null;
  }

  /** Every pattern's predictions under the fit of its segment of the scoring dimension. */
  private Dataset<Row> predictions(
      SegmentFits fits, String dimension, ClvHorizon horizon, Optional<HoldoutCheck> holdout) {
    List<Row> rows = new ArrayList<>();
    for (SegmentFit fit : fits.fits()) {
      String fitSegment =
          fit.own() && !ClvConfig.ALL.equals(dimension)
              ? dimension + "=" + fit.value()
              : ClvConfig.ALL;
      rows.addAll(
          PatternPredictions.compute(
              fit.fitted().model(),
              fit.value(),
              fitSegment,
              fit.group(),
              horizon,
              holdout.map(HoldoutCheck::holdoutUnits).orElse(0.0),
              clv.atRiskPAlive()));
    }
    return spark.createDataFrame(rows, PatternPredictions.SCHEMA);
  }

  /**
   * Fits a model unless the data is too thin for it. A model is skipped, with the reason in its
   * clv_model row and a warning, when the data cannot identify it or its fit fails numerically: the
   * other tables of the run are still written. A fit that did not converge goes through the {@code
   * model-convergence} gate and, kept out of the scores, gets its row here.
   *
   * @return the fitted model when it may score customers
   */
  private <M> Optional<Fitted<M>> fitOrSkip(
      String model,
      RfmPatterns patterns,
      Optional<String> tooThin,
      Supplier<Fitted<? extends M>> fit,
      ModelRows rows,
      List<Row> modelRows) {
    if (tooThin.isPresent()) {
      return skip(model, patterns, "skipped: " + tooThin.get(), rows, modelRows);
    }
    Fitted<? extends M> fitted;
    try {
      fitted = progress.stage("clv: fit " + model, fit);
    } catch (MathRuntimeException | ArithmeticException | IllegalArgumentException e) {
      LOG.warn("The {} fit failed", model, e);
      return skip(
          model,
          patterns,
          "skipped: the fit failed on this data (" + e.getMessage() + ")",
          rows,
          modelRows);
    }
    if (!gates.converged(model, fitted.fit())) {
      modelRows.add(
          rows.fitted(
              model,
              ClvConfig.ALL,
              ClvConfig.ALL,
              "not_converged",
              "the fit did not converge; kept out of clv_customer",
              fitted.fit(),
              true,
              Math.round(fitted.fit().observations()),
              fitted.fit().patterns(),
              Optional.empty(),
              ExpectedClv.NONE));
      return Optional.empty();
    }
    return Optional.of(new Fitted<>(fitted.model(), fitted.fit()));
  }

  private <M> Optional<Fitted<M>> skip(
      String model, RfmPatterns patterns, String note, ModelRows rows, List<Row> modelRows) {
    LOG.warn("CLV model {} {}", model, note);
    progress.out().printf("  %-34s %s%n", "clv: " + model, note);
    double customers = 0;
    for (double weight : patterns.weight()) {
      customers += weight;
    }
    modelRows.add(rows.skipped(model, note, (long) customers, patterns.size()));
    return Optional.empty();
  }

  /** Gamma-Gamma on the repeat buyers with spend; skipped without them. */
  private Optional<Fitted<GammaGamma>> fitSpend(
      Dataset<Row> summary, ModelRows modelRow, List<Row> modelRows) {
    List<Row> rows =
        summary
            .filter(col("x").gt(0).and(col("monetary_value").gt(0)))
            .groupBy(col("x"), col("monetary_value").cast("double").as("m"))
            .count()
            .orderBy("x", "m")
            .collectAsList();
    double[] x = new double[rows.size()];
    double[] m = new double[rows.size()];
    double[] w = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      x[i] = rows.get(i).getInt(0);
      m[i] = rows.get(i).getDouble(1);
      w[i] = rows.get(i).getLong(2);
    }
    Optional<String> tooThin =
        rows.size() < 2
            ? Optional.of("fewer than two distinct repeat buyers with spend; clv is left empty")
            : Optional.empty();
    RfmPatterns spenders = new RfmPatterns(x, new double[x.length], new double[x.length], w);
    Optional<Fitted<GammaGamma>> fitted =
        fitOrSkip(
            "gamma_gamma", spenders, tooThin, () -> GammaGamma.fit(x, m, w), modelRow, modelRows);
    fitted.ifPresent(
        gg ->
            modelRows.add(
                modelRow.fitted(
                    "gamma_gamma",
                    ClvConfig.ALL,
                    ClvConfig.ALL,
                    "scored",
                    null,
                    gg.fit(),
                    true,
                    Math.round(gg.fit().observations()),
                    gg.fit().patterns(),
                    Optional.empty(),
                    ExpectedClv.NONE)));
    return fitted;
  }
}
