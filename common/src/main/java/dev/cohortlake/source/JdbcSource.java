package dev.cohortlake.source;

import dev.cohortlake.config.JdbcOptions;
import dev.cohortlake.run.Environment;
import dev.cohortlake.run.Errors;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;

/**
 * Reads order lines from a database through Spark's JDBC source: the whole table or query, or, with
 * a watermark column, only the rows past the previous run's watermark and up to the highest value
 * present when the read starts, so that rows inserted during the read wait for the next run instead
 * of being half read. With a partition column the rows are read by parallel range queries.
 */
public final class JdbcSource {

  /**
   * What one read takes.
   *
   * @param rows the rows, or empty when there is no new row past the watermark
   * @param watermark the highest watermark value read up to (the previous one when nothing is new)
   */
  public record Slice(Optional<RawSource> rows, Optional<String> watermark) {}

  private final SparkSession spark;
  private final JdbcOptions options;
  private final Properties credentials;

  /**
   * @param environment where the credentials are read, by the variable names the options give
   */
  public JdbcSource(SparkSession spark, JdbcOptions options, Environment environment) {
    this.spark = spark;
    this.options = options;
    this.credentials = new Properties();
    credentials.setProperty(
        "user",
        environment
            .get(options.userEnv())
            .orElseThrow(
                () ->
                    Errors.credentialMissing(
                        options.userEnv(), "cohortlake.source.jdbc.user-env")));
    environment
        .get(options.passwordEnv())
        .ifPresent(password -> credentials.setProperty("password", password));
  }

  /**
   * Reads the rows past {@code after} (every row when empty, or when there is no watermark column).
   */
  public Slice read(Optional<String> after) {
    String relation = options.relation();
    Optional<String> upTo = Optional.empty();
    if (options.watermarkColumn().isPresent()) {
      String column = options.watermarkColumn().get();
      String[] newest =
          queryRow(
              "SELECT max("
                  + column
                  + "), count(*) FROM "
                  + relation
                  + after.map(a -> " WHERE " + column + " > " + literal(a)).orElse(""));
      if (newest[0] == null) {
        return new Slice(Optional.empty(), after);
      }
      upTo = Optional.of(newest[0]);
      relation =
          "(SELECT * FROM "
              + relation
              + " WHERE "
              + after.map(a -> column + " > " + literal(a) + " AND ").orElse("")
              + column
              + " <= "
              + literal(newest[0])
              + ") AS cohortlake_rows";
    }
    DataFrameReader reader =
        spark
            .read()
            .format("jdbc")
            .option("url", options.url())
            .option("dbtable", relation)
            .option("fetchsize", options.fetchSize());
    for (String key : credentials.stringPropertyNames()) {
      reader = reader.option(key, credentials.getProperty(key));
    }
    if (options.partitionColumn().isPresent()) {
      String column = options.partitionColumn().get();
      String[] bounds =
          queryRow("SELECT min(" + column + "), max(" + column + ") FROM " + relation);
      if (bounds[0] != null) {
        reader =
            reader
                .option("partitionColumn", column)
                .option("lowerBound", bounds[0])
                .option("upperBound", bounds[1])
                .option("numPartitions", options.partitions());
      }
    }
    RawSource rows = SourceReader.typed(reader.load(), "jdbc " + options.description());
    return new Slice(Optional.of(rows), upTo);
  }

  private String[] queryRow(String sql) {
    try (Connection connection = DriverManager.getConnection(options.url(), credentials);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return new String[] {result.getString(1), result.getString(2)};
    } catch (SQLException e) {
      throw Errors.databaseUnreachable(options.description(), e);
    }
  }

  /** A standard SQL string literal; the database casts it to the column's type. */
  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
