package dev.cohortlake.cohort;

import java.util.Comparator;
import org.apache.spark.sql.Row;

/**
 * One split of the customer base as the cohort tables key it: the whole base ({@code all}, {@code
 * all}) or the customers with one value of one segment.
 */
public record Split(String segment, String value) implements Comparable<Split> {

  private static final Comparator<Split> ORDER =
      Comparator.comparing(Split::segment).thenComparing(Split::value);

  /** The split in the {@code segment} and {@code segment_value} columns of an aggregated row. */
  static Split of(Row row) {
    return new Split(
        row.getString(row.fieldIndex("segment")), row.getString(row.fieldIndex("segment_value")));
  }

  @Override
  public int compareTo(Split other) {
    return ORDER.compare(this, other);
  }
}
