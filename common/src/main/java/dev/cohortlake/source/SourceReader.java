package dev.cohortlake.source;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import dev.cohortlake.config.SourceConfig;
import dev.cohortlake.run.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads order lines in one of the supported formats (CSV with any delimiter and quoting, gzip or
 * not; whitespace-separated text; Parquet; Delta) without inferring types: text formats are read as
 * strings, so that a bad value becomes a quarantined row instead of a failed job.
 */
public final class SourceReader {

  private static final String CORRUPT = "__corrupt_record";

  /** Low 33 bits of monotonically_increasing_id: the row's position within its partition. */
  private static final long ROW_IN_PARTITION_MASK = (1L << 33) - 1;

  private final SparkSession spark;

  public SourceReader(SparkSession spark) {
    this.spark = spark;
  }

  /** Reads the whole source: every file under {@code source.path}, or the Delta table there. */
  public RawSource read(SourceConfig source) {
    requireExists(source.path());
    return read(source, List.of(source.path()), source.path());
  }

  /** Reads only the given files of a file source, e.g. the new ones of an incremental ingest. */
  public RawSource readFiles(SourceConfig source, List<String> files) {
    return read(source, files, files.size() + " files of " + source.path());
  }

  private RawSource read(SourceConfig source, List<String> paths, String description) {
    String[] files = paths.toArray(String[]::new);
    return switch (source.format()) {
      case CSV -> csv(source, files, description);
      case TEXT -> text(source, files, description);
      // Files of one folder may differ in columns: read them all with the union of their schemas
      // (a column a file lacks is null there, and the cleaning rules name what that breaks).
      case PARQUET ->
          typed(
              spark.read().option("mergeSchema", "true").parquet(files),
              "parquet " + description,
              input_file_name());
      case DELTA ->
          typed(
              spark.read().format("delta").load(files[0]),
              "delta " + description,
              input_file_name());
      case JDBC -> throw new IllegalArgumentException("a jdbc source is read by JdbcSource");
    };
  }

  private RawSource csv(SourceConfig source, String[] files, String description) {
    SourceConfig.CsvOptions csv = source.csv();
    DataFrameReader reader =
        spark
            .read()
            .option("sep", csv.delimiter())
            .option("quote", csv.quote())
            .option("escape", csv.escape())
            .option("header", csv.header())
            .option("encoding", csv.encoding())
            .option("mode", "PERMISSIVE");
    List<String> names =
        source.columns().isEmpty() && csv.header()
            ? Arrays.asList(reader.csv(files).columns())
            : requireColumns(source);
    if (names.isEmpty()) {
      throw Errors.sourceHasNoColumns(description);
    }
    StructType schema = new StructType();
    for (String name : names) {
      schema = schema.add(name, DataTypes.StringType);
    }
    Dataset<Row> rows =
        reader
            .schema(schema.add(CORRUPT, DataTypes.StringType))
            .option("columnNameOfCorruptRecord", CORRUPT)
            .csv(files)
            .withColumnRenamed(CORRUPT, RawSource.MALFORMED);
    return withOrigin(rows, names, "csv " + description);
  }

  private RawSource text(SourceConfig source, String[] files, String description) {
    Dataset<Row> lines =
        spark
            .read()
            .text(files)
            .withColumn("value", trim(col("value")))
            .filter(col("value").notEqual(""));
    List<String> header = List.of();
    if (source.textHeader()) {
      List<Row> first = lines.takeAsList(1);
      header = first.isEmpty() ? List.of() : Arrays.asList(first.get(0).getString(0).split("\\s+"));
    }
    List<String> names =
        source.columns().isEmpty() && source.textHeader() ? header : requireColumns(source);
    if (names.isEmpty()) {
      throw Errors.sourceHasNoColumns(description);
    }
    if (!header.isEmpty()) {
      Column headerTokens = array(header.stream().map(name -> lit(name)).toArray(Column[]::new));
      lines = lines.filter(split(col("value"), "\\s+").notEqual(headerTokens));
    }
    Column tokens = split(col("value"), "\\s+");
    List<Column> projection = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      projection.add(try_element_at(tokens, lit(i + 1)).as(names.get(i)));
    }
    projection.add(when(size(tokens).notEqual(names.size()), col("value")).as(RawSource.MALFORMED));
    return withOrigin(
        lines.select(projection.toArray(Column[]::new)), names, "text " + description);
  }

  /** Rows of a typed source (Parquet, Delta, a database) with their origin named {@code origin}. */
  static RawSource typed(Dataset<Row> rows, String origin) {
    return typed(rows, origin, lit(origin));
  }

  private static RawSource typed(Dataset<Row> rows, String description, Column origin) {
    List<String> names = Arrays.asList(rows.columns());
    return withOrigin(
        rows.withColumn(RawSource.MALFORMED, lit(null).cast(DataTypes.StringType)),
        names,
        description,
        origin);
  }

  private static RawSource withOrigin(Dataset<Row> rows, List<String> names, String description) {
    return withOrigin(rows, names, description, input_file_name());
  }

  private static RawSource withOrigin(
      Dataset<Row> rows, List<String> names, String description, Column origin) {
    Dataset<Row> withOrigin =
        rows.withColumn(RawSource.SOURCE_FILE, origin)
            .withColumn(
                RawSource.ROW_NUMBER,
                monotonically_increasing_id().bitwiseAND(ROW_IN_PARTITION_MASK).plus(1));
    return new RawSource(withOrigin, List.copyOf(names), description);
  }

  private static List<String> requireColumns(SourceConfig source) {
    if (source.columns().isEmpty()) {
      throw Errors.missingConfigValue(
          "cohortlake.source.columns",
          "the source has no header line, so its columns must be named in file order");
    }
    return source.columns();
  }

  private void requireExists(String path) {
    try {
      Path hadoopPath = new Path(path);
      FileSystem fs = hadoopPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus[] matches = fs.globStatus(hadoopPath);
      if (matches == null || matches.length == 0) {
        throw Errors.sourceNotFound("cohortlake.source.path", path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list source path " + path, e);
    }
  }
}
