package dev.cohortlake.table;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.StructField;

/**
 * The table reference for BI users and newcomers ({@code docs/tables.md}), rendered from {@link
 * Tables}: every table with its grain, partitioning and comment, every column with its type and
 * comment. The schemas stay defined once, in code; a test fails when the checked-in file is stale.
 */
public final class TableReference {

  private TableReference() {}

  /** The reference as Markdown. */
  public static String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Tables\n\n")
        .append("Generated from `common/src/main/java/dev/cohortlake/table/Tables.java` by\n")
        .append("`TableReferenceTest`; do not edit by hand. Every table is a Delta table under\n")
        .append("`warehouse.root` with these comments on the table and its columns. `orders` and\n")
        .append(
            "`customers` also have one text column per configured segment (`mapping.segments`),\n")
        .append("before `run_id`.\n\n")
        .append("| table | grain | partitioned by |\n|---|---|---|\n");
    for (TableSpec spec : Tables.ALL) {
      md.append(
          String.format(
              Locale.ROOT,
              "| [`%s`](#%s) | %s | %s |%n",
              spec.name(),
              spec.name(),
              spec.grain(),
              partitions(spec.partitionColumns())));
    }
    for (TableSpec spec : Tables.ALL) {
      md.append("\n## ")
          .append(spec.name())
          .append("\n\n")
          .append(spec.comment())
          .append(".\n\n")
          .append("Grain: ")
          .append(spec.grain())
          .append(". Partitioned by: ")
          .append(partitions(spec.partitionColumns()))
          .append(".\n\n")
          .append("| column | type | null | comment |\n|---|---|---|---|\n");
      for (StructField field : spec.schema().fields()) {
        md.append(
            String.format(
                Locale.ROOT,
                "| `%s` | %s | %s | %s |%n",
                field.name(),
                field.dataType().simpleString(),
                field.nullable() ? "yes" : "no",
                field.getComment().get().replace("|", "\\|")));
      }
    }
    return md.toString();
  }

  private static String partitions(List<String> columns) {
    return columns.isEmpty() ? "—" : "`" + String.join("`, `", columns) + "`";
  }
}
