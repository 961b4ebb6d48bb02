package dev.autograd.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * A plain Java program, not JMH: trains the MLP 784-256-128-10 of {@code mlp784_autograd} (the
 * same model, data and step) for a number of steps and prints the step time as a user's program
 * sees it, with whatever JVM flags it was started with.
 *
 * <pre>{@code java -cp autograd-bench/target/benchmarks.jar dev.autograd.bench.TrainLoop [steps]}</pre>
 *
 * <p>Prints one line: the median step time over all steps and over the last half (after the JIT
 * has settled), the 10th and 90th percentiles, the time spent in garbage collection and the heap
 * the JVM had at the end.
 */
public final class TrainLoop {
  private TrainLoop() {}

  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    TrainingStepBenchmark.Mnist s = new TrainingStepBenchmark.Mnist();
    s.setup();
    long[] times = new long[steps];
    double loss = 0;
    long gcBefore = gcMillis();
    for (int i = 0; i < steps; i++) {
      long t0 = System.nanoTime();
      loss = s.autograd.step(s.x, s.labels, 1e-3);
      times[i] = System.nanoTime() - t0;
    }
    long gc = gcMillis() - gcBefore;
    long[] all = times.clone();
    long[] late = Arrays.copyOfRange(times, steps / 2, steps);
    Arrays.sort(all);
    Arrays.sort(late);
    System.out.printf(Locale.ROOT,
        "TrainLoop: %d steps of MLP 784-256-128-10 (batch 128): median %.1f us, last half %.1f us, "
            + "p10 %.1f us, p90 %.1f us; GC %d ms; heap %d MB; final loss %.4f%n",
        steps, all[steps / 2] / 1e3, late[late.length / 2] / 1e3, all[steps / 10] / 1e3, all[steps * 9 / 10] / 1e3,
        gc, java.lang.Runtime.getRuntime().totalMemory() >> 20, loss);
  }

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, b.getCollectionTime());
    }
    return sum;
  }
}
