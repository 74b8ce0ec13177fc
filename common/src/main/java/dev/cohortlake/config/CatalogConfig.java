package dev.cohortlake.config;

import java.util.Optional;

/**
 * Whether and where the jobs register their tables in a catalog, so that SQL users find them by
 * name ({@code cohortlake.customers}) instead of by path.
 *
 * @param enabled register the tables and the BI views after each successful job
 * @param database the catalog database that holds them
 * @param metastoreUri a Hive metastore's thrift URI; empty = an embedded Derby metastore
 * @param metastoreDir the folder of the embedded Derby metastore (used without a metastore URI)
 */
public record CatalogConfig(
    boolean enabled, String database, Optional<String> metastoreUri, String metastoreDir) {

  /** No catalog: for commands that write no warehouse tables. */
  public static CatalogConfig off() {
    return new CatalogConfig(false, "cohortlake", Optional.empty(), "");
  }
}
