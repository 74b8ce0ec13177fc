package dev.cohortlake.model;

import static dev.cohortlake.model.SpecialFunctions.logGamma;

import java.util.List;
import org.hipparchus.analysis.differentiation.Derivative;

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
final class GammaGammaLikelihood extends CountSplitLikelihood {

  static final List<String> PARAMETERS = List.of("p", "q", "gamma");

  private final double[] x;
  private final double[] meanSpend;
  private final double[] logMeanSpend;
  private final double[] weight;

  GammaGammaLikelihood(double[] x, double[] meanSpend, double[] weight) {
    super(PARAMETERS, x, weight);
    this.x = x;
    this.meanSpend = meanSpend;
    this.weight = weight;
    this.logMeanSpend = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      logMeanSpend[i] = Math.log(meanSpend[i]);
    }
  }

  @Override
  public <T extends Derivative<T>> T logLikelihood(T[] parameters, int i) {
    T px = parameters[0].multiply(x[i]);
    return countTerm(parameters, x[i])
        .add(px.subtract(1).multiply(logMeanSpend[i]))
        .subtract(px.add(parameters[1]).multiply(parameters[2].add(meanSpend[i] * x[i]).log()));
  }

  @Override
  <T extends Derivative<T>> T countTerm(T[] parameters, double x) {
    T px = parameters[0].multiply(x);
    T q = parameters[1];
    return logGamma(px.add(q))
        .subtract(logGamma(px))
        .subtract(logGamma(q))
        .add(q.multiply(parameters[2].log()))
        .add(px.multiply(Math.log(x)));
  }

  /** Adds (px − 1) ln m − (px + q) ln(γ + m x) per customer. */
  @Override
  void addPatterns(SecondOrderSum sum, double[] parameters, int from, int to) {
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
