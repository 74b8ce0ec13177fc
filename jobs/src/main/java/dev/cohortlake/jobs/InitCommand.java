package dev.cohortlake.jobs;

import dev.cohortlake.config.CatalogConfig;
import dev.cohortlake.init.ColumnRoles;
import dev.cohortlake.init.ColumnRoles.Role;
import dev.cohortlake.init.ProposedConfig;
import dev.cohortlake.init.SourceSample;
import dev.cohortlake.run.Errors;
import dev.cohortlake.run.ExitCode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cohortlake init}: reads a sample of a new export, proposes how its columns map onto an
 * order line, shows what it guessed and why, and writes a commented config that {@code all} runs as
 * it is (or refuses, naming each key left as a TODO).
 */
@Command(
    name = "init",
    description = "Propose a dataset config from a new export (CSV, text, Parquet or Delta).")
final class InitCommand implements Callable<Integer> {

  @ParentCommand CohortLakeCli parent;

  @Option(
      names = "--source",
      required = true,
      paramLabel = "FILE_OR_FOLDER",
      description = "The export: a file, or a folder of files.")
  Path source;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Where to write the config. Default: conf/<name of the source>.conf.")
  Path output;

  @Option(names = "--force", description = "Replace the output file if it exists.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    if (!Files.exists(source)) {
      throw Errors.sourceNotFound("--source", source.toString());
    }
    String dataset = ProposedConfig.datasetName(source);
    Path target = output != null ? output : Path.of("conf", dataset + ".conf");
    if (Files.exists(target) && !force) {
      throw Errors.badConfigValue(
          "--output", target, "that file exists; pass --force to replace it, or another --output");
    }
    SourceSample sample = SourceSample.read(() -> parent.session(CatalogConfig.off()), source);
    ColumnRoles.Guess guess = ColumnRoles.guess(sample.columns(), sample.rows());
    String config = ProposedConfig.render(dataset, source.toString(), sample, guess);
    if (target.getParent() != null) {
      Files.createDirectories(target.getParent());
    }
    Files.writeString(target, config);
    print(parent.out(), sample, guess, target, config);
    return ExitCode.SUCCESS.code();
  }

  private static void print(
      PrintStream out, SourceSample sample, ColumnRoles.Guess guess, Path target, String config) {
    out.printf(
        "%s source, %s, %d rows sampled from %s%n",
        sample.format().name().toLowerCase(Locale.ROOT),
        sample.header() ? "with a header" : "no header",
        sample.rows().size(),
        sample.sampled().getFileName());
    for (Role role : Role.values()) {
      String column = guess.columns().get(role);
      String why = guess.reasons().get(role);
      if (column != null || why != null) {
        out.printf("  %-12s %-16s %s%n", role.key(), column == null ? "(none)" : column, why);
      }
    }
    guess.timeFormat().ifPresent(f -> out.printf("  %-12s %-16s%n", "time format", f));
    if (!guess.segments().isEmpty()) {
      out.printf("  %-12s %s%n", "segments", String.join(", ", guess.segments()));
    }
    long todos = config.lines().filter(l -> l.contains(ProposedConfig.TODO)).count();
    out.printf("%nWrote %s.%n", target);
    out.println(
        todos == 0
            ? "Check the guesses in it, then run: scripts/cohortlake all --config "
                + target
                + " --as-of <the last order date>"
            : todos
                + " value(s) could not be decided and are marked TODO in it; `all` refuses to run"
                + " until they are replaced.");
  }
}
