package dev.cohortlake.table;

import dev.cohortlake.config.CatalogConfig;
import dev.cohortlake.run.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Table;

/**
 * Registers the warehouse's tables in a Spark catalog database, so that SQL users and BI tools find
 * them by name, and creates the BI views over them ({@code cohortlake/bi-views.sql}, the same SQL
 * that {@code scripts/serve-sql} gives Trino).
 *
 * <p>Each table is registered as an external table over its Delta location: its schema, table
 * comment and column comments are read from the Delta log, so the catalog never holds a copy that
 * could go stale, and dropping a table from the catalog never deletes its data. A registration that
 * points elsewhere (the warehouse moved) is replaced; a managed table of the same name is never
 * dropped, since that would delete its data.
 */
public final class WarehouseCatalog {

  /** The BI views, on the classpath. */
  public static final String VIEWS_RESOURCE = "/cohortlake/bi-views.sql";

  private static final Pattern VIEW_NAME =
      Pattern.compile("CREATE OR REPLACE VIEW (\\w+)", Pattern.CASE_INSENSITIVE);

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final String database;

  public WarehouseCatalog(SparkSession spark, Warehouse warehouse, String database) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.database = database;
  }

  /**
   * The Spark settings of a session whose catalog is {@code catalog}: Hive support, with the given
   * metastore or an embedded Derby one. Empty when the catalog is off. They must be given when the
   * session is built.
   */
  public static Map<String, String> sparkSettings(CatalogConfig catalog) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (!catalog.enabled()) {
      return settings;
    }
    settings.put("spark.sql.catalogImplementation", "hive");
    if (catalog.metastoreUri().isPresent()) {
      settings.put("spark.hadoop.hive.metastore.uris", catalog.metastoreUri().get());
    } else {
      String dir = catalog.metastoreDir();
      settings.put(
          "spark.hadoop.javax.jdo.option.ConnectionURL",
          "jdbc:derby:;databaseName=" + dir + "/metastore_db;create=true");
      // Where a managed table would go; the jobs create none, but Spark needs a place.
      settings.put("spark.sql.warehouse.dir", dir + "/managed");
      System.setProperty("derby.stream.error.file", dir + "/derby.log");
    }
    return settings;
  }

  /**
   * Registers every table of {@code tables} that exists in the warehouse, then creates each view
   * whose tables are all registered.
   *
   * @return the names registered, tables first, then views
   */
  public List<String> publish(List<TableSpec> tables) {
    spark.sql(
        "CREATE DATABASE IF NOT EXISTS `"
            + database
            + "` COMMENT 'Cohort Lake: order, customer, cohort, retention and CLV tables'");
    List<String> published = new ArrayList<>();
    for (TableSpec spec : tables) {
      if (warehouse.exists(spec)) {
        register(spec.name(), warehouse.path(spec));
        published.add(spec.name());
      }
    }
    String previous = spark.catalog().currentDatabase();
    spark.catalog().setCurrentDatabase(database);
    try {
      for (String view : views()) {
        if (referencedTables(view, tables).stream().allMatch(published::contains)) {
          spark.sql(view);
          published.add(viewName(view));
        }
      }
    } finally {
      spark.catalog().setCurrentDatabase(previous);
    }
    return published;
  }

  private void register(String table, String path) {
    String name = "`" + database + "`.`" + table + "`";
    if (spark.catalog().tableExists(database, table)) {
      String tableType = tableType(table);
      if (!"EXTERNAL".equals(tableType)) {
        throw Errors.catalogTableNotExternal(name, tableType, path);
      }
      String location =
          spark.sql("DESCRIBE DETAIL " + name).select("location").as(Encoders.STRING()).first();
      if (samePlace(location, path)) {
        return;
      }
      spark.sql("DROP TABLE " + name);
    }
    spark.sql("CREATE TABLE " + name + " USING DELTA LOCATION '" + path.replace("'", "\\'") + "'");
  }

  private String tableType(String table) {
    try {
      Table existing = spark.catalog().getTable(database, table);
      return existing.tableType();
    } catch (AnalysisException e) {
      throw new IllegalStateException("Catalog table " + database + "." + table + " vanished", e);
    }
  }

  private static boolean samePlace(String location, String path) {
    return location.replaceFirst("^file:(//)?", "").equals(path.replaceFirst("^file:(//)?", ""));
  }

  /** The CREATE VIEW statements of {@link #VIEWS_RESOURCE}, comments removed, in file order. */
  static List<String> views() {
    String script;
    try (InputStream in = WarehouseCatalog.class.getResourceAsStream(VIEWS_RESOURCE)) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> statements = new ArrayList<>();
    for (String statement : script.replaceAll("(?m)--.*$", "").split(";")) {
      if (!statement.isBlank()) {
        statements.add(statement.strip());
      }
    }
    return statements;
  }

  private static String viewName(String view) {
    Matcher name = VIEW_NAME.matcher(view);
    if (!name.find()) {
      throw new IllegalStateException(VIEWS_RESOURCE + " has a statement that is not a view");
    }
    return name.group(1);
  }

  /** The warehouse tables a view reads, directly or through the latest-snapshot views. */
  private static List<String> referencedTables(String view, List<TableSpec> tables) {
    return tables.stream()
        .map(TableSpec::name)
        .filter(table -> Pattern.compile("\\b" + table + "(_latest)?\\b").matcher(view).find())
        .toList();
  }
}
