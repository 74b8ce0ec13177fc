package dev.cohortlake.config;

/**
 * Whether {@code all} ends with the HTML report, and where reports are written.
 *
 * @param enabled write the report as the last step of {@code all}
 * @param path the folder (or URI) of the reports, one file per dataset and as-of date
 */
public record ReportConfig(boolean enabled, String path) {}
