package dev.cohortlake.config;

import java.util.List;

/**
 * What the {@code maintain} job does to the warehouse's tables.
 *
 * @param zOrderTables tables whose files OPTIMIZE also clusters by customer_id
 * @param vacuumRetentionHours how long VACUUM keeps files that no current version needs
 * @param checkLastRuns how many of the latest succeeded runs must stay readable by time travel
 */
public record MaintainConfig(
    List<String> zOrderTables, int vacuumRetentionHours, int checkLastRuns) {

  /** Delta's own floor for VACUUM's retention (its retentionDurationCheck). */
  public static final int DELTA_SAFE_RETENTION_HOURS = 168;
}
