package dev.cohortlake.model;

import java.util.List;

/** A {@link LogLikelihood} over {@link RfmPatterns}: names, sizes and weights. */
abstract class PatternLikelihood implements LogLikelihood {

  private final List<String> names;
  private final RfmPatterns data;

  PatternLikelihood(List<String> names, RfmPatterns data) {
    this.names = names;
    this.data = data;
  }

  @Override
  public List<String> parameterNames() {
    return names;
  }

  @Override
  public int observations() {
    return data.size();
  }

  @Override
  public double weight(int i) {
    return data.weight()[i];
  }
}
