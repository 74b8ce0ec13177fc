package dev.cohortlake.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The contract of one output table: name, comment, schema with column comments and partitioning.
 * Writers conform every Dataset to it, so BI tools always see the same names, types and comments.
 *
 * @param name table name under the warehouse root
 * @param grain what one row is, e.g. {@code customer × as-of}
 * @param comment table comment shown in catalogs
 * @param schema columns in order, each with a comment
 * @param partitionColumns partition columns, in order
 * @param properties Delta table properties set when the table is created
 */
public record TableSpec(
    String name,
    String grain,
    String comment,
    StructType schema,
    List<String> partitionColumns,
    Map<String, String> properties) {

  public TableSpec {
    partitionColumns = List.copyOf(partitionColumns);
    properties = Map.copyOf(properties);
    for (StructField field : schema.fields()) {
      if (field.getComment().isEmpty()) {
        throw new IllegalArgumentException(
            "Column " + name + "." + field.name() + " needs a comment");
      }
    }
  }

  /** A table without Delta table properties of its own. */
  public TableSpec(
      String name, String grain, String comment, StructType schema, List<String> partitionColumns) {
    this(name, grain, comment, schema, partitionColumns, Map.of());
  }

  /** This table with one text column per segment dimension inserted before {@code run_id}. */
  public TableSpec withSegmentColumns(List<String> segments) {
    List<StructField> fields = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (field.name().equals("run_id")) {
        for (String segment : segments) {
          fields.add(
              column(
                  segment,
                  DataTypes.StringType,
                  true,
                  "Segment '"
                      + segment
                      + "' (a configured dimension), from the customer's first order"));
        }
      }
      fields.add(field);
    }
    return new TableSpec(
        name,
        grain,
        comment,
        new StructType(fields.toArray(StructField[]::new)),
        partitionColumns,
        properties);
  }

  /** A column with its comment; the only way columns are declared. */
  static StructField column(String name, DataType type, boolean nullable, String comment) {
    return new StructField(name, type, nullable, Metadata.empty()).withComment(comment);
  }
}
