package dev.cohortlake.ingest;

import java.time.Instant;

/**
 * A source file as listed before an incremental ingest.
 *
 * @param path the file's full path (a Hadoop path URI, e.g. {@code
 *     file:/data/orders/2011-01-04.csv})
 * @param size its size in bytes
 * @param modifiedAt its modification time
 * @param checksum SHA-256 of its content, in hex
 */
public record SourceFile(String path, long size, Instant modifiedAt, String checksum) {}
