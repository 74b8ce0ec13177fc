package dev.cohortlake.model;

import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.util.FastMath;

/**
 * Maximum-likelihood estimation of a {@link LogLikelihood} over weighted patterns.
 *
 * <p>Parameters are optimised as logarithms, which keeps them positive. Each step is a modified
 * Newton step on the mean negative log-likelihood: the exact gradient and Hessian come from one
 * second-order {@link DerivativeStructure} evaluation, the Hessian is shifted by μI until its
 * Cholesky decomposition (Hipparchus) succeeds, and a backtracking (Armijo) line search keeps
 * every step downhill (Nocedal & Wright, Numerical Optimization, 2nd ed., section 3.4); a step
 * changes no parameter by more than a factor e, so that the search never leaps into regions where
 * a likelihood is slow or ill-conditioned to evaluate. The fit
 * has converged when the gradient vanishes or the Newton decrement is below what the mean
 * log-likelihood resolves in double precision. Standard errors come from the inverse observed
 * information in the original parameters.
 *
 * <p>Patterns are summed in fixed chunks on all cores and the chunk sums added in order, so a fit
 * is deterministic whatever the thread scheduling.
 */
public final class MaximumLikelihood {

  private static final int MAX_STEPS = 500;
  private static final double GRADIENT_TOLERANCE = 1e-9;
  private static final double DECREMENT_TOLERANCE = 1e-15;
  private static final int CHUNK = 2_048;
  /** Largest change of a log-parameter in one step: a parameter moves by at most a factor e. */
  private static final double MAX_STEP = 1.0;

  private final LogLikelihood model;
  private final int dimension;
  private final double totalWeight;
  private final DSFactory secondOrder;
  private final DSFactory values;

  private MaximumLikelihood(LogLikelihood model) {
    this.model = model;
    this.dimension = model.parameterNames().size();
    double weight = 0;
    for (int i = 0; i < model.observations(); i++) {
      weight += model.weight(i);
    }
    if (model.observations() == 0 || weight <= 0) {
      throw new IllegalArgumentException("Nothing to fit: no observations with positive weight");
    }
    this.totalWeight = weight;
    this.secondOrder = new DSFactory(dimension, 2);
    this.values = new DSFactory(dimension, 0);
  }

