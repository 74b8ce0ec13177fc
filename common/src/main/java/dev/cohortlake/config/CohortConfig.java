package dev.cohortlake.config;

import java.util.List;

/**
 * How cohort and retention tables are built.
 *
 * @param segments the segment dimensions tables are split by, besides {@code all}
 * @param activeWindowMonths trailing months that define the active customer base
 * @param projectionHorizonMonths months past the observed periods that retention is projected
 */
public record CohortConfig(
    List<String> segments, int activeWindowMonths, int projectionHorizonMonths) {}
