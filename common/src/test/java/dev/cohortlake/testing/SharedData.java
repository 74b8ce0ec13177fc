package dev.cohortlake.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Paths of the real data sets in {@code ../shared/data} and of the project's own files. */
public final class SharedData {

  private SharedData() {}

  /** A file under the shared data folder; fails (never skips) when CI lacks it. */
  public static Path file(String relative) {
    Path path =
        Path.of(System.getProperty("cohortlake.shared.data", "../../shared/data"))
            .resolve(relative);
    assertThat(Files.exists(path))
        .as("shared data file %s (set -Dcohortlake.shared.data)", path)
        .isTrue();
    return path.toAbsolutePath().normalize();
  }

  /** A file of this project, e.g. {@code conf/online-retail.conf}. */
  public static Path project(String relative) {
    return Path.of(System.getProperty("cohortlake.project.dir", ".."))
        .resolve(relative)
        .toAbsolutePath()
        .normalize();
  }

  /**
   * The first {@code lines} lines of the bundled sample, written to {@code target}: about a third
   * as many customers as lines, so a run on it is quick.
   */
  public static Path sampleHead(Path target, int lines) {
    try (Stream<String> sample = Files.lines(project("data/CDNOW_master.txt"))) {
      Files.write(target, (Iterable<String>) sample.limit(lines)::iterator);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
