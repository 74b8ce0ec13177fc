package dev.cohortlake.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohortlake.run.CohortLakeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngestPlanTest {

  private static final Instant MONDAY = Instant.parse("2026-11-30T02:00:00Z");
  private static final Instant TUESDAY = Instant.parse("2026-12-01T02:00:00Z");

  private final SourceFile monday = new SourceFile("file:/in/2026-11-30.csv", 100, MONDAY);
  private final SourceFile tuesday = new SourceFile("file:/in/2026-12-01.csv", 80, TUESDAY);
  private final Map<String, IngestPlan.Ingested> mondayIngested =
      Map.of(monday.path(), new IngestPlan.Ingested(monday, "sha-monday"));

  /** Checksums by path, recording which files had to be read to compute one. */
  private final List<String> read = new ArrayList<>();

  private String checksum(SourceFile file) {
    read.add(file.path());
    return file.path().contains("11-30") ? "sha-monday" : "sha-tuesday";
  }

  @Test
  void aNightReadsOnlyTheNewFileAndNeverReadsAnUntouchedOne() {
    IngestPlan plan =
        IngestPlan.of(
            List.of(monday, tuesday), mondayIngested, IngestMode.NEW_FILES, this::checksum);

    assertThat(plan.files()).containsExactly(tuesday);
    assertThat(plan.toRead()).containsEntry(tuesday, "sha-tuesday");
    assertThat(plan.unchanged()).isEqualTo(1);
    assertThat(read).containsExactly(tuesday.path());
  }

  @Test
  void aTouchedFileWithTheSameContentIsUnchanged() {
    SourceFile touched = new SourceFile(monday.path(), 100, TUESDAY);

    IngestPlan plan =
        IngestPlan.of(List.of(touched), mondayIngested, IngestMode.NEW_FILES, this::checksum);

    assertThat(plan.files()).isEmpty();
    assertThat(plan.unchanged()).isEqualTo(1);
  }

  @Test
  void aChangedFileStopsTheRunNamingItUnlessItIsReingested() {
    SourceFile changed = new SourceFile(monday.path(), 90, TUESDAY);
    Map<String, IngestPlan.Ingested> before =
        Map.of(monday.path(), new IngestPlan.Ingested(monday, "sha-before-the-correction"));

    assertThatThrownBy(
            () -> IngestPlan.of(List.of(changed), before, IngestMode.NEW_FILES, this::checksum))
        .isInstanceOf(CohortLakeException.class)
        .hasMessageContaining(monday.path())
        .hasMessageContaining("--reingest");

    IngestPlan plan =
        IngestPlan.of(
            List.of(changed),
            before,
            new IngestMode(false, List.of(monday.path())),
            this::checksum);
    assertThat(plan.files()).containsExactly(changed);
    assertThat(plan.reingested()).isEqualTo(Set.of(monday.path()));
  }

  @Test
  void aFullRefreshReadsEveryFileAndReplacesNothingFileByFile() {
    IngestPlan plan =
        IngestPlan.of(
            List.of(monday, tuesday),
            mondayIngested,
            new IngestMode(true, List.of()),
            this::checksum);

    assertThat(plan.files()).containsExactly(monday, tuesday);
    assertThat(plan.reingested()).isEmpty();
    assertThat(plan.fullRefresh()).isTrue();
  }

  @Test
  void reingestingAFileTheSourceDoesNotHoldIsABadUsageNamingIt() {
    assertThatThrownBy(
            () ->
                IngestPlan.of(
                    List.of(monday),
                    mondayIngested,
                    new IngestMode(false, List.of("file:/in/typo.csv")),
                    this::checksum))
        .hasMessageContaining("--reingest file:/in/typo.csv names no file of the source");
  }
}
