package dev.cohortlake.jobs;

import dev.cohortlake.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a JVM a test starts: this JVM's Java, Spark's module options, the log config.
 */
final class TestJvm {

  private TestJvm() {}

  /** {@code java [options] -cp classpath mainClass}, with {@code jvmOptions} (heap, properties). */
  static List<String> command(String classpath, String mainClass, String... jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(System.getProperty("cohortlake.jvm.options", "").trim().split("\\s+")));
    command.addAll(List.of(jvmOptions));
    command.addAll(
        List.of(
            "-Dlog4j2.configurationFile=" + SharedData.project("conf/log4j2.properties"),
            "-cp",
            classpath,
            mainClass));
    return command;
  }
}
