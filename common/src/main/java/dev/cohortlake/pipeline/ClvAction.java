package dev.cohortlake.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.cohortlake.clv.ClvScorer;
import dev.cohortlake.clv.CustomerSummary;
import dev.cohortlake.clv.HoldoutCheck;
import dev.cohortlake.clv.PatternPredictions;
import dev.cohortlake.cohort.CustomerActivity;
import dev.cohortlake.config.ClvConfig;
import dev.cohortlake.config.ClvConfig.PurchaseModelKind;
import dev.cohortlake.model.BgNbd;
import dev.cohortlake.model.Fitted;
import dev.cohortlake.model.GammaGamma;
import dev.cohortlake.model.MleFit;
import dev.cohortlake.model.ModifiedBgNbd;
import dev.cohortlake.model.ParetoNbd;
import dev.cohortlake.model.PurchaseModel;
import dev.cohortlake.model.RfmPatterns;
import dev.cohortlake.run.JobResult;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import dev.cohortlake.table.ScalaMaps;
import dev.cohortlake.table.TableWrite;
import dev.cohortlake.table.Tables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
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
    Dataset<Row> summary =
        CustomerSummary.build(activity, clv.timeUnit(), clv.purchaseGrain())
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Patterns patterns =
          progress.stage(
              "clv: compress to patterns",
              () -> Patterns.collect(summary, clv),
              p -> p.rfm().size());
      List<Row> modelRows = new ArrayList<>();
      Optional<Fitted<GammaGamma>> spend =
          run.config().mapping().hasRevenue() ? fitSpend(summary, modelRows) : Optional.empty();
      Optional<HoldoutCheck> holdout =
          clv.holdoutEnd()
              .map(
                  end ->
                      new HoldoutCheck(
                          spark,
                          warehouse.read(Tables.ORDERS, "ingest"),
                          calibrationEnd(run),
                          end,
                          clv.timeUnit(),
                          clv.purchaseGrain()));
      ClvScorer scorer = new ClvScorer(clv, run.asOf(), run.runId());
      Optional<HoldoutCheck.Actuals> actuals = holdout.map(check -> check.actuals(summary));

      Dataset<Row> scored = null;
      Dataset<Row> validation = null;
      Dataset<Row> tracking = null;
      for (PurchaseModelKind kind : clv.models()) {
        String model = name(kind);
        Optional<Fitted<PurchaseModel>> fitted =
            fitOrSkip(
                model,
                patterns.rfm(),
                patterns.rfm().tooThinBecause(),
                () -> fit(kind, patterns.rfm()),
                modelRows);
        if (fitted.isEmpty()) {
          continue;
        }
        PurchaseModel purchases = fitted.get().model();
        Dataset<Row> predictions =
            progress.stage(
                "clv: predict " + model,
                () ->
                    PatternPredictions.compute(
                        spark,
                        purchases,
                        patterns.rfm(),
                        patterns.days(),
                        clv.timeUnit().perMonth(),
                        clv.horizonMonths(),
                        clv.monthlyDiscountRate(),
                        holdout.map(HoldoutCheck::holdoutUnits).orElse(0.0)),
                computed -> patterns.rfm().size());
        Dataset<Row> customers =
            progress.stage(
                "clv: score " + model + " (value tiers)",
                () -> scorer.score(summary, predictions, model, spend.map(Fitted::model)));
        scored = scored == null ? customers : scored.unionByName(customers);
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
      }
      String predicate = asOfPredicate();
      List<TableWrite> writes = new ArrayList<>();
      Dataset<Row> customersScored = scored;
      writes.add(
          progress.stage(
              "clv: write clv_customer",
              () -> warehouse.replaceWhere(Tables.CLV_CUSTOMER, customersScored, predicate),
              TableWrite::rows));
      writes.add(
          progress.stage(
              "clv: write clv_model",
              () ->
                  warehouse.replaceWhere(
                      Tables.CLV_MODEL,
                      spark.createDataFrame(modelRows, Tables.CLV_MODEL.schema()),
                      predicate),
              TableWrite::rows));
      if (validation != null) {
        Dataset<Row> validated =
            validation
                .withColumn("as_of_date", lit(Date.valueOf(run.asOf())))
                .withColumn("run_id", lit(run.runId()));
        Dataset<Row> tracked = tracking;
        writes.add(
            progress.stage(
                "clv: write clv_validation",
                () -> warehouse.replaceWhere(Tables.CLV_VALIDATION, validated, predicate),
                TableWrite::rows));
        writes.add(
            progress.stage(
                "clv: write clv_tracking",
                () -> warehouse.replaceWhere(Tables.CLV_TRACKING, tracked, predicate),
                TableWrite::rows));
      }
      return JobResult.of("clv", writes);
    } finally {
      summary.unpersist();
    }
  }

  private static Fitted<? extends PurchaseModel> fit(PurchaseModelKind kind, RfmPatterns patterns) {
    return switch (kind) {
      case BG_NBD -> BgNbd.fit(patterns);
      case MBG_NBD -> ModifiedBgNbd.fit(patterns);
      case PARETO_NBD -> ParetoNbd.fit(patterns);
    };
  }

  private static String name(PurchaseModelKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Fits a model unless the data is too thin for it, and adds its clv_model row. A model is
   * skipped, with the reason in the row's note and a warning, when the data cannot identify it or
   * its fit fails numerically: the other tables of the run are still written. A fit that did not
   * converge goes through the {@code model-convergence} gate.
   *
   * @return the fitted model when it may score customers
   */
  private <M> Optional<Fitted<M>> fitOrSkip(
      String model,
      RfmPatterns patterns,
      Optional<String> tooThin,
      Supplier<Fitted<? extends M>> fit,
      List<Row> modelRows) {
    if (tooThin.isPresent()) {
      return skip(model, patterns, "skipped: " + tooThin.get(), modelRows);
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
          modelRows);
    }
    boolean scores = gates.converged(model, fitted.fit());
    modelRows.add(
        modelRow(
            model,
            scores ? "scored" : "not_converged",
            scores ? null : "the fit did not converge; kept out of clv_customer",
            fitted.fit()));
    return scores ? Optional.of(new Fitted<>(fitted.model(), fitted.fit())) : Optional.empty();
  }

  private <M> Optional<Fitted<M>> skip(
      String model, RfmPatterns patterns, String note, List<Row> modelRows) {
    LOG.warn("CLV model {} {}", model, note);
    progress.out().printf("  %-34s %s%n", "clv: " + model, note);
    double customers = 0;
    for (double weight : patterns.weight()) {
      customers += weight;
    }
    modelRows.add(
        RowFactory.create(
            Date.valueOf(run.asOf()),
            model,
            "skipped",
            note,
            ScalaMaps.of(Map.of()),
            ScalaMaps.of(Map.of()),
            null,
            null,
            null,
            (long) customers,
            (long) patterns.size(),
            null,
            false,
            null,
            clv.timeUnit().name().toLowerCase(Locale.ROOT),
            Date.valueOf(calibrationEnd(run)),
            run.runId()));
    return Optional.empty();
  }

  /** Gamma-Gamma on the repeat buyers with spend; skipped without them. */
  private Optional<Fitted<GammaGamma>> fitSpend(Dataset<Row> summary, List<Row> modelRows) {
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
    return fitOrSkip("gamma_gamma", spenders, tooThin, () -> GammaGamma.fit(x, m, w), modelRows);
  }

  private Row modelRow(String model, String status, String note, MleFit fit) {
    return RowFactory.create(
        Date.valueOf(run.asOf()),
        model,
        status,
        note,
        ScalaMaps.of(fit.estimatesByName()),
        ScalaMaps.of(fit.standardErrorsByName()),
        fit.logLikelihood(),
        fit.aic(),
        fit.bic(),
        (long) fit.observations(),
        (long) fit.patterns(),
        fit.iterations(),
        fit.converged(),
        fit.seconds(),
        clv.timeUnit().name().toLowerCase(Locale.ROOT),
        Date.valueOf(calibrationEnd(run)),
        run.runId());
  }

  /**
   * The unique patterns of the summary, in model time units and in days.
   *
   * @param rfm patterns with weights, in model time units
   * @param days {x, tx_days, t_days} per pattern, to join predictions back
   */
  record Patterns(RfmPatterns rfm, int[][] days) {

    static Patterns collect(Dataset<Row> summary, ClvConfig clv) {
      // In a fixed order: the likelihood is summed in pattern order, so the fit is the same to the
      // last digit whatever plan computed the summary.
      List<Row> rows =
          summary
              .groupBy("x", "tx_days", "t_days")
              .count()
              .orderBy("x", "tx_days", "t_days")
              .collectAsList();
      int n = rows.size();
      double[] x = new double[n];
      double[] tx = new double[n];
      double[] t = new double[n];
      double[] weight = new double[n];
      int[][] days = new int[n][];
      double unit = clv.timeUnit().days();
      for (int i = 0; i < n; i++) {
        Row row = rows.get(i);
        days[i] = new int[] {row.getInt(0), row.getInt(1), row.getInt(2)};
        x[i] = row.getInt(0);
        tx[i] = row.getInt(1) / unit;
        t[i] = row.getInt(2) / unit;
        weight[i] = row.getLong(3);
      }
      return new Patterns(new RfmPatterns(x, tx, t, weight), days);
    }
  }
}
