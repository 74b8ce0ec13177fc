package dev.cohortlake.config;

import java.util.Optional;

/**
 * A database table or query as the source ({@code source.format = jdbc}). Credentials are read from
 * the environment variables it names, never from the config file.
 *
 * @param url the JDBC URL, e.g. {@code jdbc:postgresql://db:5432/shop}
 * @param table a table or view name; empty when {@code query} is given
 * @param query a SELECT whose rows are the order lines; empty when {@code table} is given
 * @param userEnv the environment variable holding the user name
 * @param passwordEnv the environment variable holding the password (may be unset: no password)
 * @param partitionColumn a numeric, date or timestamp column the read is split on
 * @param partitions how many parallel queries read the rows when {@code partitionColumn} is set
 * @param watermarkColumn an ever-increasing column (an id, an insert time): set, each run reads
 *     only the rows past the highest value the last ingest read
 * @param fetchSize rows fetched per round trip
 */
public record JdbcOptions(
    String url,
    Optional<String> table,
    Optional<String> query,
    String userEnv,
    String passwordEnv,
    Optional<String> partitionColumn,
    int partitions,
    Optional<String> watermarkColumn,
    int fetchSize) {

  /** The rows as a relation for a FROM clause. */
  public String relation() {
    return table.orElseGet(() -> "(" + query.orElseThrow() + ") AS cohortlake_source");
  }

  /** What is read, for messages and the rows' origin: the URL and the table, never credentials. */
  public String description() {
    return url.replaceAll("[?;].*$", "") + " " + table.map(t -> "table " + t).orElse("query");
  }
}
