package dev.autograd.internal;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits an elementwise loop over threads when it is long enough to pay for it: more than
 * {@value #GRAIN} elements (PyTorch's grain for its elementwise kernels), into at most
 * {@link #threads()} contiguous ranges, one run by the calling thread and the others in the common
 * fork-join pool. Every element is computed by the same arithmetic whichever range it falls in, so
 * a split changes no bit of any result. Reductions are never split (their order of additions would
 * change).
 *
 * <p>The thread count is fixed for the life of the JVM: the system property
 * {@code autograd.threads}, else the environment variable {@code OPENBLAS_NUM_THREADS} (so one
 * setting governs the BLAS and the elementwise kernels alike), else the number of available
 * processors. Set it to 1 where the caller parallelises already (for example in Spark executors).
 */
public final class Parallel {
  private Parallel() {}

  /** Loops of at most this many elements run on the calling thread alone. */
  public static final int GRAIN = 32_768;

  private static final int THREADS = configuredThreads();

  /** A loop over {@code [lo, hi)}. */
  @FunctionalInterface
  public interface Range {
    /**
     * Runs the loop's body for every index in the range.
     *
     * @param lo the first index
     * @param hi one past the last index
     */
    void run(int lo, int hi);
  }

  /**
   * The number of threads elementwise kernels use (see the class comment).
   *
   * @return at least 1
   */
  public static int threads() {
    return THREADS;
  }

  /**
   * Whether a loop of {@code n} elements is split: more than {@link #GRAIN} elements and more than
   * one thread configured. Kernels test this first, so that short loops call their body directly.
   *
   * @param n the loop's length
   * @return true when {@link #forRange} would split it
   */
  public static boolean splits(int n) {
    return THREADS > 1 && n > GRAIN;
  }

  /**
   * Runs {@code body} over {@code [0, n)} in contiguous ranges of at least {@link #GRAIN} / 2
   * elements, on up to {@link #threads()} threads; returns when all are done.
   *
   * @param n the loop's length
   * @param body the loop over a range
   */
  public static void forRange(int n, Range body) {
    int parts = (int) Math.min(THREADS, Math.max(1, 2L * n / GRAIN));
    if (parts <= 1) {
      body.run(0, n);
      return;
    }
    ForkJoinTask<?>[] others = new ForkJoinTask<?>[parts - 1];
    for (int p = 1; p < parts; p++) {
      int lo = (int) ((long) n * p / parts);
      int hi = (int) ((long) n * (p + 1) / parts);
      others[p - 1] = ForkJoinPool.commonPool().submit(() -> body.run(lo, hi));
    }
    body.run(0, (int) ((long) n / parts));
    for (ForkJoinTask<?> t : others) {
      t.join();
    }
  }

  private static int configuredThreads() {
    String property = System.getProperty("autograd.threads");
    String env = System.getenv("OPENBLAS_NUM_THREADS");
    for (String s : new String[] {property, env}) {
      if (s != null) {
        try {
          return Math.max(1, Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
          // not a number: the next source decides
        }
      }
    }
    return Math.max(1, java.lang.Runtime.getRuntime().availableProcessors());
  }
}
