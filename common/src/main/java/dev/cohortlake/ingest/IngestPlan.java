package dev.cohortlake.ingest;

import dev.cohortlake.run.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which source files an incremental ingest reads: files not ingested before, files named by {@code
 * --reingest}, or every file on {@code --full-refresh}. A file ingested before whose content
 * changed (same path, other checksum) stops the run, naming it, unless it is reingested: its rows
 * are in orders already, and reading it again silently would count them twice or lose some.
 *
 * @param toRead the files to read, sorted by path
 * @param reingested those of them whose earlier rows are replaced
 * @param unchanged files ingested before and skipped
 * @param fullRefresh whether orders is rebuilt from {@code toRead} alone
 */
public record IngestPlan(
    List<SourceFile> toRead, Set<String> reingested, int unchanged, boolean fullRefresh) {

  /**
   * Plans the run.
   *
   * @param listed the source's files now
   * @param ingested checksum per path of the files ingested before
   * @param mode the run's options, with {@code --reingest} paths qualified like {@code listed}'s
   */
  public static IngestPlan of(
      List<SourceFile> listed, Map<String, String> ingested, IngestMode mode) {
    if (mode.fullRefresh()) {
      return new IngestPlan(listed, Set.of(), 0, true);
    }
    Set<String> paths = listed.stream().map(SourceFile::path).collect(Collectors.toSet());
    for (String reingest : mode.reingest()) {
      if (!paths.contains(reingest)) {
        throw Errors.reingestNotInSource(reingest);
      }
    }
    List<SourceFile> toRead = new ArrayList<>();
    List<SourceFile> changed = new ArrayList<>();
    int unchanged = 0;
    for (SourceFile file : listed) {
      String checksum = ingested.get(file.path());
      if (checksum == null || mode.reingest().contains(file.path())) {
        toRead.add(file);
      } else if (checksum.equals(file.checksum())) {
        unchanged++;
      } else {
        changed.add(file);
      }
    }
    if (!changed.isEmpty()) {
      throw Errors.ingestedFileChanged(changed.stream().map(SourceFile::path).toList());
    }
    Set<String> reingested =
        toRead.stream()
            .map(SourceFile::path)
            .filter(ingested::containsKey)
            .collect(Collectors.toUnmodifiableSet());
    return new IngestPlan(List.copyOf(toRead), reingested, unchanged, false);
  }
}
