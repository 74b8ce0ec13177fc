package dev.cohortlake.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a maximum-likelihood fit: estimates, standard errors, log-likelihood and how the
 * optimiser got there.
 *
 * @param names parameter names
 * @param estimates maximum-likelihood estimates, in the order of {@code names}
 * @param covariance the inverse observed information: the asymptotic covariance of the estimates;
 *     NaN where the information matrix is singular
 * @param logLikelihood total (weighted) log-likelihood at the estimates
 * @param observations total weight: the number of customers
 * @param patterns the number of unique patterns fitted
 * @param iterations optimiser iterations (conjugate gradient plus Newton)
 * @param converged whether the gradient vanished at the estimates
 * @param seconds wall time of the fit
 */
public record MleFit(
    List<String> names,
    double[] estimates,
    double[][] covariance,
    double logLikelihood,
    double observations,
    int patterns,
    int iterations,
    boolean converged,
    double seconds) {

  public MleFit {
    names = List.copyOf(names);
    estimates = estimates.clone();
    covariance = copy(covariance);
  }

  private static double[][] copy(double[][] matrix) {
    double[][] copy = new double[matrix.length][];
    for (int i = 0; i < matrix.length; i++) {
      copy[i] = matrix[i].clone();
    }
    return copy;
  }

  /** Square roots of the diagonal of the covariance; NaN where it is singular or not positive. */
  public double[] standardErrors() {
    double[] errors = new double[names.size()];
    for (int k = 0; k < errors.length; k++) {
      double variance = covariance[k][k];
      errors[k] = variance >= 0 ? Math.sqrt(variance) : Double.NaN;
    }
    return errors;
  }

  /** Akaike information criterion. */
  public double aic() {
    return 2 * names.size() - 2 * logLikelihood;
  }

  /** Bayesian information criterion, with the number of customers as sample size. */
  public double bic() {
    return names.size() * Math.log(observations) - 2 * logLikelihood;
  }

  public double estimate(String name) {
    return estimates[index(name)];
  }

  public double standardError(String name) {
    return standardErrors()[index(name)];
  }

  /** Estimates by name, in order. */
  public Map<String, Double> estimatesByName() {
    return byName(estimates);
  }

  /** Standard errors by name, in order. */
  public Map<String, Double> standardErrorsByName() {
    return byName(standardErrors());
  }

  private Map<String, Double> byName(double[] values) {
    Map<String, Double> map = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      map.put(names.get(i), values[i]);
    }
    return map;
  }

  private int index(String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("No parameter " + name + "; the model has " + names);
    }
    return i;
  }
}
