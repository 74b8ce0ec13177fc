package dev.cohortlake.init;

import dev.cohortlake.config.SourceConfig.SourceFormat;
import dev.cohortlake.init.ColumnRoles.Guess;
import dev.cohortlake.init.ColumnRoles.Role;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes what {@code cohortlake init} found as a commented dataset config that {@code all} runs as
 * it is: each guessed line says why it was guessed, and each key it could not decide holds a value
 * starting with {@value #TODO}, which the config loader refuses by name until it is replaced.
 */
public final class ProposedConfig {

  /** How an undecided value starts; {@code ConfigLoader} stops a run on it. */
  public static final String TODO = "TODO:";

  private ProposedConfig() {}

  /**
   * The config text.
   *
   * @param dataset the dataset name
   * @param sourcePath the source path as the user gave it
   */
  public static String render(String dataset, String sourcePath, SourceSample sample, Guess guess) {
    StringBuilder conf = new StringBuilder();
    String columns = String.join(", ", sample.columns());
    conf.append("# Proposed by `cohortlake init` from ")
        .append(sample.sampled().getFileName())
        .append(" (")
        .append(sample.rows().size())
        .append(" rows sampled). Check each guess")
        .append(
            guess.columns().containsKey(Role.CUSTOMER) && guess.columns().containsKey(Role.ORDER_TS)
                ? ", then run\n"
                : " and fill in what it could not decide, then run\n")
        .append("#   scripts/cohortlake all --config THIS_FILE --as-of <the last order date>\n")
        .append("# Every key and its default: common/src/main/resources/reference.conf.\n")
        .append("cohortlake {\n")
        .append("  dataset = ")
        .append(quote(dataset))
        .append("\n  source {\n    format = ")
        .append(sample.format().name().toLowerCase(Locale.ROOT))
        .append("\n    path = ")
        .append(quote(sourcePath))
        .append('\n');
    if (sample.format() == SourceFormat.CSV) {
      conf.append("    # The delimiter and header were detected from the first lines.\n")
          .append("    csv { delimiter = ")
          .append(quote(sample.delimiter().equals("\t") ? "\\t" : sample.delimiter()))
          .append(", header = ")
          .append(sample.header())
          .append(" }\n");
    } else if (sample.format() == SourceFormat.TEXT) {
      conf.append("    text.header = ").append(sample.header()).append('\n');
    }
    if (!sample.header()
        && (sample.format() == SourceFormat.CSV || sample.format() == SourceFormat.TEXT)) {
      conf.append("    # No header line: the columns are named in file order.\n")
          .append("    columns = [")
          .append(
              sample.columns().stream()
                  .map(ProposedConfig::quote)
                  .collect(Collectors.joining(", ")))
          .append("]\n");
    }
    conf.append("    # The zone of the wall-clock times in the file; UTC unless you know better.\n")
        .append("    timezone = \"UTC\"\n  }\n  mapping {\n")
        .append("    # Source columns: ")
        .append(columns)
        .append('\n');
    for (Role role : Role.values()) {
      String column = guess.columns().get(role);
      String why = guess.reasons().get(role);
      if (column != null) {
        conf.append("    # guessed: ").append(why).append('\n');
        conf.append("    ").append(role.key()).append(" = ").append(quote(column)).append('\n');
        if (role == Role.ORDER_TS) {
          conf.append("    order-ts-format = ")
              .append(quote(guess.timeFormat().orElseThrow()))
              .append('\n');
        }
      } else if (role == Role.CUSTOMER || role == Role.ORDER_TS) {
        conf.append("    # could not decide: ").append(why).append('\n');
        conf.append("    ")
            .append(role.key())
            .append(" = ")
            .append(quote(TODO + " name the column that holds the " + describe(role)))
            .append('\n');
      } else if (why != null) {
        conf.append("    # ").append(why).append('\n');
      }
    }
    if (!guess.columns().containsKey(Role.ORDER_ID)) {
      conf.append("    # No order id: one order is one customer and ")
          .append(guess.dayGrain() ? "day" : "timestamp")
          .append(".\n    order-grain = ")
          .append(guess.dayGrain() ? "day" : "timestamp")
          .append('\n');
    }
    if (!guess.segments().isEmpty()) {
      conf.append("    # guessed: text columns with few values, named like a segment\n")
          .append("    segments { ")
          .append(
              guess.segments().stream()
                  .map(s -> segmentName(s) + " = " + quote(s))
                  .collect(Collectors.joining(", ")))
          .append(" }\n");
    }
    if (!guess.segmentCandidates().isEmpty()) {
      conf.append("    # Other text columns with few values, possible segments: ")
          .append(String.join(", ", guess.segmentCandidates()))
          .append('\n');
    }
    conf.append("  }\n");
    if (!guess.segments().isEmpty()) {
      conf.append("  # Cohort and retention tables are also split by these segments.\n")
          .append("  cohorts.segments = [")
          .append(
              guess.segments().stream()
                  .map(ProposedConfig::segmentName)
                  .collect(Collectors.joining(", ")))
          .append("]\n");
    }
    conf.append(
            "  # Cleaning keeps its defaults (reference.conf): duplicates, missing customers and"
                + " non-positive prices\n  # are quarantined to rejected_rows. Cancellations:"
                + " set cleaning.cancellations and cleaning.cancellation-prefix.\n")
        .append("}\n");
    return conf.toString();
  }

  /** A dataset name for a source: its file or folder name without extensions, in snake case. */
  public static String datasetName(Path source) {
    String name = source.toAbsolutePath().normalize().getFileName().toString();
    return segmentName(name.replaceAll("(\\.(csv|tsv|txt|gz|parquet|json))+$", ""));
  }

  /** The canonical segment name of a column: lower snake case. */
  static String segmentName(String column) {
    return column
        .replaceAll("([a-z])([A-Z])", "$1_$2")
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9]+", "_")
        .replaceAll("^_|_$", "");
  }

  private static String describe(Role role) {
    return role == Role.CUSTOMER ? "customer id" : "order date or time";
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
