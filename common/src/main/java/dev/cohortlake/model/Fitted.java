package dev.cohortlake.model;

/**
 * A model together with the maximum-likelihood fit that produced it.
 *
 * @param model the model at the estimates
 * @param fit estimates, standard errors and diagnostics
 * @param <M> the model type
 */
public record Fitted<M>(M model, MleFit fit) {}
