package dev.cohortlake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's {@code postgresql} package) for a test: a new cluster in a
 * temporary folder, password authentication, listening on a free loopback port; {@link #close()}
 * stops it and deletes the folder. PostgreSQL refuses to run as root, so under root the server runs
 * as the package's {@code postgres} user.
 */
final class PostgresServer implements AutoCloseable {

  static final String USER = "shop";
  static final String PASSWORD = "s3cret-for-tests";

  private final Path home;
  private final Path bin;
  private final int port;

  private PostgresServer(Path home, Path bin, int port) {
    this.home = home;
    this.bin = bin;
    this.port = port;
  }

  static PostgresServer start() {
    try {
      Path bin = binaries();
      Path home = Files.createTempDirectory("cohortlake-postgres");
      Files.writeString(home.resolve("password"), PASSWORD);
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      if (asRoot()) {
        run("chown", "-R", "postgres:postgres", home.toString());
      }
      PostgresServer server = new PostgresServer(home, bin, port);
      server.pg(
          "initdb",
          "-D",
          home.resolve("data").toString(),
          "-U",
          USER,
          "--pwfile=" + home.resolve("password"),
          "--auth=scram-sha-256",
          "--no-sync");
      server.pg(
          "pg_ctl",
          "-D",
          home.resolve("data").toString(),
          "-l",
          home.resolve("server.log").toString(),
          "-w",
          "-o",
          "-p " + port + " -h 127.0.0.1 -k " + home,
          "start");
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JDBC URL of the server's {@code postgres} database. */
  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), USER, PASSWORD);
  }

  @Override
  public void close() {
    pg("pg_ctl", "-D", home.resolve("data").toString(), "-m", "fast", "-w", "stop");
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void pg(String program, String... args) {
    List<String> command = new ArrayList<>();
    if (asRoot()) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(Arrays.asList(args));
    run(command.toArray(String[]::new));
  }

  private static void run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s ended", command[0]).isTrue();
      assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** The newest installed PostgreSQL's programs ({@code /usr/lib/postgresql/<version>/bin}). */
  private static Path binaries() throws IOException {
    Path installed = Path.of("/usr/lib/postgresql");
    assertThat(installed).as("PostgreSQL (Debian package postgresql) is installed").isDirectory();
    try (Stream<Path> versions = Files.list(installed)) {
      return versions
          .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
          .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
          .orElseThrow(() -> new AssertionError("no initdb under " + installed))
          .resolve("bin");
    }
  }
}
