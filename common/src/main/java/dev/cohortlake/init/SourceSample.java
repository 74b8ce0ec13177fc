package dev.cohortlake.init;

import com.univocity.parsers.csv.CsvFormat;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import dev.cohortlake.config.SourceConfig.SourceFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The first rows of an unfamiliar source, with what its layout was found to be: Delta or Parquet by
 * their files, CSV by a detected delimiter (univocity's format detection, as Spark's CSV reader
 * parses), or whitespace-separated text; a header when the first row has no number in it and the
 * rows below do. Every value is kept as the text the file holds.
 *
 * @param format the source format to configure
 * @param delimiter the CSV delimiter (CSV only)
 * @param header whether the first line names the columns (CSV and text)
 * @param columns the column names (from the header or the schema; col_1 … without a header)
 * @param rows the sampled rows, each as many values as there are columns (null when empty)
 * @param sampled the file the rows were read from
 */
public record SourceSample(
    SourceFormat format,
    String delimiter,
    boolean header,
    List<String> columns,
    List<List<String>> rows,
    Path sampled) {

  /** Rows read from a source: enough to see ids repeat and formats hold, quick on any file. */
  static final int ROWS = 2000;

  /**
   * Samples the source at {@code path}: a file, or a folder whose first data file (by name) is
   * read. Spark is started only for Parquet and Delta.
   */
  public static SourceSample read(Supplier<SparkSession> spark, Path path) {
    if (Files.isDirectory(path.resolve("_delta_log"))) {
      return fromSpark(
          spark.get().read().format("delta").load(path.toString()), SourceFormat.DELTA, path);
    }
    Path file = Files.isDirectory(path) ? firstDataFile(path) : path;
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".parquet")) {
      return fromSpark(spark.get().read().parquet(path.toString()), SourceFormat.PARQUET, file);
    }
    List<String> lines = firstLines(file);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("Source file " + file + " is empty");
    }
    return looksLikeWhitespaceText(lines) ? text(lines, file) : csv(lines, file);
  }

  private static Path firstDataFile(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .filter(f -> !f.getFileName().toString().startsWith("_"))
          .sorted()
          .findFirst()
          .orElseThrow(
              () -> new IllegalArgumentException("Source folder " + folder + " holds no file"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SourceSample fromSpark(Dataset<Row> table, SourceFormat format, Path sampled) {
    List<String> columns = Arrays.asList(table.columns());
    List<List<String>> rows = new ArrayList<>();
    for (Row row : table.limit(ROWS).collectAsList()) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        values.add(row.isNullAt(i) ? null : String.valueOf(row.get(i)));
      }
      rows.add(values);
    }
    return new SourceSample(format, "", false, columns, rows, sampled);
  }

  private static List<String> firstLines(Path file) {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in =
            file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<String> lines = new ArrayList<>();
      for (String line = reader.readLine();
          line != null && lines.size() <= ROWS;
          line = reader.readLine()) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read source file " + file, e);
    }
  }

  /** No delimiter character anywhere, and every line splits on spaces into the same count. */
  private static boolean looksLikeWhitespaceText(List<String> lines) {
    if (lines.stream().anyMatch(l -> l.contains(",") || l.contains(";") || l.contains("\t"))) {
      return false;
    }
    long widths = lines.stream().map(l -> l.trim().split("\\s+").length).distinct().count();
    return widths == 1 && lines.get(0).trim().split("\\s+").length > 1;
  }

  private static SourceSample text(List<String> lines, Path file) {
    List<List<String>> split = new ArrayList<>();
    for (String line : lines) {
      split.add(Arrays.asList(line.trim().split("\\s+")));
    }
    return withHeader(SourceFormat.TEXT, "", split, file);
  }

  private static SourceSample csv(List<String> lines, Path file) {
    CsvParserSettings settings = new CsvParserSettings();
    settings.detectFormatAutomatically(',', ';', '\t', '|');
    settings.setMaxCharsPerColumn(-1);
    CsvParser parser = new CsvParser(settings);
    List<String[]> parsed = parser.parseAll(new StringReader(String.join("\n", lines)));
    CsvFormat format = parser.getDetectedFormat();
    List<List<String>> rows = new ArrayList<>();
    parsed.forEach(values -> rows.add(Arrays.asList(values)));
    return withHeader(SourceFormat.CSV, String.valueOf(format.getDelimiter()), rows, file);
  }

  private static SourceSample withHeader(
      SourceFormat format, String delimiter, List<List<String>> lines, Path file) {
    int width = lines.get(0).size();
    List<List<String>> rows = new ArrayList<>();
    for (List<String> line : lines) {
      List<String> row = new ArrayList<>(line.subList(0, Math.min(width, line.size())));
      while (row.size() < width) {
        row.add(null);
      }
      rows.add(row);
    }
    boolean header =
        rows.get(0).stream().noneMatch(SourceSample::isNumber)
            && rows.size() > 1
            && rows.subList(1, rows.size()).stream()
                .anyMatch(r -> r.stream().anyMatch(SourceSample::isNumber));
    List<String> columns = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      columns.add(
          header
              ? Optional.ofNullable(rows.get(0).get(i)).orElse("col_" + (i + 1))
              : "col_" + (i + 1));
    }
    return new SourceSample(
        format, delimiter, header, columns, header ? rows.subList(1, rows.size()) : rows, file);
  }

  static boolean isNumber(String value) {
    return value != null && value.trim().matches("-?\\d+(\\.\\d+)?");
  }
}
