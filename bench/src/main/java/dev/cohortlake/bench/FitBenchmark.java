package dev.cohortlake.bench;

import dev.cohortlake.model.BgNbd;
import dev.cohortlake.model.Fitted;
import dev.cohortlake.model.GammaGamma;
import dev.cohortlake.model.ModifiedBgNbd;
import dev.cohortlake.model.ParetoNbd;
import dev.cohortlake.model.RfmPatterns;
import dev.cohortlake.synth.GeneratorSettings;
import dev.cohortlake.synth.PurchaseProcess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hipparchus.random.RandomDataGenerator;
import org.hipparchus.random.Well19937c;

/**
 * Times the model fits of {@code scripts/bench.sh fits}: draws customers from CDNOW's true
 * parameters with {@link PurchaseProcess}, summarises them by calendar day as the clv job does,
 * compresses them to unique (x, t_x, T) patterns and fits each model once, reporting patterns,
 * seconds, iterations and estimates. Plain Java: the fits run on the driver, without Spark.
 *
 * <p>Arguments: the number of customers (default 1,000,000) and the models to fit (default bg_nbd,
 * gamma_gamma, mbg_nbd, pareto_nbd).
 */
public final class FitBenchmark {

  private FitBenchmark() {}

  public static void main(String[] args) {
    int customers = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
    List<String> models =
        args.length > 1
            ? Arrays.asList(args).subList(1, args.length)
            : List.of("bg_nbd", "gamma_gamma", "mbg_nbd", "pareto_nbd");
    GeneratorSettings truth = GeneratorSettings.cdnow(customers, 42);
    long began = System.nanoTime();
    DailySummaries data = DailySummaries.draw(truth);
    System.out.printf(
        "simulated %,d customers in %.1f s: %,d unique patterns, %,d repeat buyers%n",
        customers, seconds(began), data.patterns().size(), data.repeatCounts().length);
    for (String model : models) {
      Fitted<?> fitted =
          switch (model) {
            case "bg_nbd" -> BgNbd.fit(data.patterns());
            case "mbg_nbd" -> ModifiedBgNbd.fit(data.patterns());
            case "pareto_nbd" -> ParetoNbd.fit(data.patterns());
            case "gamma_gamma" ->
                GammaGamma.fit(data.repeatCounts(), data.meanSpend(), data.repeatWeights());
            default -> throw new IllegalArgumentException("Unknown model " + model);
          };
      System.out.printf(
          "fit %-12s %8.3f s  %3d iterations  converged=%s  %s%n",
          model,
          fitted.fit().seconds(),
          fitted.fit().iterations(),
          fitted.fit().converged(),
          fitted.fit().estimatesByName());
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /** Customers summarised by calendar day, in weeks, compressed to weighted unique patterns. */
  private record DailySummaries(
      RfmPatterns patterns, double[] repeatCounts, double[] meanSpend, double[] repeatWeights) {

    static DailySummaries draw(GeneratorSettings truth) {
      PurchaseProcess process = new PurchaseProcess(truth);
      RandomDataGenerator random = RandomDataGenerator.of(new Well19937c(truth.seed()));
      double lastDay = process.observedDays() - 1;
      Map<List<Integer>, Integer> patternCounts = new HashMap<>();
      List<double[]> spend = new ArrayList<>();
      for (long c = 0; c < truth.customers(); c++) {
        double[] days = {-1, -1, 0, 0};
        process.draw(
            random,
            (time, value) -> {
              double day = Math.floor(time);
              if (days[0] < 0) {
                days[0] = day;
              } else {
                days[3] += value;
              }
              if (day != days[1]) {
                days[2]++;
              }
              days[1] = day;
            });
        int x = (int) days[2] - 1;
        patternCounts.merge(
            List.of(x, (int) (days[1] - days[0]), (int) (lastDay - days[0])), 1, Integer::sum);
        if (x > 0) {
          spend.add(new double[] {x, days[3] / x});
        }
      }
      int n = patternCounts.size();
      double[][] columns = new double[4][n];
      int i = 0;
      for (Map.Entry<List<Integer>, Integer> e : patternCounts.entrySet()) {
        columns[0][i] = e.getKey().get(0);
        columns[1][i] = e.getKey().get(1) / 7.0;
        columns[2][i] = e.getKey().get(2) / 7.0;
        columns[3][i++] = e.getValue();
      }
      double[] weights = new double[spend.size()];
      Arrays.fill(weights, 1);
      return new DailySummaries(
          new RfmPatterns(columns[0], columns[1], columns[2], columns[3]),
          spend.stream().mapToDouble(s -> s[0]).toArray(),
          spend.stream().mapToDouble(s -> s[1]).toArray(),
          weights);
    }
  }
}
