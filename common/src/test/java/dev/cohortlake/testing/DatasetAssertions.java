package dev.cohortlake.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Dataset equality in the spirit of Spark's {@code QueryTest.checkAnswer}: same column names in the
 * same order, rows compared after sorting both sides, decimals compared by value, doubles within a
 * tolerance and -0.0 equal to 0.0. A failure prints expected and actual rows side by side.
 */
public final class DatasetAssertions {

  private DatasetAssertions() {}

  public static void assertSameRows(Dataset<Row> actual, Dataset<Row> expected, double tolerance) {
    assertThat(actual.columns()).as("column names and order").containsExactly(expected.columns());
    List<List<Object>> actualRows = normalised(actual);
    List<List<Object>> expectedRows = normalised(expected);
    if (actualRows.size() != expectedRows.size()
        || !allMatch(actualRows, expectedRows, tolerance)) {
      fail(
          "Datasets differ.%n%-60s | %s%n%s",
          "expected", "actual", sideBySide(expectedRows, actualRows));
    }
  }

  private static boolean allMatch(List<List<Object>> a, List<List<Object>> b, double tolerance) {
    for (int i = 0; i < a.size(); i++) {
      for (int j = 0; j < a.get(i).size(); j++) {
        if (!valuesMatch(a.get(i).get(j), b.get(i).get(j), tolerance)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean valuesMatch(Object a, Object b, double tolerance) {
    if (a instanceof Double x && b instanceof Double y) {
      return Math.abs(x - y) <= tolerance || (x.isNaN() && y.isNaN());
    }
    return a == null ? b == null : a.equals(b);
  }

  private static List<List<Object>> normalised(Dataset<Row> data) {
    List<List<Object>> rows = new ArrayList<>();
    for (Row row : data.collectAsList()) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        values.add(normalise(row.get(i)));
      }
      rows.add(values);
    }
    rows.sort(Comparator.comparing(Object::toString));
    return rows;
  }

  private static Object normalise(Object value) {
    if (value instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    if (value instanceof Float f) {
      return (double) f;
    }
    if (value instanceof Double d && d == 0.0) {
      return 0.0;
    }
    if (value instanceof scala.collection.Map<?, ?> || value instanceof Row) {
      return value.toString();
    }
    return value;
  }

  private static String sideBySide(List<List<Object>> expected, List<List<Object>> actual) {
    int n = Math.max(expected.size(), actual.size());
    return java.util.stream.IntStream.range(0, Math.min(n, 50))
            .mapToObj(
                i ->
                    String.format(
                        "%-60s | %s",
                        i < expected.size() ? expected.get(i) : "",
                        i < actual.size() ? actual.get(i) : ""))
            .collect(Collectors.joining(System.lineSeparator()))
        + (n > 50 ? System.lineSeparator() + "... " + n + " rows" : "");
  }

  /** Helper for readable expectations: the listed columns of a dataset, in order. */
  public static Dataset<Row> columns(Dataset<Row> data, String... names) {
    return data.selectExpr(Arrays.stream(names).toArray(String[]::new));
  }
}
