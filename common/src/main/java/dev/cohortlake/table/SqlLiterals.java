package dev.cohortlake.table;

import java.util.Collection;
import java.util.stream.Collectors;

/** SQL predicates over string values (file paths, ids) for Delta's replaceWhere and MERGE. */
public final class SqlLiterals {

  private SqlLiterals() {}

  /** {@code column IN ('a', 'b')}, each value quoted as a Spark SQL string literal. */
  public static String in(String column, Collection<String> values) {
    if (values.isEmpty()) {
      return "false";
    }
    return column
        + " IN ("
        + values.stream().map(SqlLiterals::quote).collect(Collectors.joining(", "))
        + ")";
  }

  /** A Spark SQL string literal: backslashes and single quotes escaped. */
  public static String quote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
