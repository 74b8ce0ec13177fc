package dev.cohortlake.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs independent parts of a job at the same time, each on a thread of its own, and returns their
 * results in the order given.
 *
 * <p>It exists because a local run on a few cores is often half idle: while the driver plans a
 * query, commits to Delta or fits a model, the executor cores wait. Parts that only read cached
 * data and write tables of their own fill those waits for each other. Each table commit is atomic
 * on its own, so a part that fails does not stop the others; once all have ended, the first
 * failure in the order given is rethrown.
 */
public final class SideBySide {

  private SideBySide() {}

  public static <T> List<T> run(List<Supplier<T>> parts) {
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(parts.size(), work -> {
      Thread thread = new Thread(work, "cohortlake-part-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<T>> futures = parts.stream().map(part -> pool.submit(part::get)).toList();
      List<T> results = new ArrayList<>();
      Throwable failure = null;
      for (Future<T> future : futures) {
        try {
          results.add(future.get());
        } catch (ExecutionException e) {
          failure = failure == null ? e.getCause() : failure;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while waiting for the parts of a job", e);
        }
      }
      if (failure instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (failure instanceof Error error) {
        throw error;
      }
      if (failure != null) {
        throw new IllegalStateException(failure);
      }
      return results;
    } finally {
      pool.shutdown();
    }
  }
}
