package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Training does not keep graphs alive: the heap after 10,000 steps is what it was after 1,000. */
class MemoryTest {

  private static long usedAfterGc() {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      java.lang.Runtime r = java.lang.Runtime.getRuntime();   // not dev.autograd.Runtime
      best = Math.min(best, r.totalMemory() - r.freeMemory());
    }
    return best;
  }

  @Test
  void heap_stays_flat_across_ten_thousand_training_steps() {
    Tensor x = Tensor.randn(1, 32, 10);
    Tensor y = Tensor.rand(2, 32, 1).gt(0.5);
    Tensor w1 = Tensor.randn(3, 10, 16).mul(0.3).detach().requiresGrad(true);
    Tensor b1 = Tensor.zeros(16).requiresGrad(true);
    Tensor w2 = Tensor.randn(4, 16, 1).mul(0.3).detach().requiresGrad(true);
    Tensor[] params = {w1, b1, w2};
    long baseline = 0;
    long allocatedBefore = 0;
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int step = 1; step <= 10_000; step++) {
      Tensor z = x.matmul(w1).add(b1).tanh().matmul(w2);
      Tensor loss = z.softplus().sub(y.mul(z)).mean();
      loss.backward();
      try (var off = GradMode.noGrad()) {
        for (Tensor p : params) {
          double[] w = p.storage();
          double[] g = p.grad().storage();
          for (int i = 0; i < w.length; i++) {
            w[i] -= 0.1 * g[i];
          }
          p.zeroGrad();
        }
      }
      if (step == 1_000) {
        baseline = usedAfterGc();
        allocatedBefore = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
      }
    }
    long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - allocatedBefore;
    long end = usedAfterGc();
    System.out.printf("heap after 1,000 steps %,d bytes, after 10,000 steps %,d bytes; %,d bytes allocated per step%n",
        baseline, end, allocated / 9_000);
    assertTrue(end - baseline < 1_000_000,
        "the heap grew by " + (end - baseline) + " bytes over 9,000 steps; a graph is being kept alive");
  }
}