  /**
   * Fits the model from a starting point.
   *
   * @param model the log-likelihood
   * @param start positive starting values, one per parameter
   * @throws IllegalArgumentException if a starting value is not positive, its likelihood is not
   *     finite, or there is no data
   */
  public static MleFit fit(LogLikelihood model, double... start) {
    if (start.length != model.parameterNames().size()) {
      throw new IllegalArgumentException("Need " + model.parameterNames().size() + " starting values, got "
          + start.length);
    }
    for (double s : start) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("Starting values must be positive: " + Arrays.toString(start));
      }
    }
    return new MaximumLikelihood(model).run(start);
  }

  /** The total (weighted) log-likelihood of a model at given parameters. */
  public static double logLikelihood(LogLikelihood model, double... parameters) {
    return new MaximumLikelihood(model).logLikelihood(parameters);
  }

  private MleFit run(double[] start) {
    long began = System.nanoTime();
    double[] theta = new double[dimension];
    for (int k = 0; k < dimension; k++) {
      theta[k] = FastMath.log(start[k]);
    }
    if (!Double.isFinite(objective(theta))) {
      throw new IllegalArgumentException("The log-likelihood is not finite at the starting values "
          + Arrays.toString(start));
    }
    boolean converged = false;
    int steps = 0;
    while (steps < MAX_STEPS && !converged) {
      steps++;
      DerivativeStructure f = meanNegative(i -> secondOrder.variable(i, theta[i]).exp());
      double[] gradient = gradientOf(f);
      double[] direction = newtonDirection(hessianOf(f), gradient);
      double decrement = 0;
      for (int k = 0; k < dimension; k++) {
        decrement -= gradient[k] * direction[k];
      }
      double longest = maxAbs(direction);
      if (longest > MAX_STEP) {
        for (int k = 0; k < dimension; k++) {
          direction[k] *= MAX_STEP / longest;
        }
      }
      if (maxAbs(gradient) < GRADIENT_TOLERANCE || decrement / 2 < DECREMENT_TOLERANCE) {
        converged = true;
      } else if (!lineSearch(theta, f.getValue(), -decrement * Math.min(1, MAX_STEP / longest), direction)) {
        break;
      }
    }
    double[] estimates = new double[dimension];
    for (int k = 0; k < dimension; k++) {
      estimates[k] = FastMath.exp(theta[k]);
    }
    return new MleFit(model.parameterNames(), estimates, standardErrors(estimates),
        logLikelihood(estimates), totalWeight, model.observations(), steps, converged,
        (System.nanoTime() - began) / 1e9);
  }

  /** −(mean log-likelihood) at log-parameters θ; +∞ where the likelihood is not defined. */
  private double objective(double[] theta) {
    return meanNegative(i -> values.constant(FastMath.exp(theta[i]))).getValue();
  }

  private DerivativeStructure meanNegative(IntFunction<DerivativeStructure> parameter) {
    DerivativeStructure[] parameters = new DerivativeStructure[dimension];
    for (int k = 0; k < dimension; k++) {
      parameters[k] = parameter.apply(k);
    }
    int n = model.observations();
    int chunks = (n + CHUNK - 1) / CHUNK;
    DerivativeStructure[] partial = new DerivativeStructure[chunks];
    IntStream.range(0, chunks).parallel().forEach(c -> {
      DerivativeStructure sum = parameters[0].getField().getZero();
      for (int i = c * CHUNK; i < Math.min(n, (c + 1) * CHUNK); i++) {
        sum = sum.add(model.logLikelihood(parameters, i).multiply(model.weight(i)));
      }
      partial[c] = sum;
    });
    DerivativeStructure total = parameters[0].getField().getZero();
    for (DerivativeStructure chunk : partial) {
      total = total.add(chunk);
    }
    DerivativeStructure result = total.divide(-totalWeight);
    return Double.isNaN(result.getValue()) ? result.withValue(Double.POSITIVE_INFINITY) : result;
  }

  private double logLikelihood(double[] estimates) {
    return -meanNegative(i -> values.constant(estimates[i])).getValue() * totalWeight;
  }

  private double[] standardErrors(double[] estimates) {
    RealMatrix information = hessianOf(meanNegative(i -> secondOrder.variable(i, estimates[i])))
        .scalarMultiply(totalWeight);
    double[] errors = new double[dimension];
    Arrays.fill(errors, Double.NaN);
    LUDecomposition lu = new LUDecomposition(information);
    if (lu.getSolver().isNonSingular()) {
      RealMatrix covariance = lu.getSolver().getInverse();
      for (int k = 0; k < dimension; k++) {
        double variance = covariance.getEntry(k, k);
        errors[k] = variance >= 0 ? FastMath.sqrt(variance) : Double.NaN;
      }
    }
    return errors;
  }

  /** Solves (H + μI) d = −g with the smallest μ in {0, 1e-8 s, 1e-7 s, ...} that is positive definite. */
  private double[] newtonDirection(RealMatrix hessian, double[] gradient) {
    ArrayRealVector minusGradient = new ArrayRealVector(gradient);
    minusGradient.mapMultiplyToSelf(-1);
    double scale = Math.max(1e-12, hessian.getNorm1());
    for (double shift = 0; shift < 1e12 * scale; shift = shift == 0 ? 1e-8 * scale : shift * 10) {
      RealMatrix shifted = hessian.add(MatrixUtils.createRealIdentityMatrix(dimension).scalarMultiply(shift));
      try {
        return new CholeskyDecomposition(shifted).getSolver().solve(minusGradient).toArray();
      } catch (RuntimeException notPositiveDefinite) {
        // try a larger shift
      }
    }
    return minusGradient.toArray();
  }

  /** Armijo backtracking along {@code direction}; updates θ in place, false if no step helps. */
  private boolean lineSearch(double[] theta, double value, double slope, double[] direction) {
    double stepLength = 1;
    double[] candidate = new double[dimension];
    for (int halving = 0; halving < 60; halving++) {
      for (int k = 0; k < dimension; k++) {
        candidate[k] = theta[k] + stepLength * direction[k];
      }
      if (objective(candidate) <= value + 1e-4 * stepLength * slope) {
        System.arraycopy(candidate, 0, theta, 0, dimension);
        return true;
      }
      stepLength /= 2;
    }
    return false;
  }

  private double[] gradientOf(DerivativeStructure f) {
    double[] gradient = new double[dimension];
    int[] orders = new int[dimension];
    for (int k = 0; k < dimension; k++) {
      orders[k] = 1;
      gradient[k] = f.getPartialDerivative(orders);
      orders[k] = 0;
    }
    return gradient;
  }

  private RealMatrix hessianOf(DerivativeStructure f) {
    double[][] hessian = new double[dimension][dimension];
    int[] orders = new int[dimension];
    for (int j = 0; j < dimension; j++) {
      for (int k = 0; k < dimension; k++) {
        orders[j]++;
        orders[k]++;
        hessian[j][k] = f.getPartialDerivative(orders);
        orders[j]--;
        orders[k]--;
      }
    }
    return new Array2DRowRealMatrix(hessian, false);
  }

  private static double maxAbs(double[] values) {
    double max = 0;
    for (double v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }
}
