package dev.cohortlake.model;

import static dev.cohortlake.model.SpecialFunctions.logGamma;

import java.util.List;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.Derivative;
import org.hipparchus.analysis.differentiation.DerivativeStructure;

/**
 * The Gamma-Gamma likelihood of repeat buyers' mean spend, in parameters (p, q, γ). Per customer
 * with x repeat transactions of mean value m (Fader & Hardie 2013, eq. 4):
 *
 * <pre>
 *   ℓ = ln Γ(px + q) − ln Γ(px) − ln Γ(q) + q ln γ + px ln x
 *       + (px − 1) ln m − (px + q) ln(γ + m x)
 * </pre>
 *
 * The first line depends on x alone and is evaluated once per distinct x by {@link #sum}; the
 * second is differentiated by hand per customer.
 */
final class GammaGammaLikelihood extends WeightedLikelihood implements SummableLikelihood {

  static final List<String> PARAMETERS = List.of("p", "q", "gamma");
  private static final DSFactory SECOND_ORDER = new DSFactory(3, 2);

  private final double[] x;
  private final double[] meanSpend;
  private final double[] logMeanSpend;
  private final double[] weight;
  private final double[] weightByCount;

  GammaGammaLikelihood(double[] x, double[] meanSpend, double[] weight) {
    super(PARAMETERS, weight);
    this.x = x;
    this.meanSpend = meanSpend;
    this.weight = weight;
    this.logMeanSpend = new double[x.length];
    int maxCount = 0;
    for (int i = 0; i < x.length; i++) {
      logMeanSpend[i] = Math.log(meanSpend[i]);
      maxCount = Math.max(maxCount, (int) x[i]);
    }
    this.weightByCount = new double[maxCount + 1];
    for (int i = 0; i < x.length; i++) {
      if (x[i] != Math.rint(x[i])) {
        throw new IllegalArgumentException("Gamma-Gamma needs whole transaction counts; pattern " + i
            + " has x=" + x[i]);
      }
      weightByCount[(int) x[i]] += weight[i];
    }
  }

  @Override
  public <T extends Derivative<T>> T logLikelihood(T[] parameters, int i) {
    T px = parameters[0].multiply(x[i]);
    return countTerm(parameters, x[i])
        .add(px.subtract(1).multiply(logMeanSpend[i]))
        .subtract(px.add(parameters[1]).multiply(parameters[2].add(meanSpend[i] * x[i]).log()));
  }

  private static <T extends Derivative<T>> T countTerm(T[] parameters, double x) {
    T px = parameters[0].multiply(x);
    T q = parameters[1];
    return logGamma(px.add(q)).subtract(logGamma(px)).subtract(logGamma(q))
        .add(q.multiply(parameters[2].log()))
        .add(px.multiply(Math.log(x)));
  }

  @Override
  public SecondOrderSum sum(double[] parameters) {
    SecondOrderSum total = SecondOrderSum.parallel(3, x.length,
        (sum, from, to) -> addCustomers(sum, parameters, from, to));
    DerivativeStructure[] variables = new DerivativeStructure[3];
    for (int j = 0; j < 3; j++) {
      variables[j] = SECOND_ORDER.variable(j, parameters[j]);
    }
    SecondOrderSum.addTerms(total, weightByCount, count -> countTerm(variables, count));
    return total;
  }

  /** Adds (px − 1) ln m − (px + q) ln(γ + m x) per customer. */
  private void addCustomers(SecondOrderSum sum, double[] parameters, int from, int to) {
    double p = parameters[0];
    double q = parameters[1];
    double gamma = parameters[2];
    double[] d = new double[3];
    double[][] d2 = new double[3][3];
    for (int i = from; i < to; i++) {
      double scale = gamma + meanSpend[i] * x[i];
      double logScale = Math.log(scale);
      double shape = p * x[i] + q;
      d[0] = x[i] * (logMeanSpend[i] - logScale);
      d[1] = -logScale;
      d[2] = -shape / scale;
      d2[0][2] = -x[i] / scale;
      d2[1][2] = -1 / scale;
      d2[2][2] = shape / (scale * scale);
      sum.add(weight[i], (p * x[i] - 1) * logMeanSpend[i] - shape * logScale, d, d2);
    }
  }
}
