package dev.cohortlake.model;

import static dev.cohortlake.model.SpecialFunctions.logBeta;
import static dev.cohortlake.model.SpecialFunctions.logGamma;

import java.util.List;
import org.hipparchus.analysis.differentiation.Derivative;

/**
 * The likelihood shared by BG/NBD and MBG/NBD, in parameters (r, α, a, b). Per customer,
 *
 * <pre>
 *   ℓ = ln Γ(r + x) − ln Γ(r) + r ln α + ln B(a, b + x + k) − ln B(a, b)
 *       + ln( (α + T)^−(r+x) + δ a / (b + x − 1 + k) (α + t_x)^−(r+x) )
 * </pre>
 *
 * with k = 0, δ = [x > 0] for BG/NBD (Fader, Hardie & Lee 2005, eq. 6) and k = 1, δ = 1 for
 * MBG/NBD, where a customer may also drop out right after the first purchase (Batislam, Denizel &
 * Filiztekin 2007, eq. 3). The first line depends on x alone, so {@link #sum} evaluates it once per
 * distinct x; the second is differentiated by hand per pattern.
 */
final class BgNbdLikelihood extends CountSplitLikelihood {

  static final List<String> PARAMETERS = List.of("r", "alpha", "a", "b");

  private final RfmPatterns data;
  private final int k;

  private BgNbdLikelihood(RfmPatterns data, int k) {
    super(PARAMETERS, data.x(), data.weight());
    this.data = data;
    this.k = k;
  }

  static BgNbdLikelihood bgNbd(RfmPatterns data) {
    return new BgNbdLikelihood(data, 0);
  }

  static BgNbdLikelihood modifiedBgNbd(RfmPatterns data) {
    return new BgNbdLikelihood(data, 1);
  }

  @Override
  public <T extends Derivative<T>> T logLikelihood(T[] p, int i) {
    double x = data.x()[i];
    T rx = p[0].add(x);
    T alive = rx.multiply(p[1].add(data.t()[i]).log()).negate();
    T pattern = alive;
    if (canDrop(x)) {
      T dropped =
          p[2].log()
              .subtract(p[3].add(x - 1 + k).log())
              .subtract(rx.multiply(p[1].add(data.tx()[i]).log()));
      pattern = LogSpace.logAddExp(alive, dropped);
    }
    return countTerm(p, x).add(pattern);
  }

  @Override
  <T extends Derivative<T>> T countTerm(T[] p, double x) {
    T r = p[0];
    T a = p[2];
    T b = p[3];
    return logGamma(r.add(x))
        .subtract(logGamma(r))
        .add(r.multiply(p[1].log()))
        .add(logBeta(a, b.add(x + k)))
        .subtract(logBeta(a, b));
  }

  private boolean canDrop(double x) {
    return x + k > 0;
  }

  /**
   * Adds ln((α+T)^−(r+x) + δ a/(b+x−1+k) (α+t_x)^−(r+x)) per pattern: u = −(r+x) ln(α+T) and v = ln
   * a − ln(b+x−1+k) − (r+x) ln(α+t_x) are each differentiated by hand.
   */
  @Override
  void addPatterns(SecondOrderSum sum, double[] p, int from, int to) {
    double r = p[0];
    double alpha = p[1];
    double a = p[2];
    double b = p[3];
    double[] du = new double[4];
    double[][] d2u = new double[4][4];
    double[] dv = new double[4];
    double[][] d2v = new double[4][4];
    dv[2] = 1 / a;
    d2v[2][2] = -1 / (a * a);
    for (int i = from; i < to; i++) {
      double x = data.x()[i];
      double rx = r + x;
      double ageScale = alpha + data.t()[i];
      double logAgeScale = Math.log(ageScale);
      double u = -rx * logAgeScale;
      du[0] = -logAgeScale;
      du[1] = -rx / ageScale;
      d2u[0][1] = -1 / ageScale;
      d2u[1][1] = rx / (ageScale * ageScale);
      if (!canDrop(x)) {
        sum.add(data.weight()[i], u, du, d2u);
        continue;
      }
      double recencyScale = alpha + data.tx()[i];
      double dropShape = b + x - 1 + k;
      double logRecencyScale = Math.log(recencyScale);
      double v = Math.log(a) - Math.log(dropShape) - rx * logRecencyScale;
      dv[0] = -logRecencyScale;
      dv[1] = -rx / recencyScale;
      dv[3] = -1 / dropShape;
      d2v[0][1] = -1 / recencyScale;
      d2v[1][1] = rx / (recencyScale * recencyScale);
      d2v[3][3] = 1 / (dropShape * dropShape);
      sum.addLogAddExp(data.weight()[i], u, du, d2u, v, dv, d2v);
    }
  }
}
