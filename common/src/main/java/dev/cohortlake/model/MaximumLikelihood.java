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
 * Cholesky decomposition (Hipparchus) succeeds, and a backtracking (Armijo) line search keeps every
 * step downhill (Nocedal & Wright, Numerical Optimization, 2nd ed., section 3.4); a step changes no
 * parameter by more than a factor e, so that the search never leaps into regions where a likelihood
 * is slow or ill-conditioned to evaluate. The fit has converged when the gradient vanishes, or the
 * Newton decrement is below what the mean log-likelihood resolves in double precision (also when
 * rounding makes every step look uphill). Models that implement {@link SummableLikelihood} supply
 * value, gradient and Hessian from their own fast sum; the others are differentiated term by term.
 * The covariance of the estimates is the inverse observed information in the original parameters.
 *
 * <p>Patterns are summed in fixed chunks on all cores and the chunk sums added in order, so a fit
 * is deterministic whatever the thread scheduling.
 */
public final class MaximumLikelihood {

  private static final int MAX_STEPS = 500;
  private static final double GRADIENT_TOLERANCE = 1e-9;
  private static final double DECREMENT_TOLERANCE = 1e-15;

  /**
   * A decrement so small that rounding in a sum over many customers can hide the step's gain: when
   * no step helps and the decrement is below this, the fit is at the optimum to within about 1e-6
   * standard errors.
   */
  private static final double ROUNDOFF_DECREMENT = 1e-12;

  private static final int CHUNK = 2_048;

  /** Largest change of a log-parameter in one step: a parameter moves by at most a factor e. */
  private static final double MAX_STEP = 1.0;

