package dev.cohortlake.ingest;

import dev.cohortlake.run.Errors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which source files an incremental ingest reads: files not ingested before, files named by {@code
 * --reingest}, or every file on {@code --full-refresh}. A file ingested before whose content
 * changed (same path, other checksum) stops the run, naming it, unless it is reingested: its rows
 * are in orders already, and reading it again silently would count them twice or lose some. A file
 * with the size and modification time it was ingested with is taken as unchanged without reading
 * it, so a night reads the new files only.
 *
 * @param toRead the files to read, sorted by path, each with its checksum
 * @param reingested those of them whose earlier rows are replaced
 * @param unchanged files ingested before and skipped
 * @param fullRefresh whether orders is rebuilt from {@code toRead} alone
 */
public record IngestPlan(
    Map<SourceFile, String> toRead, Set<String> reingested, int unchanged, boolean fullRefresh) {

  /**
   * Plans the run.
   *
   * @param listed the source's files now, sorted by path
   * @param ingested the files ingested before, by path, with their checksums
   * @param mode the run's options, with {@code --reingest} paths qualified like {@code listed}'s
   * @param checksum computes a file's checksum (reads it)
   */
  public static IngestPlan of(
      List<SourceFile> listed,
      Map<String, Ingested> ingested,
      IngestMode mode,
      Function<SourceFile, String> checksum) {
    Set<String> paths = listed.stream().map(SourceFile::path).collect(Collectors.toSet());
    for (String reingest : mode.reingest()) {
      if (!paths.contains(reingest)) {
        throw Errors.reingestNotInSource(reingest);
      }
    }
    Map<SourceFile, String> toRead = new LinkedHashMap<>();
    List<String> changed = new ArrayList<>();
    int unchanged = 0;
    for (SourceFile file : listed) {
      Ingested before = mode.fullRefresh() ? null : ingested.get(file.path());
      if (before == null || mode.reingest().contains(file.path())) {
        toRead.put(file, checksum.apply(file));
      } else if (file.untouchedSince(before.file())) {
        unchanged++;
      } else if (checksum.apply(file).equals(before.checksum())) {
        unchanged++;
      } else {
        changed.add(file.path());
      }
    }
    if (!changed.isEmpty()) {
      throw Errors.ingestedFileChanged(changed);
    }
    Set<String> reingested =
        mode.fullRefresh()
            ? Set.of()
            : toRead.keySet().stream()
                .map(SourceFile::path)
                .filter(ingested::containsKey)
                .collect(Collectors.toUnmodifiableSet());
    return new IngestPlan(
        Collections.unmodifiableMap(toRead), reingested, unchanged, mode.fullRefresh());
  }

  /** The files to read, in path order. */
  public List<SourceFile> files() {
    return List.copyOf(toRead.keySet());
  }

  /**
   * A file as {@code ingested_files} recorded it.
   *
   * @param file its path, size and modification time then
   * @param checksum its SHA-256 then
   */
  public record Ingested(SourceFile file, String checksum) {}
}
