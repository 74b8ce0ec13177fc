package dev.cohortlake.config;

import java.util.List;
import java.util.Optional;

/**
 * Where order lines are read from and how the files are laid out.
 *
 * @param format the file or table format
 * @param path a file, folder or glob
 * @param timezone the zone of wall-clock timestamps in the source
 * @param csv CSV layout options
 * @param textHeader whether whitespace-separated text files start with a header line
 * @param columns column names for header-less files, in file order (empty when the file names them)
 * @param incremental whether each run reads only the files it has not ingested before and merges
 *     their orders into {@code orders}, instead of reading the whole source and replacing it
 * @param jdbc the database to read, for {@code format = jdbc}
 */
public record SourceConfig(
    SourceFormat format,
    String path,
    String timezone,
    CsvOptions csv,
    boolean textHeader,
    List<String> columns,
    boolean incremental,
    Optional<JdbcOptions> jdbc) {

  /**
   * Whether runs merge what is new into orders (an incremental folder, or a database with a
   * watermark column), so that per-customer state kept from run to run pays off.
   */
  public boolean mergesNewOrders() {
    return incremental || jdbc.flatMap(JdbcOptions::watermarkColumn).isPresent();
  }

  /** The supported source formats. */
  public enum SourceFormat {
    CSV,
    TEXT,
    PARQUET,
    DELTA,
    JDBC
  }

  /**
   * CSV layout.
   *
   * @param delimiter field separator
   * @param quote quote character
   * @param escape escape character inside quotes
   * @param header whether the first line names the columns
   * @param encoding character set of the file
   */
  public record CsvOptions(
      String delimiter, String quote, String escape, boolean header, String encoding) {}
}
