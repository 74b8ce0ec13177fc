package dev.cohortlake.ingest;

import java.util.List;

/**
 * How an ingest of an incremental source treats files it has seen before ({@code --full-refresh},
 * {@code --reingest}).
 *
 * @param fullRefresh whether every file is read again and orders is rebuilt from them alone
 * @param reingest files whose earlier rows are replaced by their current content
 */
public record IngestMode(boolean fullRefresh, List<String> reingest) {

  /** A nightly run: new files only. */
  public static final IngestMode NEW_FILES = new IngestMode(false, List.of());

  public IngestMode {
    reingest = List.copyOf(reingest);
  }
}
