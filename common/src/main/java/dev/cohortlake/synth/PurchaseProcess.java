package dev.cohortlake.synth;

import java.time.temporal.ChronoUnit;
import org.hipparchus.random.RandomDataGenerator;

/**
 * One customer's purchases under the true models of a {@link GeneratorSettings}, in plain Java so
 * that the Spark generator and the model tests draw from the same story.
 *
 * <p>The customer is acquired at a uniform time of the acquisition span with a first purchase, then
 * buys as a Poisson process with rate λ ~ Gamma(r, α) per week and, after each repeat purchase,
 * drops out with probability p ~ Beta(a, b) (Fader, Hardie & Lee 2005, section 3). Each purchase is
 * worth Gamma(p, ν) with the customer's ν ~ Gamma(q, γ) (Fader & Hardie 2013).
 */
public final class PurchaseProcess {

  private static final double DAYS_PER_WEEK = 7.0;

  private final GeneratorSettings settings;
  private final int spanDays;
  private final double observedDays;

  public PurchaseProcess(GeneratorSettings settings) {
    this.settings = settings;
    this.spanDays =
        (int)
            ChronoUnit.DAYS.between(
                settings.start(), settings.start().plusMonths(settings.acquisitionMonths()));
    this.observedDays = ChronoUnit.DAYS.between(settings.start(), settings.end()) + 1;
  }

  /** Receives the purchases of one customer in time order. */
  @FunctionalInterface
  public interface Purchases {
    /**
     * @param day fractional days since the start date (0 is its midnight)
     * @param value the purchase's value
     */
    void purchase(double day, double value);
  }

  /** Draws one new customer and reports each purchase observed by the end date. */
  public void draw(RandomDataGenerator random, Purchases purchases) {
    double rate = random.nextGamma(settings.r(), 1 / settings.alpha());
    double dropout = random.nextBeta(settings.a(), settings.b());
    double scale = random.nextGamma(settings.q(), 1 / settings.gamma());
    double day = random.nextInt(0, spanDays - 1) + random.nextDouble();
    for (int purchase = 1; day < observedDays; purchase++) {
      purchases.purchase(day, random.nextGamma(settings.p(), 1 / scale));
      if (purchase > 1 && random.nextDouble() < dropout) {
        return;
      }
      day += random.nextExponential(1 / rate) * DAYS_PER_WEEK;
    }
  }

  /** Days observed: the start date to the end date, both included. */
  public double observedDays() {
    return observedDays;
  }
}
