package dev.cohortlake.source;

import dev.cohortlake.table.ObservedCount;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Source rows exactly as read, plus where each came from: {@link #SOURCE_FILE}, {@link #ROW_NUMBER}
 * and, for text formats, {@link #MALFORMED} (the raw line when it did not split into the columns).
 *
 * @param rows the rows, with the source's own columns and the origin columns
 * @param columns the source's own column names, in order
 * @param description what was read (path and format), for messages
 */
public record RawSource(Dataset<Row> rows, List<String> columns, String description) {

  public static final String SOURCE_FILE = "__source_file";
  public static final String ROW_NUMBER = "__row_number";
  public static final String MALFORMED = "__malformed";

  /** The source row as JSON, as BI users and data engineers see it in rejected_rows. */
  public Column rawJson() {
    return functions.to_json(functions.struct(sourceColumns()));
  }

  /**
   * The source row as it was written, for rejected_rows: the line's own text where the reader kept
   * it (a line that did not split into the columns), else the row's values as JSON.
   */
  public Column rawText() {
    return functions.coalesce(functions.col(MALFORMED), rawJson());
  }

  /**
   * True for a row with U+FFFD in any of its values: the character a decoder puts in place of bytes
   * that are not valid in the source's encoding (a Latin-1 file read as UTF-8, for example). Only
   * columns that can hold text are looked at: a number, boolean, date or timestamp cannot.
   */
  public Column undecodable() {
    StructType schema = rows.schema();
    Column[] text =
        columns.stream()
            .filter(c -> canHoldText(schema.apply(c).dataType()))
            .map(c -> sourceColumn(c).cast("string"))
            .toArray(Column[]::new);
    return text.length == 0
        ? functions.lit(false)
        : functions.concat_ws("\u0001", text).contains("\uFFFD");
  }

  private static boolean canHoldText(DataType type) {
    return !(type instanceof NumericType
        || type instanceof BooleanType
        || type instanceof DateType
        || type instanceof TimestampType
        || type instanceof TimestampNTZType);
  }

  /**
   * The columns that make up a row's content, hash first: a 64-bit hash of the source columns, so
   * that rows with different content rarely share a group, then the source columns themselves, so
   * that a hash collision can never make two different rows equal. The hash is computed where the
   * keys are used (after the shuffle by customer), so it does not cross the shuffle.
   */
  public Column[] contentKeys() {
    Column[] source = sourceColumns();
    Column[] keys = new Column[source.length + 1];
    keys[0] = functions.xxhash64(source);
    System.arraycopy(source, 0, keys, 1, source.length);
    return keys;
  }

  /**
   * The same rows, counted by {@code read} as they are read: the count of rows read that the row
   * accounting checks kept + rejected against, taken before any rule can drop or add a row.
   */
  public RawSource counted(Observation read) {
    return new RawSource(ObservedCount.counted(rows, read), columns, description);
  }

  /** The source's own columns, in order. */
  private Column[] sourceColumns() {
    return columns.stream().map(RawSource::sourceColumn).toArray(Column[]::new);
  }

  /** A source column by its exact name, whatever characters the name has. */
  public static Column sourceColumn(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }
}
