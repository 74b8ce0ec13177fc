package dev.cohortlake.reader;

import static io.delta.kernel.internal.util.Utils.singletonCloseableIterator;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads one of the warehouse's Delta tables with Delta Kernel, for a JVM program that has no Spark:
 * the schema with the column comments BI users see, the partition columns, and the rows of the
 * latest or of an earlier version (time travel). Values come back as plain Java: text, numbers,
 * {@link java.math.BigDecimal} money, {@link LocalDate} dates, {@link Instant} timestamps and maps.
 *
 * <p>Tables are small enough per snapshot to read into memory (a cohort table has cells, not
 * orders); a reader of {@code clv_customer} at millions of customers should filter by partition.
 */
public final class DeltaTableReader {

  private final Engine engine;
  private final String path;

  private DeltaTableReader(Engine engine, String path) {
    this.engine = engine;
    this.path = path;
  }

  /** A reader of the Delta table at {@code path} (a local folder or a Hadoop URI). */
  public static DeltaTableReader forPath(String path) {
    return new DeltaTableReader(DefaultEngine.create(new Configuration()), path);
  }

  /** The latest version of the table. */
  public TableSnapshot latest() {
    return new TableSnapshot(TableManager.loadSnapshot(path).build(engine));
  }

  /** The table as it was at {@code version}. */
  public TableSnapshot atVersion(long version) {
    return new TableSnapshot(TableManager.loadSnapshot(path).atVersion(version).build(engine));
  }

  /**
   * A column as the table declares it.
   *
   * @param comment the column's comment, empty if it has none
   */
  public record Column(String name, String type, boolean nullable, String comment) {}

  /** One version of the table. */
  public final class TableSnapshot {

    private final Snapshot snapshot;

    private TableSnapshot(Snapshot snapshot) {
      this.snapshot = snapshot;
    }

    public long version() {
      return snapshot.getVersion();
    }

    /** The table's comment (its description in the Delta log), empty if it has none. */
    public String comment() {
      return snapshot.getMetadata().getDescription().orElse("");
    }

    public List<Column> columns() {
      List<Column> columns = new ArrayList<>();
      for (StructField field : snapshot.getSchema().fields()) {
        Object comment = field.getMetadata().get("comment");
        columns.add(
            new Column(
                field.getName(),
                field.getDataType().toString(),
                field.isNullable(),
                comment == null ? "" : comment.toString()));
      }
      return columns;
    }

    public List<String> partitionColumns() {
      return snapshot.getPartitionColumnNames();
    }

    /** Every row, each as column name to value in schema order. */
    public List<Map<String, Object>> rows() {
      StructType schema = snapshot.getSchema();
      Scan scan = snapshot.getScanBuilder().build();
      Row scanState = scan.getScanState(engine);
      StructType physical = ScanStateRow.getPhysicalDataReadSchema(scanState);
      List<Map<String, Object>> rows = new ArrayList<>();
      try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
        while (files.hasNext()) {
          try (CloseableIterator<Row> fileRows = files.next().getRows()) {
            while (fileRows.hasNext()) {
              readFile(scanState, fileRows.next(), physical, schema, rows);
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the Delta table at " + path, e);
      }
      return rows;
    }

    private void readFile(
        Row scanState,
        Row scanFile,
        StructType physical,
        StructType schema,
        List<Map<String, Object>> rows)
        throws IOException {
      FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
      CloseableIterator<ColumnarBatch> data =
          engine
              .getParquetHandler()
              .readParquetFiles(singletonCloseableIterator(file), physical, Optional.empty())
              .map(FileReadResult::getData);
      try (CloseableIterator<FilteredColumnarBatch> batches =
          Scan.transformPhysicalData(engine, scanState, scanFile, data)) {
        while (batches.hasNext()) {
          FilteredColumnarBatch batch = batches.next();
          ColumnarBatch columns = batch.getData();
          Optional<ColumnVector> selected = batch.getSelectionVector();
          for (int i = 0; i < columns.getSize(); i++) {
            if (selected.isPresent()
                && (selected.get().isNullAt(i) || !selected.get().getBoolean(i))) {
              continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 0; c < schema.length(); c++) {
              StructField field = schema.at(c);
              row.put(field.getName(), value(columns.getColumnVector(c), field.getDataType(), i));
            }
            rows.add(row);
          }
        }
      }
    }
  }

  /** The value at {@code row} of a column, as plain Java. */
  static Object value(ColumnVector vector, DataType type, int row) {
    if (vector.isNullAt(row)) {
      return null;
    }
    if (type instanceof StringType) {
      return vector.getString(row);
    } else if (type instanceof IntegerType) {
      return vector.getInt(row);
    } else if (type instanceof LongType) {
      return vector.getLong(row);
    } else if (type instanceof DoubleType) {
      return vector.getDouble(row);
    } else if (type instanceof BooleanType) {
      return vector.getBoolean(row);
    } else if (type instanceof DecimalType) {
      return vector.getDecimal(row);
    } else if (type instanceof DateType) {
      return LocalDate.ofEpochDay(vector.getInt(row));
    } else if (type instanceof TimestampType) {
      long micros = vector.getLong(row);
      return Instant.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000);
    } else if (type instanceof MapType map) {
      MapValue value = vector.getMap(row);
      Map<Object, Object> entries = new LinkedHashMap<>();
      for (int i = 0; i < value.getSize(); i++) {
        entries.put(
            value(value.getKeys(), map.getKeyType(), i),
            value(value.getValues(), map.getValueType(), i));
      }
      return entries;
    }
    throw new IllegalArgumentException("Unsupported column type " + type);
  }
}
