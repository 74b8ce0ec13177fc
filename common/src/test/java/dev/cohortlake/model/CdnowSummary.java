package dev.cohortlake.model;

import dev.cohortlake.testing.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CDNOW sample's calibration summary (2,357 customers, weeks) from {@code
 * ../shared/data/cdnow/cdnow_customers_summary_with_transactions.csv}: columns ID, x, t_x, T, zbar.
 */
public final class CdnowSummary {

  public final double[] x;
  public final double[] tx;
  public final double[] t;
  public final double[] zbar;

  private CdnowSummary(double[] x, double[] tx, double[] t, double[] zbar) {
    this.x = x;
    this.tx = tx;
    this.t = t;
    this.zbar = zbar;
  }

  public static CdnowSummary load() {
    try {
      List<String> lines =
          Files.readAllLines(
              SharedData.file("cdnow/cdnow_customers_summary_with_transactions.csv"));
      int n = lines.size() - 1;
      double[][] columns = new double[4][n];
      for (int i = 0; i < n; i++) {
        String[] fields = lines.get(i + 1).split(",");
        for (int c = 0; c < 4; c++) {
          columns[c][i] = Double.parseDouble(fields[c + 1]);
        }
      }
      return new CdnowSummary(columns[0], columns[1], columns[2], columns[3]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The customers compressed to unique (x, t_x, T) patterns with weights. */
  public RfmPatterns patterns() {
    Map<List<Double>, Double> counts = new LinkedHashMap<>();
    for (int i = 0; i < x.length; i++) {
      counts.merge(List.of(x[i], tx[i], t[i]), 1.0, Double::sum);
    }
    double[][] columns = new double[4][counts.size()];
    int i = 0;
    for (Map.Entry<List<Double>, Double> e : counts.entrySet()) {
      columns[0][i] = e.getKey().get(0);
      columns[1][i] = e.getKey().get(1);
      columns[2][i] = e.getKey().get(2);
      columns[3][i++] = e.getValue();
    }
    return new RfmPatterns(columns[0], columns[1], columns[2], columns[3]);
  }
}
