package dev.cohortlake.run;

import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A range of as-of dates run in one invocation ({@code --from --to --every}), e.g. to fill a new
 * warehouse with a year of month-end snapshots, and which of them still need a run.
 *
 * <p>A date is finished when {@code run_log} has a succeeded run of the same job and dataset with
 * the same config for it, so a backfill that stopped (a failed date, a killed process) resumes
 * where it stopped when the same command is run again; {@code force} runs every date.
 *
 * @param from the first as-of date
 * @param to the last as-of date, included when a step lands on it
 * @param every the step between dates
 * @param force whether dates that already succeeded run again
 */
public record Backfill(LocalDate from, LocalDate to, Step every, boolean force) {

  /** The step between two as-of dates. */
  public enum Step {
    DAY,
    WEEK,
    MONTH
  }

  public Backfill {
    if (from.isAfter(to)) {
      throw Errors.badBackfill("--from " + from + " is after --to " + to);
    }
  }

  /**
   * The as-of dates from {@code from} to {@code to}. Monthly steps keep the day of month of {@code
   * from}, or the month's last day when {@code from} is one: from 1997-01-31 they are 02-28, 03-31.
   */
  public List<LocalDate> dates() {
    boolean monthEnds = from.equals(from.with(TemporalAdjusters.lastDayOfMonth()));
    List<LocalDate> dates = new ArrayList<>();
    for (int i = 0; ; i++) {
      LocalDate date =
          switch (every) {
            case DAY -> from.plusDays(i);
            case WEEK -> from.plusWeeks(i);
            case MONTH ->
                monthEnds
                    ? from.plusMonths(i).with(TemporalAdjusters.lastDayOfMonth())
                    : from.plusMonths(i);
          };
      if (date.isAfter(to)) {
        return dates;
      }
      dates.add(date);
    }
  }

  /** The dates still to run, given the dates that already succeeded. */
  public List<LocalDate> pending(Set<LocalDate> succeeded) {
    return force ? dates() : dates().stream().filter(d -> !succeeded.contains(d)).toList();
  }
}
