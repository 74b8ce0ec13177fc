package dev.cohortlake.model;

import java.util.function.ToDoubleFunction;

/**
 * Standard errors of a quantity computed from fitted parameters, by the delta method: Var g(θ̂) ≈
 * ∇g(θ̂)ᵀ Σ ∇g(θ̂), with Σ the covariance of the estimates (the inverse observed information) and
 * the gradient taken by central differences (Casella and Berger, Statistical Inference, 2nd ed.,
 * section 5.5.4). Intervals are estimate ± 1.96 standard errors.
 */
public final class DeltaMethod {

  /** The normal quantile of a two-sided 95% interval. */
  public static final double Z95 = 1.959963984540054;

  private static final double RELATIVE_STEP = 1e-5;

  private DeltaMethod() {}

  /**
   * @param quantity g, a function of the parameters
   * @param estimates θ̂
   * @param covariance Σ; NaN entries give a NaN result
   */
  public static double standardError(
      ToDoubleFunction<double[]> quantity, double[] estimates, double[][] covariance) {
    double variance = variance(gradient(quantity, estimates), covariance);
    return variance >= 0 ? Math.sqrt(variance) : Double.NaN;
  }

  /** ∇g(θ̂) by central differences. */
  public static double[] gradient(ToDoubleFunction<double[]> quantity, double[] estimates) {
    int n = estimates.length;
    double[] gradient = new double[n];
    double[] shifted = estimates.clone();
    for (int k = 0; k < n; k++) {
      double h = step(estimates[k]);
      shifted[k] = estimates[k] + h;
      double up = quantity.applyAsDouble(shifted);
      shifted[k] = estimates[k] - h;
      double down = quantity.applyAsDouble(shifted);
      shifted[k] = estimates[k];
      gradient[k] = (up - down) / (2 * h);
    }
    return gradient;
  }

  /** The difference step for a parameter: relative to its size. */
  public static double step(double estimate) {
    return RELATIVE_STEP * Math.max(Math.abs(estimate), 1e-8);
  }

  /** ∇gᵀ Σ ∇g. */
  public static double variance(double[] gradient, double[][] covariance) {
    double variance = 0;
    for (int j = 0; j < gradient.length; j++) {
      for (int k = 0; k < gradient.length; k++) {
        variance += gradient[j] * covariance[j][k] * gradient[k];
      }
    }
    return variance;
  }
}