  private final LogLikelihood model;
  private final int dimension;
  private final double totalWeight;
  private final DSFactory secondOrder;
  private final DSFactory values;
  private SummedPoint lastSum;

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
      throw new IllegalArgumentException(
          "Need " + model.parameterNames().size() + " starting values, got " + start.length);
    }
    for (double s : start) {
      if (!(s > 0)) {
        throw new IllegalArgumentException(
            "Starting values must be positive: " + Arrays.toString(start));
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
      throw new IllegalArgumentException(
          "The log-likelihood is not finite at the starting values " + Arrays.toString(start));
    }
    boolean converged = false;
    int steps = 0;
    while (steps < MAX_STEPS && !converged) {
      steps++;
      Evaluation f = evaluate(theta);
      double[] gradient = f.gradient();
      double[] direction = newtonDirection(f.hessian(), gradient);
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
      } else if (!lineSearch(
          theta, f.value(), -decrement * Math.min(1, MAX_STEP / longest), direction)) {
        converged = decrement / 2 < ROUNDOFF_DECREMENT;
        break;
      }
    }
    double[] estimates = exp(theta);
    return new MleFit(
        model.parameterNames(),
        estimates,
        covariance(estimates),
        logLikelihood(estimates),
        totalWeight,
        model.observations(),
        steps,
        converged,
        (System.nanoTime() - began) / 1e9);
  }

  /**
   * The mean negative log-likelihood at log-parameters θ, with gradient and Hessian in θ: from the
   * model's own sum when it has one (chain rule for p = e^θ), else from one second-order
   * derivative-structure pass over the observations.
   */
  private Evaluation evaluate(double[] theta) {
    if (model instanceof SummableLikelihood summable) {
      double[] p = exp(theta);
      SecondOrderSum sum = sumAt(summable, p);
      double[] gradient = new double[dimension];
      double[][] hessian = new double[dimension][dimension];
      for (int j = 0; j < dimension; j++) {
        gradient[j] = -p[j] * sum.gradient(j) / totalWeight;
        for (int k = 0; k < dimension; k++) {
          hessian[j][k] = -p[j] * p[k] * sum.hessian(j, k) / totalWeight;
        }
        hessian[j][j] += gradient[j];
      }
      return new Evaluation(
          finiteOrInfinite(-sum.value() / totalWeight),
          gradient,
          new Array2DRowRealMatrix(hessian, false));
    }
    DerivativeStructure f = meanNegative(i -> secondOrder.variable(i, theta[i]).exp());
    return new Evaluation(f.getValue(), gradientOf(f), hessianOf(f));
  }

  /** A point of the objective: value, gradient and Hessian in log-parameters. */
  private record Evaluation(double value, double[] gradient, RealMatrix hessian) {}

  /**
   * The model's own sum at {@code p}, reusing the last one when p is the same point: the line
   * search's accepted step is the next Newton step's start, and the final estimates are the last
   * point evaluated, whose value and information the fit reports.
   */
  private SecondOrderSum sumAt(SummableLikelihood summable, double[] p) {
    if (lastSum == null || !Arrays.equals(p, lastSum.parameters())) {
      lastSum = new SummedPoint(p.clone(), summable.sum(p));
    }
    return lastSum.sum();
  }

  /** A point where the model's own sum was evaluated, in the model's parameters. */
  private record SummedPoint(double[] parameters, SecondOrderSum sum) {}

  /**
   * −(mean log-likelihood) at log-parameters θ; +∞ where the likelihood is not defined. A model's
   * own sum brings its derivatives at no extra cost, so they are kept for the next Newton step.
   */
  private double objective(double[] theta) {
    if (model instanceof SummableLikelihood) {
      return evaluate(theta).value();
    }
    return meanNegative(i -> values.constant(FastMath.exp(theta[i]))).getValue();
  }

  private static double finiteOrInfinite(double value) {
    return Double.isNaN(value) ? Double.POSITIVE_INFINITY : value;
  }

  private static double[] exp(double[] theta) {
    double[] p = new double[theta.length];
    for (int k = 0; k < theta.length; k++) {
      p[k] = FastMath.exp(theta[k]);
    }
    return p;
  }

  private DerivativeStructure meanNegative(IntFunction<DerivativeStructure> parameter) {
    DerivativeStructure[] parameters = new DerivativeStructure[dimension];
    for (int k = 0; k < dimension; k++) {
      parameters[k] = parameter.apply(k);
    }
    int n = model.observations();
    int chunks = (n + CHUNK - 1) / CHUNK;
    DerivativeStructure[] partial = new DerivativeStructure[chunks];
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            c -> {
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
    if (model instanceof SummableLikelihood summable) {
      return sumAt(summable, estimates).value();
    }
    return -meanNegative(i -> values.constant(estimates[i])).getValue() * totalWeight;
  }

  /** The inverse observed information at the estimates; all NaN where it is singular. */
  private double[][] covariance(double[] estimates) {
    LUDecomposition lu = new LUDecomposition(informationAt(estimates));
    if (lu.getSolver().isNonSingular()) {
      RealMatrix inverse = lu.getSolver().getInverse();
      // Symmetric to the last bit, as a covariance is: LU leaves rounding asymmetries.
      return inverse.add(inverse.transpose()).scalarMultiply(0.5).getData();
    }
    double[][] unknown = new double[dimension][dimension];
    for (double[] row : unknown) {
      Arrays.fill(row, Double.NaN);
    }
    return unknown;
  }

  /**
   * The observed information: the Hessian of the total negative log-likelihood in the parameters.
   */
  private RealMatrix informationAt(double[] estimates) {
    if (model instanceof SummableLikelihood summable) {
      SecondOrderSum sum = sumAt(summable, estimates);
      double[][] information = new double[dimension][dimension];
      for (int j = 0; j < dimension; j++) {
        for (int k = 0; k < dimension; k++) {
          information[j][k] = -sum.hessian(j, k);
        }
      }
      return new Array2DRowRealMatrix(information, false);
    }
    return hessianOf(meanNegative(i -> secondOrder.variable(i, estimates[i])))
        .scalarMultiply(totalWeight);
  }

  /**
   * Solves (H + μI) d = −g with the smallest μ in {0, 1e-8 s, 1e-7 s, ...} that is positive
   * definite.
   */
  private double[] newtonDirection(RealMatrix hessian, double[] gradient) {
    ArrayRealVector minusGradient = new ArrayRealVector(gradient);
    minusGradient.mapMultiplyToSelf(-1);
    double scale = Math.max(1e-12, hessian.getNorm1());
    for (double shift = 0; shift < 1e12 * scale; shift = shift == 0 ? 1e-8 * scale : shift * 10) {
      RealMatrix shifted =
          hessian.add(MatrixUtils.createRealIdentityMatrix(dimension).scalarMultiply(shift));
      try {
        return new CholeskyDecomposition(shifted).getSolver().solve(minusGradient).toArray();
      } catch (RuntimeException notPositiveDefinite) {
        // try a larger shift
      }
    }
    return minusGradient.toArray();
  }

  /**
   * Armijo backtracking along {@code direction}; updates θ in place, false if no step gives a
   * strictly lower objective.
   */
  private boolean lineSearch(double[] theta, double value, double slope, double[] direction) {
    double stepLength = 1;
    double[] candidate = new double[dimension];
    for (int halving = 0; halving < 40; halving++) {
      for (int k = 0; k < dimension; k++) {
        candidate[k] = theta[k] + stepLength * direction[k];
      }
      double next = objective(candidate);
      if (next < value && next <= value + 1e-4 * stepLength * slope) {
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
