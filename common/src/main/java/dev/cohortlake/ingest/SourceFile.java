package dev.cohortlake.ingest;

import java.time.Instant;

/**
 * A source file as listed, or as recorded in {@code ingested_files}.
 *
 * @param path the file's full path (a Hadoop path URI, e.g. {@code
 *     file:/data/orders/2011-01-04.csv})
 * @param size its size in bytes
 * @param modifiedAt its modification time
 */
public record SourceFile(String path, long size, Instant modifiedAt) {

  /** Whether the file still has the size and modification time it was recorded with. */
  boolean untouchedSince(SourceFile recorded) {
    return size == recorded.size && modifiedAt.equals(recorded.modifiedAt);
  }
}
