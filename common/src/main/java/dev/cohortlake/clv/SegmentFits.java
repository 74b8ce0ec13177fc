package dev.cohortlake.clv;

import dev.cohortlake.clv.SegmentPatterns.Group;
import dev.cohortlake.config.ClvConfig;
import dev.cohortlake.config.ClvConfig.PurchaseModelKind;
import dev.cohortlake.model.Fitted;
import dev.cohortlake.model.PurchaseModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.special.Gamma;

/**
 * One purchase model fitted per value of a fit-by dimension. A value with too few customers, too
 * thin a history or a fit that fails or does not converge keeps the pooled fit, and its note says
 * why. With two or more own fits, a likelihood-ratio test asks whether the segments differ: 2 (Σ ln
 * L of the own fits − ln L of one fit over the same customers) against χ² with k (G − 1) degrees of
 * freedom, k parameters and G own fits (Wilks 1938).
 */
public final class SegmentFits {

  /**
   * @param value the segment value
   * @param group its customers' cells
   * @param fitted the fit that scores it: its own, or the pooled one
   * @param own whether the fit is the segment's own
   * @param note why the pooled fit is used, or null
   */
  public record SegmentFit(
      String value, Group group, Fitted<PurchaseModel> fitted, boolean own, String note) {}

  /**
   * @param statistic 2 (Σ ln L of the segments' fits − ln L of one fit for them all)
   * @param degreesOfFreedom k (G − 1)
   * @param pValue P(χ² ≥ statistic)
   */
  public record LikelihoodRatio(double statistic, int degreesOfFreedom, double pValue) {}

  private final List<SegmentFit> fits;
  private final Optional<LikelihoodRatio> test;

  private SegmentFits(List<SegmentFit> fits, Optional<LikelihoodRatio> test) {
    this.fits = List.copyOf(fits);
    this.test = test;
  }

  /**
   * @param pooled the fit over all customers
   * @param minCustomers customers a value needs for its own fit
   */
  public static SegmentFits fit(
      PurchaseModelKind kind,
      SegmentPatterns patterns,
      Fitted<PurchaseModel> pooled,
      int minCustomers,
      int unitDays) {
    List<SegmentFit> fits = new ArrayList<>();
    if (ClvConfig.ALL.equals(patterns.dimension())) {
      Group all = patterns.groups().get(ClvConfig.ALL);
      return new SegmentFits(
          List.of(new SegmentFit(ClvConfig.ALL, all, pooled, true, null)), Optional.empty());
    }
    List<Group> own = new ArrayList<>();
    double ownLogLikelihood = 0;
    for (var entry : patterns.groups().entrySet()) {
      Group group = entry.getValue();
      String why = null;
      Fitted<PurchaseModel> fitted = null;
      if (group.customers() < minCustomers) {
        why =
            String.format(
                "%,d customers, fewer than clv.fit-by-min-customers = %,d",
                group.customers(), minCustomers);
      } else if (group.rfm().tooThinBecause().isPresent()) {
        why = group.rfm().tooThinBecause().get();
      } else {
        try {
          fitted = PurchaseModels.fit(kind, group.rfm());
          if (!fitted.fit().converged()) {
            why = "the segment's fit did not converge";
          }
        } catch (MathRuntimeException | ArithmeticException | IllegalArgumentException e) {
          why = "the segment's fit failed (" + e.getMessage() + ")";
        }
      }
      if (why == null) {
        fits.add(new SegmentFit(entry.getKey(), group, fitted, true, null));
        own.add(group);
        ownLogLikelihood += fitted.fit().logLikelihood();
      } else {
        fits.add(
            new SegmentFit(
                entry.getKey(), group, pooled, false, "scored with the pooled fit: " + why));
      }
    }
    Optional<LikelihoodRatio> test = Optional.empty();
    if (own.size() >= 2) {
      Optional<Double> restricted =
          own.size() == patterns.groups().size()
              ? Optional.of(pooled.fit().logLikelihood())
              : pooledLogLikelihood(kind, Group.merge(own, unitDays));
      double ownTotal = ownLogLikelihood;
      int k = pooled.fit().names().size();
      test =
          restricted.map(
              r -> {
                double statistic = Math.max(0, 2 * (ownTotal - r));
                int df = k * (own.size() - 1);
                return new LikelihoodRatio(
                    statistic, df, Gamma.regularizedGammaQ(df / 2.0, statistic / 2));
              });
    }
    return new SegmentFits(fits, test);
  }

  /** ln L of one converged fit over the customers of the segments with own fits, if it fits. */
  private static Optional<Double> pooledLogLikelihood(PurchaseModelKind kind, Group union) {
    try {
      Fitted<PurchaseModel> fitted = PurchaseModels.fit(kind, union.rfm());
      return fitted.fit().converged()
          ? Optional.of(fitted.fit().logLikelihood())
          : Optional.empty();
    } catch (MathRuntimeException | ArithmeticException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public List<SegmentFit> fits() {
    return fits;
  }

  /** The likelihood-ratio test; empty with fewer than two own fits. */
  public Optional<LikelihoodRatio> test() {
    return test;
  }
}
