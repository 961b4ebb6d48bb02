package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Rules that write into a dead gradient (Primitive.vjpOverwriting) give exactly the gradients of
 * the ordinary rules, in every way a gradient can be shared, and they do save the allocation.
 */
class DeadGradientTest {

  /** Gradients with and without reuse: createGraph turns reuse off, so it is the reference. */
  private static void sameBothWays(String what, Function<Tensor[], Tensor> f, Tensor... xs) {
    Tensor[] a = Autograd.gradients(f.apply(xs), Tensor.scalar(1), xs, false, false).toArray();
    Tensor[] b = Autograd.gradients(f.apply(xs), Tensor.scalar(1), xs, true, true).toArray();
    for (int i = 0; i < xs.length; i++) {
      assertArrayEquals(b[i].toArray(), a[i].toArray(), 0, what + ": gradient " + i);
    }
  }

  private static Tensor p(long seed, int... shape) {
    return Tensor.randn(seed, shape).requiresGrad(true);
  }

  @Test
  void reuseGivesTheOrdinaryGradientsWhereverAGradientIsShared() {
    // at least 64 elements per gradient: shorter ones are never reused (Backprop.REUSE_MIN)
    Tensor x = p(1, 16, 5);
    Tensor w = p(2, 5, 8);
    Tensor c = Tensor.randn(3, 16, 8);
    Tensor row = Tensor.randn(12, 8);
    List<Function<Tensor[], Tensor>> cases = List.of(
        v -> v[0].matmul(v[1]).relu().mul(c).sum(),                         // a chain of reused gradients
        v -> { Tensor h = v[0].matmul(v[1]); return h.relu().add(h.sigmoid()).mul(c).sum(); },  // fan-out
        v -> { Tensor h = v[0].matmul(v[1]).tanh(); return h.mul(h).sum(); },  // mul of a tensor by itself
        v -> { Tensor h = v[0].matmul(v[1]); Tensor s = h.add(h); return s.relu().neg().mul(c).sum(); },  // one tensor passed twice
        v -> v[0].matmul(v[1]).reshape(128).sigmoid().reshape(16, 8).mul(c).sum(),  // views of one array
        v -> { Tensor h = v[0].matmul(v[1]).mul(c); return h.relu().sum().add(h.neg().sum()); },
        v -> v[0].matmul(v[1]).mul(v[0].matmul(v[1]).tanh()).sum(),
        v -> v[0].matmul(v[1]).add(Tensor.ones(8)).relu().mul(c).sum(),
        v -> v[0].matmul(v[1]).mul(row).relu().mul(c).sum(),                 // mul broadcasting a row: no overwriting
        v -> v[0].matmul(v[1]).logSoftmax(1).mul(c).sum(),
        v -> v[0].matmul(v[1]).logSoftmax(0).mul(c).sum(),
        v -> v[0].matmul(v[1]).relu().logSoftmax(1).pick(new int[] {0, 3, 1, 1, 2, 0, 7, 5, 4, 6, 2, 3, 1, 0, 7, 6}).mean().neg());    // broadcast: summed gradient reused
    for (int k = 0; k < cases.size(); k++) {
      sameBothWays("case " + k, cases.get(k), x, w);
    }
    // The float32 rules that overwrite give the same bits as their float32 composites.
    Tensor x32 = x.detach().to(DType.FLOAT32).requiresGrad(true);
    Tensor w32 = w.detach().to(DType.FLOAT32).requiresGrad(true);
    for (int k = 0; k < cases.size(); k++) {
      sameBothWays("float32 case " + k, cases.get(k), x32, w32);
    }
  }

  @Test
  void aCrossEntropyOfManyRowsScattersIntoOneNewArray() {
    // 128 picked log-probabilities: pick's (gather's) incoming gradient is dead, so its rule
    // scatters straight into one new array (vjpOverwriting), in float64 and float32 alike
    int n = 128;
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (i * 7 + 3) % 8;
    }
    for (DType dtype : DType.values()) {
      Tensor x = p(13, n, 5).detach().to(dtype).requiresGrad(true);
      Tensor w = p(14, 5, 8).detach().to(dtype).requiresGrad(true);
      sameBothWays(dtype + " cross-entropy", v -> v[0].matmul(v[1]).logSoftmax(1).pick(labels).mean().neg(), x, w);
    }
  }

  @Test
  void anAskedForGradientIsNotOverwritten() {
    Tensor x = p(4, 16, 3);
    Tensor w = p(5, 3, 8);
    Tensor h = x.matmul(w);
    Tensor r = h.relu();
    Tensor loss = r.mul(Tensor.randn(6, 16, 8)).sum();
    Tensor[] g = Autograd.gradients(loss, Tensor.scalar(1), new Tensor[] {r, h, w}, false, true).toArray();
    Tensor[] ref = Autograd.gradients(loss, Tensor.scalar(1), new Tensor[] {r, h, w}, true, true).toArray();
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(ref[i].toArray(), g[i].toArray(), 0, "gradient " + i);
    }
  }

  @Test
  void aRetainedGraphGivesTheSameGradientsTwice() {
    Tensor x = p(7, 20, 4);
    Tensor w = p(8, 4, 8);
    Tensor loss = x.matmul(w).relu().sigmoid().tanh().neg().sum();
    loss.backward(Tensor.scalar(1), true);
    double[] first = w.grad().toArray();
    w.zeroGrad();
    x.zeroGrad();
    loss.backward(Tensor.scalar(1), true);
    assertArrayEquals(first, w.grad().toArray(), 0);
  }

  @Test
  void reluAfterAProductAllocatesNoGradientOfItsOwn() {
    int n = 256;
    int k = 64;
    Tensor x = Tensor.randn(9, n, k);
    Tensor w = p(10, k, k);
    Tensor c = Tensor.randn(11, n, k);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long least = Long.MAX_VALUE;
    for (int rep = 0; rep < 20; rep++) {
      Tensor loss = x.matmul(w).relu().mul(c).sum();
      long before = threads.getThreadAllocatedBytes(id);
      loss.backward();
      least = Math.min(least, threads.getThreadAllocatedBytes(id) - before);
      w.zeroGrad();
    }
    // The backward's arrays: sum's gradient and mul's (n·k each, the latter then overwritten by
    // relu's rule) and the weight's (k·k); an own gradient for relu would add another n·k.
    long arrays = 8L * (2 * n * k + k * k);
    assertTrue(least < arrays + 8L * n * k / 2,
        "a backward pass of matmul-relu-mul-sum allocated " + least + " bytes; its arrays take " + arrays);
  }
}
