package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.ops.Reduce;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The engine keeps a pass's working state to itself, primitives keep nothing between applications,
 * and a backward pass is all or nothing. Each test reproduces a defect of the earlier engine.
 */
class PassStateTest {

  // ---------------------------------------------------------------- immutable primitives

  @Test
  void one_max_instance_applied_twice_differentiates_each_graph_with_its_own_arg_max() {
    Primitive max = new Reduce.Extremum(new int[0], false, true);
    Tensor a = Tensor.vector(1, 5, 2).requiresGrad(true);
    Tensor b = Tensor.vector(9, 0, 0).requiresGrad(true);
    Tensor ya = max.apply(a);
    Tensor yb = max.apply(b);
    ya.backward();
    yb.backward();
    assertArrayEquals(new double[] {0, 1, 0}, a.grad().toArray(), 0);
    assertArrayEquals(new double[] {1, 0, 0}, b.grad().toArray(), 0);
  }

  @Test
  void every_built_in_primitive_keeps_only_final_fields() throws Exception {
    for (Class<?> holder : new Class<?>[] {
        dev.autograd.ops.Elementwise.class, Reduce.class, dev.autograd.ops.Movement.class,
        dev.autograd.ops.LinearAlgebra.class, dev.autograd.ops.Convolution.class,
        dev.autograd.ops.NeuralNet.class}) {
      for (Class<?> c : holder.getDeclaredClasses()) {
        if (!Primitive.class.isAssignableFrom(c)) {
          continue;
        }
        for (Class<?> k = c; k != Primitive.class; k = k.getSuperclass()) {
          for (Field f : k.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
              assertTrue(Modifier.isFinal(f.getModifiers()),
                  c.getSimpleName() + "." + f.getName() + " is not final: a primitive must keep nothing between applications");
            }
          }
        }
      }
    }
  }

  @Test
  void saved_values_are_read_back_by_the_rule_and_cannot_be_added_afterwards() {
    Primitive scaleBySavedFactor = new Primitive() {
      @Override public String name() { return "scaleSaved"; }
      @Override protected Tensor forward(Saver saver, Tensor... in) {
        double factor = in[0].storage()[0] + 1;   // something only the forward knows cheaply
        saver.save(factor);
        return in[0].map(v -> v * factor);
      }
      @Override protected Tensor[] vjp(Node node, Tensor g) {
        double factor = node.saved(0);
        return new Tensor[] {g.mul(factor)};
      }
    };
    Tensor x = Tensor.vector(2, 3).requiresGrad(true);
    Tensor y = scaleBySavedFactor.apply(x);
    assertArrayEquals(new double[] {6, 9}, y.toArray(), 0);
    y.sum().backward();
    assertArrayEquals(new double[] {3, 3}, x.grad().toArray(), 0);
    Tensor z = scaleBySavedFactor.apply(Tensor.vector(1).requiresGrad(true));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> z.node().save("late"));
    assertEquals("save: 'scaleSaved' can save values for its rule only while its forward runs", e.getMessage());
    IndexOutOfBoundsException o = assertThrows(IndexOutOfBoundsException.class, () -> z.node().saved(1));
    assertEquals("'scaleSaved' saved 1 values in its forward; asked for value 1", o.getMessage());
  }

  @Test
  void a_forward_that_is_not_recorded_is_told_so() {
    boolean[] seen = new boolean[2];
    Primitive probe = new Primitive() {
      @Override public String name() { return "probe"; }
      @Override protected Tensor forward(Saver saver, Tensor... in) {
        seen[in[0].requiresGrad() ? 1 : 0] = saver.isRecording();
        return in[0].copy();
      }
      @Override protected Tensor[] vjp(Node node, Tensor g) { return new Tensor[] {g}; }
    };
    probe.apply(Tensor.vector(1));
    probe.apply(Tensor.vector(1).requiresGrad(true));
    assertFalse(seen[0]);
    assertTrue(seen[1]);
  }

  // ---------------------------------------------------------------- all or nothing

  /** {@code y = 7x + flaky(8x)}: the flaky rule fails while its switch is on. */
  private static final class Flaky extends Primitive {
    volatile boolean fail = true;   // test state, not pass state: it decides whether the rule works

    @Override public String name() { return "flaky"; }
    @Override protected Tensor forward(Tensor... in) { return in[0].copy(); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      if (fail) {
        throw new ArithmeticException("flaky rule failed");
      }
      return new Tensor[] {g};
    }
  }

  @Test
  void a_rule_that_throws_leaves_every_grad_and_the_graph_as_they_were() {
    Flaky flaky = new Flaky();
    Tensor x = Tensor.scalar(1).requiresGrad(true);
    Tensor w = Tensor.scalar(2).requiresGrad(true);
    Tensor y = x.mul(7).add(flaky.apply(x.mul(8))).add(w.mul(x));
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertEquals("backward: the derivative rule of 'flaky' failed with ArithmeticException: flaky rule failed "
        + "(no gradient was accumulated and the graph is unchanged; backward can be retried)", e.getMessage());
    assertTrue(e.getCause() instanceof ArithmeticException);
    assertNull(x.grad());
    assertNull(w.grad());
    flaky.fail = false;
    y.backward();   // the retry works: the graph was not freed
    assertEquals(17, x.grad().item(), 0);
    assertEquals(1, w.grad().item(), 0);
  }

  @Test
  void a_failed_pass_leaves_earlier_gradients_untouched() {
    Flaky flaky = new Flaky();
    Tensor x = Tensor.scalar(1).requiresGrad(true);
    x.mul(5).backward();
    Tensor before = x.grad();
    Tensor y = x.mul(7).add(flaky.apply(x.mul(8)));
    assertThrows(IllegalStateException.class, y::backward);
    assertSame(before, x.grad());
    assertEquals(5, x.grad().item(), 0);
    flaky.fail = false;
    y.backward();
    assertEquals(20, x.grad().item(), 0);
  }

  // ---------------------------------------------------------------- strict rule outputs

  @Test
  void a_gradient_in_a_shape_the_input_was_not_broadcast_to_is_the_rules_bug() {
    Primitive tooBig = new Primitive() {
      @Override public String name() { return "tooBig"; }
      @Override protected Tensor forward(Tensor... in) { return in[0].copy(); }
      @Override protected Tensor[] vjp(Node node, Tensor g) { return new Tensor[] {Tensor.ones(4, 3)}; }
    };
    Tensor x = Tensor.vector(1, 2, 3).requiresGrad(true);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> tooBig.apply(x).sum().backward());
    assertEquals("the derivative rule of 'tooBig' returned a gradient of shape [4, 3] for input 0 of shape [3] "
        + "(expected [3])", e.getMessage());
    assertNull(x.grad());
  }

  @Test
  void a_gradient_in_the_broadcast_shape_of_the_forward_is_summed_back() {
    Tensor b = Tensor.vector(1, 2, 3).requiresGrad(true);
    Tensor m = Tensor.ones(4, 3);
    m.add(b).sum().backward();
    assertArrayEquals(new double[] {4, 4, 4}, b.grad().toArray(), 0);
  }

  @Test
  void a_broadcast_input_given_a_gradient_of_another_broadcast_shape_is_refused() {
    Primitive addRow = new Primitive() {
      @Override public String name() { return "addRow"; }
      @Override protected Tensor forward(Tensor... in) { return in[0].add(in[1]); }
      @Override protected Tensor[] vjp(Node node, Tensor g) { return new Tensor[] {g, Tensor.ones(5, 3)}; }
    };
    Tensor m = Tensor.ones(4, 3).requiresGrad(true);
    Tensor b = Tensor.vector(1, 2, 3).requiresGrad(true);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> addRow.apply(m, b).sum().backward());
    assertEquals("the derivative rule of 'addRow' returned a gradient of shape [5, 3] for input 1 of shape [3] "
        + "(expected [3] or the broadcast shape [4, 3])", e.getMessage());
  }

  // ---------------------------------------------------------------- scopes

  @Test
  void scopes_closed_out_of_order_fail_loudly_and_change_nothing() {
    var a = GradMode.noGrad();
    var b = GradMode.enableGrad();
    IllegalStateException e = assertThrows(IllegalStateException.class, a::close);
    assertEquals("GradMode: the noGrad() scope was closed while the enableGrad() scope opened after it is still "
        + "open; close scopes in the reverse order of opening (try-with-resources does this)", e.getMessage());
    assertTrue(GradMode.isGradEnabled());   // b's mode is still in force
    b.close();
    assertFalse(GradMode.isGradEnabled());  // back to a's
    a.close();
    assertTrue(GradMode.isGradEnabled());
    a.close();                               // a second close does nothing
    assertTrue(GradMode.isGradEnabled());
  }

  @Test
  void an_anomaly_scope_and_a_grad_scope_nest() {
    try (var off = GradMode.noGrad()) {
      try (var check = GradMode.anomalyDetection()) {
        assertTrue(GradMode.isAnomalyDetectionEnabled());
        assertFalse(GradMode.isGradEnabled());
      }
      assertFalse(GradMode.isAnomalyDetectionEnabled());
    }
    assertTrue(GradMode.isGradEnabled());
  }

  // ---------------------------------------------------------------- concurrent and nested passes

  @Test
  void eight_threads_differentiate_one_retained_graph_at_once_with_the_sequential_results() throws Exception {
    Tensor w1 = Tensor.randn(1, 4, 8).requiresGrad(true);
    Tensor w2 = Tensor.randn(2, 8, 3).requiresGrad(true);
    Tensor x = Tensor.randn(3, 16, 4);
    Tensor h = x.matmul(w1).tanh();
    Tensor z = h.matmul(w2);
    Tensor loss = z.logSoftmax(1).pick(new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0}).mean().neg()
        .add(h.max().mul(0.1)).add(z.square().sum(new int[] {1}, false).max().mul(0.01));
    Gradients expected = Autograd.gradients(loss, w1, w2, h);
    int threads = 8;
    int rounds = 1000;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          int same = 0;
          for (int r = 0; r < rounds; r++) {
            Gradients g = Autograd.gradients(loss, w1, w2, h);
            boolean equal = true;
            for (int i = 0; i < 3; i++) {
              equal &= java.util.Arrays.equals(expected.get(i).toArray(), g.get(i).toArray());
            }
            same += equal ? 1 : 0;
          }
          return same;
        }));
      }
      for (Future<Integer> f : done) {
        assertEquals(rounds, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void backward_calls_on_several_threads_add_every_pass_into_the_leaves() throws Exception {
    Tensor x = Tensor.vector(1, 2, 3).requiresGrad(true);
    Tensor y = x.square().sum();
    int threads = 8;
    int rounds = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int r = 0; r < rounds; r++) {
            y.backward(Tensor.scalar(1), true);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double n = threads * rounds;   // every sum is of small integers: exact in any order
    assertArrayEquals(new double[] {2 * n, 4 * n, 6 * n}, x.grad().toArray(), 0);
  }

  @Test
  void a_pass_nested_in_a_rule_may_differentiate_the_rules_own_inputs() {
    // A rule that computes its gradient by differentiating the node's input graph again.
    Primitive viaInnerPass = new Primitive() {
      @Override public String name() { return "viaInnerPass"; }
      @Override protected Tensor forward(Tensor... in) { return in[0].copy(); }
      @Override protected Tensor[] vjp(Node node, Tensor g) {
        Tensor in = node.input(0);
        Tensor leaf = in.node().input(0);
        Tensor inner;
        try (var on = GradMode.enableGrad()) {   // rules run unrecorded; the inner pass needs a graph
          inner = Autograd.gradients(in.sum(), leaf).get(0);   // d(sum 3x)/dx = 3, through shared nodes
        }
        return new Tensor[] {g.mul(inner.sum().div(3 * leaf.size()))};
      }
    };
    Tensor x = Tensor.vector(1, 2).requiresGrad(true);
    Tensor y = viaInnerPass.apply(x.mul(3)).sum();
    y.backward();
    assertArrayEquals(new double[] {3, 3}, x.grad().toArray(), 0);
  }

  // ---------------------------------------------------------------- NaN and conventions

  @Test
  void relu_of_nan_is_nan_and_so_is_its_gradient() {
    Tensor x = Tensor.vector(Double.NaN, -1, 2).requiresGrad(true);
    Tensor y = x.relu();
    assertTrue(Double.isNaN(y.get(0)));
    assertArrayEquals(new double[] {0, 2}, new double[] {y.get(1), y.get(2)}, 0);
    y.sum().backward();
    assertTrue(Double.isNaN(x.grad().get(0)));
    assertEquals(0, x.grad().get(1), 0);
    assertEquals(1, x.grad().get(2), 0);
  }

  @Test
  void clamp_does_not_hide_a_nan_in_its_gradient() {
    Tensor x = Tensor.vector(Double.NaN, 0.5, 3).requiresGrad(true);
    x.clamp(0, 1).sum().backward();
    assertTrue(Double.isNaN(x.grad().get(0)));
    assertEquals(1, x.grad().get(1), 0);
    assertEquals(0, x.grad().get(2), 0);
  }

  @Test
  void pow_with_a_tensor_exponent_has_pytorchs_gradients_at_zero_to_the_zero() {
    Tensor x = Tensor.vector(0, 0, 2).requiresGrad(true);
    Tensor t = Tensor.vector(0, 2, 0).requiresGrad(true);
    Tensor y = x.pow(t);
    assertArrayEquals(new double[] {1, 0, 1}, y.toArray(), 0);
    y.sum().backward();
    // torch: d/dx = [0, 0, 0] (y·x^(y-1) masked where y = 0), d/dy = [0, 0, log 2] (masked where x = 0, y ≥ 0)
    assertArrayEquals(new double[] {0, 0, 0}, x.grad().toArray(), 0);
    assertArrayEquals(new double[] {0, 0, Math.log(2)}, t.grad().toArray(), 1e-15);
  }

  @Test
  void full_max_and_min_split_the_gradient_evenly_among_ties() {
    Tensor x = Tensor.vector(3, 1, 3, 3).requiresGrad(true);
    x.max().backward();
    assertArrayEquals(new double[] {1.0 / 3, 0, 1.0 / 3, 1.0 / 3}, x.grad().toArray(), 1e-16);
    Tensor y = Tensor.vector(0, 5, 0).requiresGrad(true);
    y.min().backward();
    assertArrayEquals(new double[] {0.5, 0, 0.5}, y.grad().toArray(), 0);
  }

  @Test
  void amax_and_amin_along_axes_split_ties_within_each_slice() {
    Tensor x = Tensor.matrix(new double[][] {{2, 2, 1}, {0, 4, 0}}).requiresGrad(true);
    x.amax(new int[] {1}, false).sum().backward();
    assertArrayEquals(new double[] {0.5, 0.5, 0, 0, 1, 0}, x.grad().toArray(), 0);
    Tensor y = Tensor.matrix(new double[][] {{2, 2, 1}, {0, 4, 0}}).requiresGrad(true);
    y.amin(new int[] {1}, true).sum().backward();
    assertArrayEquals(new double[] {0, 0, 1, 0.5, 0, 0.5}, y.grad().toArray(), 0);
  }

  @Test
  void max_with_indices_sends_the_gradient_to_the_returned_index() {
    Tensor x = Tensor.matrix(new double[][] {{2, 2, 1}, {0, 4, 4}}).requiresGrad(true);
    Tensor.WithIndices m = x.maxWithIndices(1, false);
    assertArrayEquals(new int[] {0, 1}, m.indices());
    assertArrayEquals(new double[] {2, 4}, m.values().toArray(), 0);
    m.values().sum().backward();
    assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, x.grad().toArray(), 0);
    Tensor.WithIndices n = Tensor.matrix(new double[][] {{2, 2, 1}, {0, 4, 0}}).minWithIndices(0, true);
    assertArrayEquals(new int[] {1, 0, 1}, n.indices());
    assertArrayEquals(new int[] {1, 3}, n.values().shape());
  }

  @Test
  void a_nan_in_a_slice_makes_its_max_and_every_gradient_of_the_slice_nan() {
    Tensor x = Tensor.matrix(new double[][] {{1, Double.NaN, 3}, {4, 5, 6}}).requiresGrad(true);
    Tensor m = x.max(1);
    assertTrue(Double.isNaN(m.get(0)));
    assertEquals(6, m.get(1), 0);
    m.sum().backward();
    for (int j = 0; j < 3; j++) {
      assertTrue(Double.isNaN(x.grad().get(0, j)));
    }
    assertArrayEquals(new double[] {0, 0, 1}, new double[] {x.grad().get(1, 0), x.grad().get(1, 1), x.grad().get(1, 2)}, 0);
    assertArrayEquals(new int[] {1, 2}, x.argmax(1));
  }
}
