package dev.cohortlake.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per warehouse: a lock file, {@code _cohortlake.lock} under the warehouse root,
 * that names the run holding it. A second run fails fast naming the holder, instead of meeting it
 * half-way in a Delta conflict.
 *
 * <p>A lock whose holder is gone is taken over: the holder's process no longer exists on this host,
 * or (for a holder on another host) its heartbeat, the file's modification time renewed every
 * {@value #HEARTBEAT_SECONDS} s, is older than {@value #STALE_SECONDS} s. The run that takes it
 * over learns who held it, so that {@code run_log} can record that run as interrupted.
 *
 * <p>Creating the file without overwrite is atomic on local disks and HDFS. Object stores (s3a)
 * give no such guarantee: there, schedule one run at a time per warehouse.
 */
public final class WarehouseLock implements AutoCloseable {

  static final String FILE = "_cohortlake.lock";
  static final long HEARTBEAT_SECONDS = 30;
  static final long STALE_SECONDS = 300;
  private static final Logger LOG = LoggerFactory.getLogger(WarehouseLock.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileSystem fs;
  private final Path file;
  private final Holder taken;
  private final ScheduledExecutorService heartbeat;

  private WarehouseLock(FileSystem fs, Path file, Holder taken) {
    this.fs = fs;
    this.file = file;
    this.taken = taken;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "cohortlake-lock-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
    heartbeat.scheduleAtFixedRate(
        this::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Takes the warehouse's lock for {@code run}.
   *
   * @throws CohortLakeException (exit code 1) naming the live run that holds it
   */
  public static WarehouseLock acquire(Configuration hadoop, String warehouseRoot, RunContext run) {
    try {
      Path file = new Path(warehouseRoot, FILE);
      FileSystem fs = file.getFileSystem(hadoop);
      Holder me = Holder.of(run);
      Holder taken = null;
      if (fs.exists(file)) {
        Optional<Holder> holder = read(fs, file);
        if (!isStale(fs, file, holder)) {
          throw Errors.warehouseBusy(
              warehouseRoot, holder.map(Holder::describe).orElse("a run that is starting"));
        }
        // Renaming is atomic: of two runs taking over the same stale lock, one wins.
        Path aside = new Path(warehouseRoot, FILE + ".stale-" + run.runId());
        if (!fs.rename(file, aside)) {
          throw Errors.warehouseBusy(warehouseRoot, "a run that took over a stale lock just now");
        }
        fs.delete(aside, false);
        taken = holder.orElse(null);
        LOG.warn(
            "Run {} takes over the lock of {}, which is no longer running",
            run.runId(),
            holder.map(Holder::describe).orElse("a run that left an unreadable lock"));
      }
      try (OutputStream out = fs.create(file, false)) {
        out.write(JSON.writeValueAsBytes(me));
      } catch (FileAlreadyExistsException e) {
        throw Errors.warehouseBusy(
            warehouseRoot, read(fs, file).map(Holder::describe).orElse("a run that is starting"));
      }
      return new WarehouseLock(fs, file, taken);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot take the lock of warehouse " + warehouseRoot, e);
    }
  }

  /** The run that held the lock before it was taken over from a dead process, if any. */
  public Optional<Holder> takenOverFrom() {
    return Optional.ofNullable(taken);
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      fs.delete(file, false);
    } catch (IOException e) {
      LOG.warn("Could not remove the warehouse lock {}; the next run will take it over", file, e);
    }
  }

  private void beat() {
    try {
      long now = System.currentTimeMillis();
      fs.setTimes(file, now, -1);
    } catch (IOException e) {
      LOG.warn("Could not renew the warehouse lock {}", file, e);
    }
  }

  private static boolean isStale(FileSystem fs, Path file, Optional<Holder> holder)
      throws IOException {
    if (holder.isPresent() && holder.get().host().equals(hostName())) {
      return ProcessHandle.of(holder.get().pid()).map(p -> !p.isAlive()).orElse(true);
    }
    FileStatus status = fs.getFileStatus(file);
    return System.currentTimeMillis() - status.getModificationTime() > STALE_SECONDS * 1000;
  }

  private static Optional<Holder> read(FileSystem fs, Path file) {
    try (FSDataInputStream in = fs.open(file)) {
      return Optional.of(JSON.readValue(in.readAllBytes(), Holder.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /**
   * Who holds the lock: enough to name the run in a message and to record it in run_log if it dies
   * holding the lock.
   *
   * @param runId the holder's run id
   * @param job the job it runs
   * @param dataset the dataset of its config
   * @param asOf its --as-of date, yyyy-MM-dd
   * @param startedAt when it started, ISO-8601
   * @param configHash the hash of its config
   * @param host the host its process runs on
   * @param pid its process id
   */
  public record Holder(
      String runId,
      String job,
      String dataset,
      String asOf,
      String startedAt,
      String configHash,
      String host,
      long pid) {

    static Holder of(RunContext run) {
      return new Holder(
          run.runId(),
          run.job(),
          run.config().dataset(),
          run.asOf().toString(),
          run.startedAt().toString(),
          run.config().fingerprint(),
          hostName(),
          ProcessHandle.current().pid());
    }

    public LocalDate asOfDate() {
      return LocalDate.parse(asOf);
    }

    public Instant started() {
      return Instant.parse(startedAt);
    }

    String describe() {
      return String.format(
          "run %s (%s, as of %s, started %s, process %d on %s)",
          runId, job, asOf, startedAt, pid, host);
    }
  }
}
