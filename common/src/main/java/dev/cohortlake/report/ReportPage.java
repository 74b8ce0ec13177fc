package dev.cohortlake.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.cohortlake.run.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The report as one self-contained HTML page: the template ({@code cohortlake/report/report.html})
 * with Apache ECharts inlined from its webjar and the report's numbers as JSON beside the chart
 * code, so the page opens offline and holds no machine paths.
 */
public final class ReportPage {

  private static final String TEMPLATE = "/cohortlake/report/report.html";
  private static final String ECHARTS_WEBJAR = "/META-INF/resources/webjars/echarts/";
  private static final String ECHARTS_POM =
      "/META-INF/maven/org.webjars.npm/echarts/pom.properties";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportPage() {}

  /** The page for {@code dataset} as of {@code asOf}, from {@link ReportData}'s sections. */
  public static String render(String dataset, LocalDate asOf, Map<String, String> sections) {
    String title = "Cohort Lake report: " + escapeHtml(dataset) + ", as of " + asOf;
    ObjectNode report = JSON.createObjectNode();
    report.put("dataset", dataset).put("as_of", asOf.toString()).put("version", Version.get());
    ObjectNode parts = report.putObject("sections");
    sections.forEach((name, rows) -> parts.putRawValue(name, new RawValue(rows)));
    String json = report.toString();
    // Inside a script element only "</" could end it early.
    return resource(TEMPLATE)
        .replace("{{TITLE}}", title)
        .replace("/*ECHARTS*/", echarts())
        .replace("/*DATA*/", json.replace("</", "<\\/"));
  }

  /**
   * Writes the page as {@code <folder>/<dataset>-<asOf>.html} (any Hadoop file system URI, or a
   * local folder) and returns the file's location.
   */
  public static String write(
      Configuration hadoop, String folder, String dataset, LocalDate asOf, String page) {
    Path file =
        new Path(
            new Path(folder), dataset.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + asOf + ".html");
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      fs.setWriteChecksum(false);
      Path qualified = fs.makeQualified(file);
      try (OutputStream out = fs.create(qualified, true)) {
        out.write(page.getBytes(StandardCharsets.UTF_8));
      }
      return qualified.toUri().getScheme().equals("file")
          ? qualified.toUri().getPath()
          : qualified.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the report to " + file, e);
    }
  }

  private static String echarts() {
    Properties pom = new Properties();
    try (InputStream in = ReportPage.class.getResourceAsStream(ECHARTS_POM)) {
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return resource(ECHARTS_WEBJAR + pom.getProperty("version") + "/dist/echarts.min.js");
  }

  private static String resource(String name) {
    try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Resource " + name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String escapeHtml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
