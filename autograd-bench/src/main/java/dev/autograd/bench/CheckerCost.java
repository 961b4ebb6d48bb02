package dev.autograd.bench;

import dev.autograd.check.PropertyCheck;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The gradient checker's cost: the time of {@code PropertyCheck.expressions()} over 1,000 random
 * graphs (up to 8 op nodes each) at first and second order, the workload of the core's own property
 * test. A plain timing harness (not JMH: one run takes seconds, and the number users see is a run's
 * wall time), meant to be run in one JVM per build, interleaved, by {@code checker-cost.sh}, which
 * puts the old and the new build's core jar on the class path in turn; it uses only API present in
 * both.
 *
 * <p>Usage: {@code CheckerCost [repetitions] [cases]} (defaults 5 and 1000); after one untimed
 * warm-up run of as many cases (another seed), prints one line per repetition, {@code cases
 * wall-seconds cpu-seconds passed} (CPU time of the main thread, which the scheduling of other
 * processes on a shared machine does not inflate), then the medians and ranges. Repetition {@code i}
 * uses seed {@code 20261126 + i}, so the builds check the same graphs.
 */
public final class CheckerCost {
  private CheckerCost() {}

  public static void main(String[] args) {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int cases = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    run(cases, 1);
    double[] wall = new double[repetitions];
    double[] cpu = new double[repetitions];
    for (int i = 0; i < repetitions; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      boolean passed = run(cases, 20261126 + i);
      wall[i] = (System.nanoTime() - t0) / 1e9;
      cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
      System.out.printf(Locale.ROOT, "%d %.3f %.3f %s%n", cases, wall[i], cpu[i], passed);
    }
    System.out.println("wall " + summary(wall) + "; cpu " + summary(cpu));
  }

  private static String summary(double[] seconds) {
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    return String.format(Locale.ROOT, "median %.3f s, range %.3f-%.3f s", sorted[sorted.length / 2], sorted[0],
        sorted[sorted.length - 1]);
  }

  private static boolean run(int cases, long seed) {
    return PropertyCheck.expressions().cases(cases).seed(seed).maxNodes(8).secondOrder(true).run().passed();
  }
}
