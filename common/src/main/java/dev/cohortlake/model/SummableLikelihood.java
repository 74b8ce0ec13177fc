package dev.cohortlake.model;

/**
 * A {@link LogLikelihood} that can also sum all its weighted observations at once, with exact
 * gradient and Hessian, much faster than term by term. {@link MaximumLikelihood} uses the sum when
 * a model offers it; the per-observation formula stays the definition the sum is tested against.
 */
public interface SummableLikelihood extends LogLikelihood {

  /** Σ weight(i) ℓ_i at {@code parameters} (all positive), with gradient and Hessian in them. */
  SecondOrderSum sum(double[] parameters);
}
