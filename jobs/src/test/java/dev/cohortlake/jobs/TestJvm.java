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

  /**
   * {@code mainClass} on this JVM's classpath with a small local Spark ({@code local[2]}, two
   * shuffle partitions, no UI, on loopback), as the tests' own session is.
   */
  static List<String> localSpark(String mainClass) {
    return command(
        System.getProperty("java.class.path"),
        mainClass,
        "-Xmx2g",
        "-Dspark.master=local[2]",
        "-Dspark.sql.shuffle.partitions=2",
        "-Dspark.ui.enabled=false",
        "-Dspark.driver.host=127.0.0.1");
  }

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
