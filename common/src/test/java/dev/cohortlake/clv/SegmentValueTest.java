package dev.cohortlake.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cohortlake.clv.SegmentFits.SegmentFit;
import dev.cohortlake.clv.SegmentPatterns.Group;
import dev.cohortlake.config.ClvConfig.PurchaseModelKind;
import dev.cohortlake.model.BgNbd;
import dev.cohortlake.model.CdnowSummary;
import dev.cohortlake.model.Fitted;
import dev.cohortlake.model.GammaGamma;
import dev.cohortlake.model.PurchaseModel;
import dev.cohortlake.model.RetentionScenario;
import dev.cohortlake.model.RfmPatterns;
import dev.cohortlake.model.ShiftedBetaGeometric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the fitted models say about groups of customers, on the CDNOW sample (weeks, 2,357
 * customers, calibration to 1997-09-30): the retention scenario, segment fits with their
 * likelihood-ratio test, and the interval of a segment's expected CLV.
 */
class SegmentValueTest {

  private static final ClvHorizon YEAR = new ClvHorizon(4.345, 12, 0.01);
  private static Group cdnow;
  private static Fitted<PurchaseModel> bgNbd;
  private static Fitted<GammaGamma> spend;

  @BeforeAll
  static void fitCdnow() {
    CdnowSummary summary = CdnowSummary.load();
    cdnow = group(summary, 1);
    bgNbd = PurchaseModels.fit(PurchaseModelKind.BG_NBD, cdnow.rfm());
    List<double[]> spenders = new ArrayList<>();
    for (int i = 0; i < summary.x.length; i++) {
      if (summary.x[i] > 0 && summary.zbar[i] > 0) {
        spenders.add(new double[] {summary.x[i], summary.zbar[i]});
      }
    }
    double[] x = spenders.stream().mapToDouble(s -> s[0]).toArray();
    double[] m = spenders.stream().mapToDouble(s -> s[1]).toArray();
    double[] w = new double[x.length];
    java.util.Arrays.fill(w, 1);
    spend = GammaGamma.fit(x, m, w);
  }

  /** One cell per CDNOW customer, with repeat purchases multiplied by {@code frequency}. */
  private static Group group(CdnowSummary s, int frequency) {
    int n = s.x.length;
    double[] x = new double[n];
    double[] spenders = new double[n];
    double[] spendSum = new double[n];
    int[][] days = new int[n][];
    for (int i = 0; i < n; i++) {
      x[i] = s.x[i] * frequency;
      days[i] = new int[] {(int) x[i], (int) Math.round(s.tx[i] * 7), (int) Math.round(s.t[i] * 7)};
      boolean spender = s.x[i] > 0 && s.zbar[i] > 0;
      spenders[i] = spender ? 1 : 0;
      spendSum[i] = spender ? s.zbar[i] : 0;
    }
    return new Group(
        RfmPatterns.unweighted(x, s.tx.clone(), s.t.clone()),
        days,
        spenders,
        spendSum,
        new SegmentPatterns.Survival(new double[0], new double[0]));
  }

  /**
   * CDNOW's cohorts retain 38.5% of new customers in their first month, as the clv job's sBG fit of
   * the sample's survivor curve finds (α = 0.47, β = 0.295 give that): one, five and ten more
   * points cut churn by k = 0.984, 0.919, 0.837, and the BG/NBD base's CLV rises with every step.
   */
  @Test
  void retentionUpliftIsPositiveAndGrowsWithTheRetentionIncrease() {
    ShiftedBetaGeometric cohorts = new ShiftedBetaGeometric(0.47, 0.295);
    PurchaseModel base = bgNbd.model();
    Outlook before = Outlook.of(base, Optional.of(spend.model()), cdnow, YEAR);
    double month = YEAR.unitsPerMonth();
    double previous = 0;
    for (double points : new double[] {0.01, 0.05, 0.10}) {
      double k = cohorts.dropoutScaleForRetentionPoints(points);
      assertThat(cohorts.withChurnScaledBy(k).retentionRate(1))
          .isCloseTo(cohorts.retentionRate(1) + points, within(1e-12));
      PurchaseModel raised = base.withDropoutScaledBy(k);
      assertThat(RetentionScenario.retention(raised, cdnow.rfm(), month))
          .isGreaterThan(RetentionScenario.retention(base, cdnow.rfm(), month));
      Outlook after = Outlook.of(raised, Optional.of(spend.model()), cdnow, YEAR);
      double uplift = after.clv() / before.clv() - 1;
      assertThat(uplift).as("+%s points", points).isGreaterThan(previous);
      assertThat(after.aliveAtEnd()).isGreaterThan(before.aliveAtEnd());
      assertThat(after.purchases()).isGreaterThan(before.purchases());
      previous = uplift;
    }
    assertThat(before.customers()).isEqualTo(2357);
    assertThat(before.aliveAtEnd()).isLessThanOrEqualTo(before.aliveNow());
  }

