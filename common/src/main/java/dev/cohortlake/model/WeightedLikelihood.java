package dev.cohortlake.model;

import java.util.List;

/** A {@link LogLikelihood} over observations with given weights; subclasses give the formula. */
abstract class WeightedLikelihood implements LogLikelihood {

  private final List<String> names;
  private final double[] weights;

  WeightedLikelihood(List<String> names, double[] weights) {
    this.names = names;
    this.weights = weights;
  }

  @Override
  public List<String> parameterNames() {
    return names;
  }

  @Override
  public int observations() {
    return weights.length;
  }

  @Override
  public double weight(int i) {
    return weights[i];
  }
}
