package dev.cohortlake.model;

import java.util.function.DoubleUnaryOperator;
import org.hipparchus.analysis.solvers.BrentSolver;
import org.hipparchus.util.FastMath;

/**
 * The retention scenario of the BG/NBD family: the dropout probability p ~ Beta(a, b) gets a lower
 * mean a / (a + b) while a + b, the precision that measures how alike customers are, stays fixed;
 * this solves for the new a that gives a new customer the target survival.
 */
final class DropoutShift {

  private static final double EDGE = 1e-9;

  private DropoutShift() {}

  /**
   * @param a the fitted first shape
   * @param b the fitted second shape
   * @param survival a new customer's survival as a function of the first shape, with a + b fixed;
   *     decreasing in it
   * @param target the survival wanted
   * @return the first shape that gives it (the second is a + b minus it)
   */
  static double solve(double a, double b, DoubleUnaryOperator survival, double target) {
    if (!(target > 0 && target < 1)) {
      throw new IllegalArgumentException("A target survival must be in (0, 1), got " + target);
    }
    double precision = a + b;
    double low = FastMath.log(precision * EDGE);
    double high = FastMath.log(precision * (1 - EDGE));
    DoubleUnaryOperator gap = logA -> survival.applyAsDouble(FastMath.exp(logA)) - target;
    if (gap.applyAsDouble(low) < 0 || gap.applyAsDouble(high) > 0) {
      throw new IllegalArgumentException(
          String.format(
              "No dropout with a + b = %.6g gives a new customer a survival of %.6g",
              precision, target));
    }
    return FastMath.exp(new BrentSolver(1e-12).solve(200, gap::applyAsDouble, low, high));
  }
}
