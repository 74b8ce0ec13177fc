package dev.cohortlake.table;

/**
 * What one write did to one table: the Delta version it committed and the rows it wrote.
 *
 * @param table table name
 * @param path table location
 * @param version Delta version of the commit
 * @param rows rows written by the commit
 */
public record TableWrite(String table, String path, long version, long rows) {}
