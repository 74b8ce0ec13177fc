package dev.cohortlake.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackfillTest {

  private static LocalDate date(String text) {
    return LocalDate.parse(text);
  }

  @Test
  void monthlyStepsFromAMonthEndKeepToMonthEnds() {
    Backfill backfill =
        new Backfill(date("1997-01-31"), date("1997-05-15"), Backfill.Step.MONTH, false);

    assertThat(backfill.dates())
        .containsExactly(
            date("1997-01-31"), date("1997-02-28"), date("1997-03-31"), date("1997-04-30"));
  }

  @Test
  void monthlyStepsFromMidMonthKeepTheDayOfMonth() {
    assertThat(
            new Backfill(date("1997-01-15"), date("1997-03-15"), Backfill.Step.MONTH, false)
                .dates())
        .containsExactly(date("1997-01-15"), date("1997-02-15"), date("1997-03-15"));
  }

  @Test
  void weeklyAndDailyStepsEndAtTheLastDateNotAfterTo() {
    assertThat(
            new Backfill(date("2024-02-26"), date("2024-03-12"), Backfill.Step.WEEK, false).dates())
        .containsExactly(date("2024-02-26"), date("2024-03-04"), date("2024-03-11"));
    assertThat(
            new Backfill(date("2024-02-28"), date("2024-03-01"), Backfill.Step.DAY, false).dates())
        .containsExactly(date("2024-02-28"), date("2024-02-29"), date("2024-03-01"));
  }

  @Test
  void succeededDatesAreSkippedUnlessForced() {
    Set<LocalDate> succeeded = Set.of(date("1997-01-31"), date("1997-03-31"));
    LocalDate from = date("1997-01-31");
    LocalDate to = date("1997-03-31");

    assertThat(new Backfill(from, to, Backfill.Step.MONTH, false).pending(succeeded))
        .containsExactly(date("1997-02-28"));
    assertThat(new Backfill(from, to, Backfill.Step.MONTH, true).pending(succeeded)).hasSize(3);
  }

  @Test
  void aRangeThatEndsBeforeItStartsIsABadUsageNamingBothDates() {
    assertThatThrownBy(
            () -> new Backfill(date("1997-03-31"), date("1997-01-31"), Backfill.Step.DAY, false))
        .isInstanceOf(CohortLakeException.class)
        .hasMessageContaining("--from 1997-03-31 is after --to 1997-01-31")
        .satisfies(
            e ->
                assertThat(((CohortLakeException) e).exitCode())
                    .isEqualTo(ExitCode.BAD_USAGE_OR_CONFIG));
  }
}
