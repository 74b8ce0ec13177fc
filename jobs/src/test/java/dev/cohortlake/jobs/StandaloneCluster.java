package dev.cohortlake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Spark standalone cluster on loopback: a {@code Master} and workers, each a JVM of its own
 * started from the Maven-resolved Spark jars (a {@code SPARK_HOME} whose {@code jars/} links to
 * them, where workers find the executors' classpath). Closing it stops every process it started,
 * with their children (the executors).
 */
final class StandaloneCluster implements AutoCloseable {

  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

  private final List<Process> processes = new ArrayList<>();
  private final Path home;
  private final int masterPort;
  private final int masterUiPort;

  private StandaloneCluster(Path home, int masterPort, int masterUiPort) {
    this.home = home;
    this.masterPort = masterPort;
    this.masterUiPort = masterUiPort;
  }

  /**
   * Starts a master and {@code workers} workers of one core each, and waits until all are alive.
   */
  static StandaloneCluster start(Path dir, List<String> sparkClasspath, int workers)
      throws IOException, InterruptedException {
    Path home = dir.resolve("spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    for (String entry : sparkClasspath) {
      Path jar = Path.of(entry);
      if (entry.endsWith(".jar") && !Files.exists(jars.resolve(jar.getFileName()))) {
        Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
      }
    }
    // What a Spark distribution has and the workers' executor launcher looks for.
    Files.writeString(home.resolve("RELEASE"), "Spark 4.1.0 (Maven-resolved jars, for tests)\n");
    StandaloneCluster cluster = new StandaloneCluster(home, freePort(), freePort());
    cluster.launch(
        dir.resolve("master.log"),
        "org.apache.spark.deploy.master.Master",
        "--host",
        "127.0.0.1",
        "--port",
        String.valueOf(cluster.masterPort),
        "--webui-port",
        String.valueOf(cluster.masterUiPort));
    for (int i = 0; i < workers; i++) {
      cluster.launch(
          dir.resolve("worker-" + i + ".log"),
          "org.apache.spark.deploy.worker.Worker",
          "--host",
          "127.0.0.1",
          "--port",
          String.valueOf(freePort()),
          "--webui-port",
          String.valueOf(freePort()),
          "--cores",
          "1",
          "--memory",
          "2g",
          "--work-dir",
          Files.createDirectories(dir.resolve("work-" + i)).toString(),
          cluster.masterUrl());
    }
    cluster.awaitAliveWorkers(workers);
    return cluster;
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The master's status as JSON: workers, running and completed applications. */
  String status() throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
            .timeout(Duration.ofSeconds(5))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The processes this cluster started and their descendants that are still alive. */
  List<ProcessHandle> aliveProcesses() {
    List<ProcessHandle> alive = new ArrayList<>();
    for (Process process : processes) {
      process.descendants().filter(ProcessHandle::isAlive).forEach(alive::add);
      if (process.isAlive()) {
        alive.add(process.toHandle());
      }
    }
    return alive;
  }

  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> all = aliveProcesses();
    // Workers first (their shutdown kills their executors), then the master.
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).destroy();
      processes.get(i).waitFor(30, TimeUnit.SECONDS);
    }
    for (ProcessHandle handle : all) {
      if (handle.isAlive()) {
        handle.destroyForcibly();
      }
    }
  }

  private void launch(Path log, String mainClass, String... args) throws IOException {
    List<String> command = TestJvm.command(home.resolve("jars") + "/*", mainClass, "-Xmx512m");
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_HOME", home.toString());
    builder.environment().put("SPARK_SCALA_VERSION", "2.13");
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    processes.add(builder.start());
  }

  private void awaitAliveWorkers(int workers) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      try {
        Matcher alive = ALIVE_WORKERS.matcher(status());
        if (alive.find() && Integer.parseInt(alive.group(1)) >= workers) {
          return;
        }
      } catch (IOException e) {
        // The master's web UI is not up yet.
      }
      Thread.sleep(500);
    }
    assertThat(false).as("%d workers registered with the master within 120 s", workers).isTrue();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Reads a file, for failure messages. */
  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "(no " + file + ")";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