  @Test
  void segmentsOfOnePopulationDoNotDifferAndAFasterBuyingSegmentDoes() {
    CdnowSummary summary = CdnowSummary.load();
    Group twiceAsFrequent = group(summary, 2);
    SegmentFits differ =
        SegmentFits.fit(
            PurchaseModelKind.BG_NBD,
            SegmentPatterns.of(
                "buyers", Map.of("as is", cdnow, "twice as frequent", twiceAsFrequent)),
            PurchaseModels.fit(
                PurchaseModelKind.BG_NBD, Group.merge(List.of(cdnow, twiceAsFrequent), 1).rfm()),
            500,
            1);
    assertThat(differ.fits()).allMatch(SegmentFit::own);
    SegmentFits.LikelihoodRatio test = differ.test().orElseThrow();
    double own = differ.fits().stream().mapToDouble(f -> f.fitted().fit().logLikelihood()).sum();
    double pooled =
        PurchaseModels.fit(
                PurchaseModelKind.BG_NBD, Group.merge(List.of(cdnow, twiceAsFrequent), 1).rfm())
            .fit()
            .logLikelihood();
    assertThat(test.statistic()).isCloseTo(2 * (own - pooled), within(1e-6));
    assertThat(test.degreesOfFreedom()).isEqualTo(4);
    assertThat(test.pValue()).isLessThan(1e-6);

    Group even = subset(summary, 0);
    Group odd = subset(summary, 1);
    SegmentFits same =
        SegmentFits.fit(
            PurchaseModelKind.BG_NBD,
            SegmentPatterns.of("half", Map.of("even", even, "odd", odd)),
            bgNbd,
            500,
            1);
    assertThat(same.test().orElseThrow().pValue())
        .as("two random halves of one customer base")
        .isGreaterThan(0.01);
  }

  @Test
  void aSegmentBelowTheMinimumKeepsThePooledFitAndSaysWhy() {
    CdnowSummary summary = CdnowSummary.load();
    SegmentFits fits =
        SegmentFits.fit(
            PurchaseModelKind.BG_NBD,
            SegmentPatterns.of(
                "half", Map.of("even", subset(summary, 0), "odd", subset(summary, 1))),
            bgNbd,
            1_200,
            1);
    assertThat(fits.fits()).extracting(SegmentFit::own).containsExactly(false, false);
    assertThat(fits.fits().get(0).note())
        .isEqualTo(
            "scored with the pooled fit: 1,179 customers, fewer than clv.fit-by-min-customers"
                + " = 1,200");
    assertThat(fits.fits().get(0).fitted()).isSameAs(bgNbd);
    assertThat(fits.test()).isEmpty();
  }

  /**
   * The delta method's standard error of the base's expected CLV against a parametric bootstrap:
   * parameters drawn from the normal approximation of both fits, the total recomputed per draw.
   */
  @Test
  void expectedClvIntervalAgreesWithAParametricBootstrap() {
    double error =
        Outlook.clvStandardError(
            PurchaseModelKind.BG_NBD,
            bgNbd,
            Optional.of(spend),
            cdnow,
            YEAR,
            Outlook.Cells.of(bgNbd.model(), cdnow, YEAR));
    Random random = new Random(7);
    RealMatrix purchaseRoot =
        new CholeskyDecomposition(MatrixUtils.createRealMatrix(bgNbd.fit().covariance())).getL();
    RealMatrix spendRoot =
        new CholeskyDecomposition(MatrixUtils.createRealMatrix(spend.fit().covariance())).getL();
    int draws = 300;
    double sum = 0;
    double sumOfSquares = 0;
    for (int d = 0; d < draws; d++) {
      double[] p = draw(bgNbd.fit().estimates(), purchaseRoot, random);
      double[] g = draw(spend.fit().estimates(), spendRoot, random);
      double total =
          Outlook.of(
                  new BgNbd(p[0], p[1], p[2], p[3]),
                  Optional.of(new GammaGamma(g[0], g[1], g[2])),
                  cdnow,
                  YEAR)
              .clv();
      sum += total;
      sumOfSquares += total * total;
    }
    double bootstrap = Math.sqrt(sumOfSquares / draws - (sum / draws) * (sum / draws));
    assertThat(error).isPositive().isCloseTo(bootstrap, within(0.2 * bootstrap));
  }

  private static double[] draw(double[] mean, RealMatrix root, Random random) {
    double[] z = new double[mean.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = random.nextGaussian();
    }
    double[] shifted = root.operate(z);
    for (int i = 0; i < z.length; i++) {
      shifted[i] += mean[i];
    }
    return shifted;
  }

  private static Group subset(CdnowSummary s, int parity) {
    List<Integer> rows = new ArrayList<>();
    for (int i = parity; i < s.x.length; i += 2) {
      rows.add(i);
    }
    int n = rows.size();
    double[] x = new double[n];
    double[] tx = new double[n];
    double[] t = new double[n];
    int[][] days = new int[n][];
    double[] none = new double[n];
    for (int k = 0; k < n; k++) {
      int i = rows.get(k);
      x[k] = s.x[i];
      tx[k] = s.tx[i];
      t[k] = s.t[i];
      days[k] = new int[] {(int) x[k], (int) Math.round(tx[k] * 7), (int) Math.round(t[k] * 7)};
    }
    return new Group(
        RfmPatterns.unweighted(x, tx, t),
        days,
        none,
        none.clone(),
        new SegmentPatterns.Survival(new double[0], new double[0]));
  }
}
