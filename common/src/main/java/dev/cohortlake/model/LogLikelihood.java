package dev.cohortlake.model;

import java.util.List;
import org.hipparchus.analysis.differentiation.Derivative;

/**
 * A model's log-likelihood over weighted observations (unique patterns and how many customers share
 * each), written once over {@link Derivative} so that {@link MaximumLikelihood} gets the exact
 * gradient and Hessian from the same formula.
 */
public interface LogLikelihood {

  /** Parameter names, in the order of the parameter arrays. */
  List<String> parameterNames();

  /** Number of observations (patterns). */
  int observations();

  /** How many customers share observation {@code i}. */
  double weight(int i);

  /** The log-likelihood of one customer with observation {@code i}; all parameters are positive. */
  <T extends Derivative<T>> T logLikelihood(T[] parameters, int i);
}
