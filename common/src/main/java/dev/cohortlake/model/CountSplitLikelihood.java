package dev.cohortlake.model;

import java.util.List;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.Derivative;
import org.hipparchus.analysis.differentiation.DerivativeStructure;

/**
 * A likelihood that splits into a part depending on the purchase count x alone and a per-pattern
 * part: {@link #sum} evaluates the count part once per distinct x, weighted by how many customers
 * have that count, over {@link DerivativeStructure}, and leaves the per-pattern part, summed on all
 * cores, to the subclass's hand-differentiated {@link #addPatterns}.
 */
abstract class CountSplitLikelihood extends WeightedLikelihood implements SummableLikelihood {

  private final int dimension;
  private final int patterns;
  private final DSFactory secondOrder;
  private final double[] weightByCount;

  /**
   * @param counts the purchase count x of each pattern (whole numbers)
   * @param weights customers per pattern
   */
  CountSplitLikelihood(List<String> names, double[] counts, double[] weights) {
    super(names, weights);
    this.dimension = names.size();
    this.patterns = counts.length;
    this.secondOrder = new DSFactory(dimension, 2);
    int maxCount = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != Math.rint(counts[i]) || counts[i] < 0) {
        throw new IllegalArgumentException(
            "Purchase counts must be whole numbers >= 0; pattern " + i + " has x=" + counts[i]);
      }
      maxCount = Math.max(maxCount, (int) counts[i]);
    }
    this.weightByCount = new double[maxCount + 1];
    for (int i = 0; i < counts.length; i++) {
      weightByCount[(int) counts[i]] += weights[i];
    }
  }

  /** The part of one customer's log-likelihood that depends on the purchase count x alone. */
  abstract <T extends Derivative<T>> T countTerm(T[] parameters, double x);

  /**
   * Adds the per-pattern part of patterns {@code from} to {@code to} (exclusive), with derivatives.
   */
  abstract void addPatterns(SecondOrderSum sum, double[] parameters, int from, int to);

  @Override
  public final SecondOrderSum sum(double[] parameters) {
    SecondOrderSum total =
        SecondOrderSum.parallel(
            dimension, patterns, (sum, from, to) -> addPatterns(sum, parameters, from, to));
    DerivativeStructure[] variables = new DerivativeStructure[dimension];
    for (int j = 0; j < dimension; j++) {
      variables[j] = secondOrder.variable(j, parameters[j]);
    }
    for (int x = 0; x < weightByCount.length; x++) {
      if (weightByCount[x] != 0) {
        total.add(weightByCount[x], countTerm(variables, x));
      }
    }
    return total;
  }
}
