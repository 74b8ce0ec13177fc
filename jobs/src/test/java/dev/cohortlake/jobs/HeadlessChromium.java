package dev.cohortlake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a report in headless Chromium (Debian's {@code chromium}) as a reader's browser would: the
 * page's own script runs, draws its charts, and records on {@code <body>} which charts it drew and
 * any error (a script error, or a {@code console.error}); a screenshot is saved for a reviewer.
 */
final class HeadlessChromium {

  /** The charts a report of a data set with revenue and CLV scores draws, holdout aside. */
  static final List<String> CHARTS_WITH_REVENUE =
      List.of(
          "chart-monthly-retention",
          "chart-heatmap",
          "chart-curves",
          "chart-revenue",
          "chart-flows",
          "chart-clv-histogram",
          "chart-value-tiers",
          "chart-rejected");

  private static final String CHROMIUM = System.getProperty("chromium", "/usr/bin/chromium");
  private static final Pattern ATTRIBUTE = Pattern.compile("data-(\\w+)=\"([^\"]*)\"");

  /**
   * What the page showed.
   *
   * @param charts the charts drawn, by element id, with their series counts
   * @param errors the page's recorded errors (0 when none)
   * @param finished whether the page's script ran to its end
   * @param dom the page after its script ran, for the notes it shows instead of a chart
   */
  record Rendered(Map<String, Integer> charts, int errors, boolean finished, String dom) {}

  private HeadlessChromium() {}

  /**
   * The report {@code run} printed the path of, opened: it must lie in the run's report folder,
   * hold no machine path, and render to its end without an error. The screenshot is saved as {@code
   * target/report-<name>.png}.
   */
  static Rendered openReport(CliRun run, String name) {
    Matcher printed = Pattern.compile("report: (\\S+\\.html)").matcher(run.out());
    assertThat(printed.find()).as(run.out()).isTrue();
    Path page = Path.of(printed.group(1));
    assertThat(page).startsWith(CliRun.reportFolder(run.warehouse())).isRegularFile();
    try {
      assertThat(Files.readString(page)).doesNotContain(run.warehouse().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Rendered rendered = open(page, Path.of("target", "report-" + name + ".png"));
    assertThat(rendered.errors()).as(rendered.dom()).isZero();
    assertThat(rendered.finished()).as(rendered.dom()).isTrue();
    return rendered;
  }

  /** Renders {@code page}, saves a full-page screenshot to {@code screenshot}, returns the DOM. */
  static Rendered open(Path page, Path screenshot) {
    String dom = chromium(List.of("--dump-dom", page.toUri().toString()));
    chromium(
        List.of(
            "--hide-scrollbars",
            "--window-size=1280,6400",
            "--screenshot=" + screenshot.toAbsolutePath(),
            page.toUri().toString()));
    assertThat(screenshot).isNotEmptyFile();
    Matcher body = Pattern.compile("<body([^>]*)>").matcher(dom);
    assertThat(body.find()).as(dom).isTrue();
    Map<String, String> attributes = new HashMap<>();
    Matcher attribute = ATTRIBUTE.matcher(body.group(1));
    while (attribute.find()) {
      attributes.put(attribute.group(1), attribute.group(2).replace("&quot;", "\""));
    }
    Map<String, Integer> charts = new LinkedHashMap<>();
    try {
      for (Map<String, Object> chart :
          new ObjectMapper()
              .readValue(
                  attributes.getOrDefault("charts", "[]"),
                  new TypeReference<List<Map<String, Object>>>() {})) {
        charts.put((String) chart.get("id"), (Integer) chart.get("series"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Rendered(
        charts,
        Integer.parseInt(attributes.getOrDefault("errors", "0")),
        "true".equals(attributes.get("rendered")),
        dom);
  }

  private static String chromium(List<String> arguments) {
    try {
      Path profile = Files.createTempDirectory("chromium-profile");
      List<String> command =
          new ArrayList<>(
              List.of(
                  CHROMIUM,
                  "--headless",
                  "--no-sandbox",
                  "--disable-gpu",
                  "--disable-quic",
                  "--no-first-run",
                  "--disable-background-networking",
                  "--disable-component-update",
                  "--disable-sync",
                  "--user-data-dir=" + profile,
                  "--virtual-time-budget=15000"));
      command.addAll(arguments);
      Path out = Files.createTempFile("chromium", ".out");
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("chromium ended").isTrue();
      assertThat(process.exitValue()).as("chromium's exit code").isZero();
      return Files.readString(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
