package dev.cohortlake.model;

import java.util.Arrays;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.Derivative;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.hipparchus.util.FastMath;

/**
 * Maximum-likelihood estimation of a {@link LogLikelihood} over weighted patterns.
 *
 * <p>Parameters are optimised as logarithms, which keeps them positive. A Polak-Ribière conjugate
 * gradient search (Hipparchus) with the exact gradient finds the basin; Newton steps with the
 * exact Hessian and a backtracking line search then polish the estimate. The fit has converged
 * when the gradient vanishes or the Newton decrement (the improvement a Newton step predicts) is
 * below what the mean log-likelihood can resolve in double precision. Standard errors come from the inverse of the observed
 * information (the Hessian of the negative log-likelihood in the original parameters).
 */
public final class MaximumLikelihood {

  private static final int MAX_NEWTON_STEPS = 100;
  private static final double GRADIENT_TOLERANCE = 1e-9;
  /** Newton decrement g'H⁻¹g / 2 below which no step can improve the mean objective in doubles. */
  private static final double DECREMENT_TOLERANCE = 1e-15;

  private final LogLikelihood model;
  private final int dimension;
  private final double totalWeight;
  private final DSFactory secondOrder;

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
  }

  /**
   * Fits the model from a starting point.
   *
   * @param model the log-likelihood
   * @param start positive starting values, one per parameter
   * @throws IllegalArgumentException if a starting value is not positive or there is no data
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

  private MleFit run(double[] start) {
    long began = System.nanoTime();
    double[] theta = new double[dimension];
    for (int k = 0; k < dimension; k++) {
      theta[k] = FastMath.log(start[k]);
    }
    int iterations = 0;
    try {
      NonLinearConjugateGradientOptimizer optimizer = new NonLinearConjugateGradientOptimizer(
          NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-8, 1e-10));
      PointValuePair best = optimizer.optimize(new MaxEval(20_000), new MaxIter(2_000),
          new ObjectiveFunction(this::objective), new ObjectiveFunctionGradient(this::objectiveGradient),
          GoalType.MINIMIZE, new InitialGuess(theta));
      if (Double.isFinite(best.getValue())) {
        theta = best.getPoint();
      }
      iterations += optimizer.getIterations();
    } catch (MathIllegalStateException e) {
      // The search ran out of evaluations; Newton steps continue from the starting point.
    }
    boolean converged = false;
    for (int step = 0; step < MAX_NEWTON_STEPS && !converged; step++) {
      iterations++;
      DerivativeStructure f = objectiveWithHessian(theta);
      double[] gradient = gradientOf(f);
      if (maxAbs(gradient) < GRADIENT_TOLERANCE) {
        converged = true;
        break;
      }
      double[] direction = newtonDirection(hessianOf(f), gradient);
      double decrement = 0;
      for (int k = 0; k < dimension; k++) {
        decrement -= gradient[k] * direction[k];
      }
      if (decrement / 2 < DECREMENT_TOLERANCE) {
        converged = decrement >= 0;
        break;
      }
      theta = lineSearch(theta, f.getValue(), gradient, direction);
    }
    double[] estimates = new double[dimension];
    for (int k = 0; k < dimension; k++) {
      estimates[k] = FastMath.exp(theta[k]);
    }
    return new MleFit(model.parameterNames(), estimates, standardErrors(estimates),
        logLikelihood(estimates), totalWeight, model.observations(), iterations, converged,
        (System.nanoTime() - began) / 1e9);
  }

  /** −(mean log-likelihood) at log-parameters θ. */
  private double objective(double[] theta) {
    Gradient value = objectiveGradientStructure(theta);
    return value.getValue();
  }

  private double[] objectiveGradient(double[] theta) {
    return objectiveGradientStructure(theta).getGradient();
  }

  private Gradient objectiveGradientStructure(double[] theta) {
    Gradient[] parameters = new Gradient[dimension];
    for (int k = 0; k < dimension; k++) {
      parameters[k] = Gradient.variable(dimension, k, theta[k]).exp();
    }
    return meanNegative(parameters);
  }

  private DerivativeStructure objectiveWithHessian(double[] theta) {
    DerivativeStructure[] parameters = new DerivativeStructure[dimension];
    for (int k = 0; k < dimension; k++) {
      parameters[k] = secondOrder.variable(k, theta[k]).exp();
    }
    return meanNegative(parameters);
  }

  private <T extends Derivative<T>> T meanNegative(T[] parameters) {
    T sum = parameters[0].getField().getZero();
    for (int i = 0; i < model.observations(); i++) {
      sum = sum.add(model.logLikelihood(parameters, i).multiply(model.weight(i)));
    }
    T result = sum.divide(-totalWeight);
    return Double.isNaN(result.getValue()) ? result.withValue(Double.POSITIVE_INFINITY) : result;
  }

  /** The total (weighted) log-likelihood of a model at given parameters. */
  public static double logLikelihood(LogLikelihood model, double... parameters) {
    return new MaximumLikelihood(model).logLikelihood(parameters);
  }

  private double logLikelihood(double[] estimates) {
    DerivativeStructure[] parameters = new DerivativeStructure[dimension];
    DSFactory constants = new DSFactory(dimension, 0);
    for (int k = 0; k < dimension; k++) {
      parameters[k] = constants.constant(estimates[k]);
    }
    return -meanNegative(parameters).getValue() * totalWeight;
  }

  private double[] standardErrors(double[] estimates) {
    DerivativeStructure[] parameters = new DerivativeStructure[dimension];
    for (int k = 0; k < dimension; k++) {
      parameters[k] = secondOrder.variable(k, estimates[k]);
    }
    RealMatrix information = hessianOf(meanNegative(parameters)).scalarMultiply(totalWeight);
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

  private double[] newtonDirection(RealMatrix hessian, double[] gradient) {
    RealVector minusGradient = new ArrayRealVector(gradient).mapMultiply(-1);
    try {
      return new CholeskyDecomposition(hessian).getSolver().solve(minusGradient).toArray();
    } catch (RuntimeException notPositiveDefinite) {
      return minusGradient.toArray();
    }
  }

  private double[] lineSearch(double[] theta, double value, double[] gradient, double[] direction) {
    double slope = 0;
    for (int k = 0; k < dimension; k++) {
      slope += gradient[k] * direction[k];
    }
    double stepLength = 1;
    for (int halving = 0; halving < 60; halving++) {
      double[] candidate = new double[dimension];
      for (int k = 0; k < dimension; k++) {
        candidate[k] = theta[k] + stepLength * direction[k];
      }
      double candidateValue = objective(candidate);
      if (candidateValue <= value + 1e-4 * stepLength * slope) {
        return candidate;
      }
      stepLength /= 2;
    }
    return theta;
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
