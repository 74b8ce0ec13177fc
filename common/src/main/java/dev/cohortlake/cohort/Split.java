package dev.cohortlake.cohort;

import java.io.Serializable;
import java.util.Comparator;

/**
 * One split of the customer base as the cohort tables key it: the whole base ({@code all}, {@code
 * all}) or the customers with one value of one segment.
 */
public record Split(String segment, String value) implements Comparable<Split>, Serializable {

  /** The whole customer base. */
  public static final Split WHOLE_BASE = new Split("all", "all");

  private static final Comparator<Split> ORDER =
      Comparator.comparing(Split::segment).thenComparing(Split::value);

  @Override
  public int compareTo(Split other) {
    return ORDER.compare(this, other);
  }
}
