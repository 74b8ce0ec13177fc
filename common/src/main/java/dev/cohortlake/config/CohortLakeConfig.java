package dev.cohortlake.config;

import java.nio.file.Path;

/**
 * The whole, validated configuration of one dataset: where it comes from, how its columns map onto
 * the canonical order line, how it is cleaned and how cohorts are built. Loaded once per run by
 * {@link ConfigLoader}; immutable.
 *
 * @param dataset short dataset name, written to run_log and rejected_rows
 * @param warehouseRoot the folder or URI under which every table lives
 * @param catalog whether and where the tables are registered for SQL users
 * @param report whether and where the HTML report is written
 * @param maintain what the maintain job does
 * @param source where the order lines are read from
 * @param mapping how source columns become canonical columns
 * @param cleaning which cleaning rules are on
 * @param quality the data-quality gates
 * @param cohorts how cohort and retention tables are built
 * @param clv how customer lifetime value is modelled
 * @param fingerprint a hash of the resolved config, written to run_log
 */
public record CohortLakeConfig(
    String dataset,
    String warehouseRoot,
    CatalogConfig catalog,
    ReportConfig report,
    MaintainConfig maintain,
    SourceConfig source,
    MappingConfig mapping,
    CleaningConfig cleaning,
    QualityConfig quality,
    CohortConfig cohorts,
    ClvConfig clv,
    String fingerprint) {

  /** The location of a table under the warehouse root. */
  public String tablePath(String table) {
    if (warehouseRoot.contains("://")) {
      return warehouseRoot.replaceAll("/+$", "") + "/" + table;
    }
    return Path.of(warehouseRoot).toAbsolutePath().normalize().resolve(table).toString();
  }
}
