package dev.cohortlake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.junit.jupiter.api.Test;

/**
 * The hand-differentiated sums the optimiser uses must equal the models' generic per-customer
 * formula, differentiated by Hipparchus, in value, gradient and Hessian: on the CDNOW customers, at
 * the published optimum and at points far from it.
 */
class SummableLikelihoodTest {

  private static final double RELATIVE = 1e-10;

  @Test
  void bgNbdSumEqualsTheGenericFormulaWithItsDerivatives() {
    RfmPatterns cdnow = CdnowSummary.load().patterns();
    assertSameAsGeneric(BgNbd.likelihood(cdnow), 0.243, 4.414, 0.793, 2.426);
    assertSameAsGeneric(BgNbd.likelihood(cdnow), 2.5, 0.3, 7.0, 0.05);
  }

  @Test
  void modifiedBgNbdSumEqualsTheGenericFormulaWithItsDerivatives() {
    RfmPatterns cdnow = CdnowSummary.load().patterns();
    assertSameAsGeneric(ModifiedBgNbd.likelihood(cdnow), 0.525, 6.183, 0.891, 1.614);
    assertSameAsGeneric(ModifiedBgNbd.likelihood(cdnow), 0.04, 40.0, 0.2, 9.0);
  }

  @Test
  void paretoNbdSumEqualsTheGenericFormulaWithItsDerivatives() {
    RfmPatterns cdnow = CdnowSummary.load().patterns();
    assertSameAsGeneric(ParetoNbd.likelihood(cdnow), 0.553, 10.58, 0.606, 11.67);
    assertSameAsGeneric(ParetoNbd.likelihood(cdnow), 0.2, 3.0, 2.5, 40.0);
  }

  @Test
  void gammaGammaSumEqualsTheGenericFormulaWithItsDerivatives() {
    CdnowSummary cdnow = CdnowSummary.load();
    int[] repeaters = IntStream.range(0, cdnow.x.length).filter(i -> cdnow.x[i] > 0).toArray();
    double[] x = Arrays.stream(repeaters).mapToDouble(i -> cdnow.x[i]).toArray();
    double[] m = Arrays.stream(repeaters).mapToDouble(i -> cdnow.zbar[i]).toArray();
    double[] weights = Arrays.stream(repeaters).mapToDouble(i -> 1 + i % 3).toArray();
    assertSameAsGeneric(GammaGamma.likelihood(x, m, weights), 6.25, 3.74, 15.44);
    assertSameAsGeneric(GammaGamma.likelihood(x, m, weights), 0.5, 30.0, 0.7);
  }

  private static void assertSameAsGeneric(LogLikelihood likelihood, double... parameters) {
    assertThat(likelihood).isInstanceOf(SummableLikelihood.class);
    SecondOrderSum fast = ((SummableLikelihood) likelihood).sum(parameters);
    SecondOrderSum generic = genericSum(likelihood, parameters);
    int n = parameters.length;
    assertClose("value", fast.value(), generic.value());
    for (int j = 0; j < n; j++) {
      assertClose("gradient " + j, fast.gradient(j), generic.gradient(j));
      for (int k = 0; k < n; k++) {
        assertClose("hessian " + j + "," + k, fast.hessian(j, k), generic.hessian(j, k));
      }
    }
  }

  private static SecondOrderSum genericSum(LogLikelihood likelihood, double[] parameters) {
    DSFactory factory = new DSFactory(parameters.length, 2);
    DerivativeStructure[] variables = new DerivativeStructure[parameters.length];
    for (int j = 0; j < parameters.length; j++) {
      variables[j] = factory.variable(j, parameters[j]);
    }
    SecondOrderSum sum = new SecondOrderSum(parameters.length);
    for (int i = 0; i < likelihood.observations(); i++) {
      sum.add(likelihood.weight(i), likelihood.logLikelihood(variables, i));
    }
    return sum;
  }

  private static void assertClose(String what, double actual, double expected) {
    assertThat(actual)
        .as(what)
        .isCloseTo(expected, within(RELATIVE * Math.max(1, Math.abs(expected))));
  }
}
