package dev.cohortlake.model;

import java.util.stream.IntStream;
import org.hipparchus.analysis.differentiation.DerivativeStructure;

/**
 * A sum of log-likelihood terms with its exact gradient and Hessian in the model's own parameters,
 * accumulated in plain doubles.
 *
 * <p>It exists for speed: a model whose likelihood splits into terms that depend only on the
 * purchase count (few distinct values, evaluated once each over {@link DerivativeStructure}) and
 * per-pattern terms simple enough to differentiate by hand sums a million patterns in tens of
 * milliseconds, where term-by-term derivative structures take seconds. Tests check every such sum
 * against the model's one generic formula.
 */
public final class SecondOrderSum {

  private static final int CHUNK = 4_096;

  private double value;
  private final double[] gradient;

  /** The upper triangle (k >= j) of the symmetric Hessian; the rest is never written. */
  private final double[][] hessian;

  SecondOrderSum(int dimension) {
    this.gradient = new double[dimension];
    this.hessian = new double[dimension][dimension];
  }

  /**
   * Sums {@code patterns} terms in fixed chunks on all cores and adds the chunk sums in order, so
   * the result does not depend on thread scheduling.
   *
   * @param chunkSum adds the terms of one range of patterns to a fresh sum
   */
  static SecondOrderSum parallel(int dimension, int patterns, ChunkSum chunkSum) {
    int chunks = (patterns + CHUNK - 1) / CHUNK;
    SecondOrderSum[] partial = new SecondOrderSum[chunks];
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            c -> {
              SecondOrderSum sum = new SecondOrderSum(dimension);
              chunkSum.add(sum, c * CHUNK, Math.min(patterns, (c + 1) * CHUNK));
              partial[c] = sum;
            });
    SecondOrderSum total = new SecondOrderSum(dimension);
    for (SecondOrderSum chunk : partial) {
      total.add(1, chunk);
    }
    return total;
  }

  /** Adds the terms of patterns {@code from} (inclusive) to {@code to} (exclusive). */
  @FunctionalInterface
  interface ChunkSum {
    void add(SecondOrderSum sum, int from, int to);
  }

  /** Adds {@code weight} times a term given as a second-order derivative structure. */
  void add(double weight, DerivativeStructure term) {
    int n = gradient.length;
    int[] orders = new int[n];
    value += weight * term.getValue();
    for (int j = 0; j < n; j++) {
      orders[j]++;
      gradient[j] += weight * term.getPartialDerivative(orders);
      for (int k = j; k < n; k++) {
        orders[k]++;
        hessian[j][k] += weight * term.getPartialDerivative(orders);
        orders[k]--;
      }
      orders[j]--;
    }
  }

  /** Adds {@code weight} times another sum. */
  void add(double weight, SecondOrderSum other) {
    value += weight * other.value;
    for (int j = 0; j < gradient.length; j++) {
      gradient[j] += weight * other.gradient[j];
      for (int k = j; k < gradient.length; k++) {
        hessian[j][k] += weight * other.hessian[j][k];
      }
    }
  }

  /**
   * Adds {@code weight} times ln(e^u + e^v), given the value, gradient and Hessian of u and v: the
   * gradient is the softmax mix of theirs, and the Hessian adds the mix's variance term w_u w_v (∇v
   * − ∇u)(∇v − ∇u)ᵀ. Only the upper triangles (k >= j) of the Hessians are read.
   */
  void addLogAddExp(
      double weight, double u, double[] du, double[][] d2u, double v, double[] dv, double[][] d2v) {
    double high = Math.max(u, v);
    double eu = Math.exp(u - high);
    double ev = Math.exp(v - high);
    double total = eu + ev;
    double wu = eu / total;
    double wv = ev / total;
    value += weight * (high + Math.log(total));
    int n = gradient.length;
    for (int j = 0; j < n; j++) {
      gradient[j] += weight * (wu * du[j] + wv * dv[j]);
      double spreadJ = dv[j] - du[j];
      for (int k = j; k < n; k++) {
        hessian[j][k] +=
            weight * (wu * d2u[j][k] + wv * d2v[j][k] + wu * wv * spreadJ * (dv[k] - du[k]));
      }
    }
  }

  /** Adds {@code weight} times a term given by its value, gradient and Hessian (upper triangle). */
  void add(double weight, double term, double[] dTerm, double[][] d2Term) {
    value += weight * term;
    for (int j = 0; j < gradient.length; j++) {
      gradient[j] += weight * dTerm[j];
      for (int k = j; k < gradient.length; k++) {
        hessian[j][k] += weight * d2Term[j][k];
      }
    }
  }

  public double value() {
    return value;
  }

  public double gradient(int j) {
    return gradient[j];
  }

  public double hessian(int j, int k) {
    return j <= k ? hessian[j][k] : hessian[k][j];
  }

  public int dimension() {
    return gradient.length;
  }
}
