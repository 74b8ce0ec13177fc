package dev.cohortlake.model;

/**
 * A fitted continuous-time "buy 'til you die" model of repeat purchases: the predictions Cohort
 * Lake scores customers with. Time is in the model's unit (e.g. weeks).
 */
public interface PurchaseModel {

  /** Model name as written to clv_model, e.g. {@code bg_nbd}. */
  String name();

  /** E[X(t)]: expected repeat purchases of a new customer in (0, t]. */
  double expectedPurchases(double t);

  /** P(X(t) = n): probability of exactly n repeat purchases in (0, t] for a new customer. */
  double probabilityOfPurchases(double t, int n);

  /** E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] of a customer with that history. */
  double conditionalExpectedPurchases(double t, double x, double tx, double age);

  /**
   * P(alive) and E[Y(t) | x, t_x, T] at several horizons for one customer, as scoring needs them
   * (one horizon per month of the CLV horizon). Models whose expectation factors into P(alive) and
   * a term in t override this to compute P(alive) once.
   */
  default Forecast forecast(double[] horizons, double x, double tx, double age) {
    double[] expected = new double[horizons.length];
    for (int i = 0; i < horizons.length; i++) {
      expected[i] = conditionalExpectedPurchases(horizons[i], x, tx, age);
    }
    return new Forecast(probabilityAlive(x, tx, age), expected);
  }

  /** P(alive at T | x, t_x, T). */
  double probabilityAlive(double x, double tx, double age);

  /** Shape r of the Gamma distribution of purchase rates (the same in every model here). */
  double r();

  /** Scale α of the Gamma distribution of purchase rates, in the model's time unit. */
  double alpha();

  /**
   * P(alive at T + t | alive at T, x, T): the chance that a customer active now is still active t
   * units later, over the posterior of their dropout process (purchases in between included).
   */
  double survivalIfAlive(double t, double x, double age);

  /** P(alive at T + t | x, t_x, T): the expected share of such customers active t units on. */
  default double probabilityAliveAt(double t, double x, double tx, double age) {
    return probabilityAlive(x, tx, age) * survivalIfAlive(t, x, age);
  }

  /**
   * The same customers with their mean dropout multiplied by {@code k}: the mean dropout
   * probability per purchase in the BG/NBD family, the mean dropout rate in the Pareto/NBD model.
   * The purchase process and the heterogeneity of dropout (a + b, or the shape s) are kept; each
   * model says which parameter moves. A retention scenario solves for k.
   *
   * @throws IllegalArgumentException if k is not positive or the model cannot be scaled that far
   */
  PurchaseModel withDropoutScaledBy(double k);

  /**
   * One customer's predictions.
   *
   * @param probabilityAlive P(alive at T | x, t_x, T)
   * @param expectedPurchases E[Y(t) | x, t_x, T] at each horizon asked for, in order
   */
  record Forecast(double probabilityAlive, double[] expectedPurchases) {}
}
