package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackpropTest {

  @Test
  void a_chain_of_a_million_ops_differentiates_on_a_default_thread_stack() throws Exception {
    AtomicReference<Object> outcome = new AtomicReference<>();
    // A new thread gets the JVM's default stack size (no -Xss of its own).
    Thread t = new Thread(() -> {
      try {
        Tensor x0 = Tensor.scalar(0.5).requiresGrad(true);
        Tensor x = x0;
        for (int i = 0; i < 1_000_000; i++) {
          x = x.mul(1.0000001);
        }
        x.backward();
        outcome.set(new double[] {x.item(), x0.grad().item()});
      } catch (Throwable e) {
        outcome.set(e);
      }
    });
    t.start();
    t.join();
    if (outcome.get() instanceof Throwable e) {
      throw new AssertionError("the chain failed", e);
    }
    double[] r = (double[]) outcome.get();
    double factor = Math.pow(1.0000001, 1_000_000);
    assertEquals(0.5 * factor, r[0], 1e-9 * factor);
    assertEquals(factor, r[1], 1e-9 * factor);
  }

  @Test
  void a_value_used_several_times_accumulates_its_gradient() {
    Tensor x = Tensor.scalar(3).requiresGrad(true);
    Tensor y = x.mul(x).add(x).add(x.exp().log());   // x² + x + x
    y.backward();
    assertEquals(2 * 3 + 1 + 1, x.grad().item(), 1e-12);
  }

  @Test
  void a_shared_intermediate_collects_gradient_from_every_consumer() {
    Tensor x = Tensor.vector(1, 2, 3).requiresGrad(true);
    Tensor s = x.sigmoid();                     // used by three consumers
    Tensor y = s.mul(s).sum().add(s.sum()).add(s.mul(2).sum());
    y.backward();
    for (int i = 0; i < 3; i++) {
      double sv = 1 / (1 + Math.exp(-(i + 1)));
      double ds = sv * (1 - sv);
      assertEquals((2 * sv + 1 + 2) * ds, x.grad().get(i), 1e-12);
    }
  }

  @Test
  void an_input_that_does_not_influence_the_output_gets_zero_gradient() {
    Tensor x = Tensor.vector(1, 2).requiresGrad(true);
    Tensor unused = Tensor.matrix(new double[][] {{1, 2}, {3, 4}}).requiresGrad(true);
    Gradients g = Autograd.gradients(x.square().sum(), x, unused);
    assertArrayEquals(new double[] {2, 4}, g.get(0).toArray(), 0);
    assertArrayEquals(new int[] {2, 2}, g.get(unused).shape());
    assertArrayEquals(new double[4], g.get(unused).toArray(), 0);
  }

  @Test
  void backward_accumulates_across_calls_until_zeroed() {
    Tensor w = Tensor.scalar(2).requiresGrad(true);
    w.mul(3).backward();
    w.mul(3).backward();
    assertEquals(6, w.grad().item(), 0);
    w.zeroGrad();
    assertNull(w.grad());
    w.mul(5).backward();
    assertEquals(5, w.grad().item(), 0);
  }

  @Test
  void gradients_shared_between_leaves_stay_correct_across_accumulation() {
    Tensor a = Tensor.vector(1, 2).requiresGrad(true);
    Tensor b = Tensor.vector(3, 4).requiresGrad(true);
    a.add(b).sum().backward();          // the engine may hand both leaves the same gradient tensor
    a.add(b).sum().backward();
    a.mul(3).sum().backward();
    assertArrayEquals(new double[] {5, 5}, a.grad().toArray(), 0);
    assertArrayEquals(new double[] {2, 2}, b.grad().toArray(), 0);
  }

  @Test
  void a_gradient_never_aliases_the_callers_seed() {
    Tensor x = Tensor.vector(1, 2).requiresGrad(true);
    Tensor seed = Tensor.vector(5, 7);
    x.reshape(2, 1).backward(seed.reshape(2, 1));
    seed.storage()[0] = 100;
    assertArrayEquals(new double[] {5, 7}, x.grad().toArray(), 0);
  }

  @Test
  void a_user_primitive_returning_a_tensor_it_keeps_does_not_lose_it_to_the_graph() {
    Tensor cached = Tensor.vector(1, 2);
    Primitive constant = new Primitive() {
      @Override public String name() { return "constant"; }
      @Override protected Tensor forward(Tensor... in) { return cached; }
      @Override protected Tensor[] vjp(Node node, Tensor g) { return new Tensor[] {Tensor.zerosLike(node.input(0))}; }
    };
    Tensor x = Tensor.vector(3, 4).requiresGrad(true);
    Tensor y = constant.apply(x);
    assertTrue(y != cached);
    assertTrue(cached.isLeaf());
    assertFalse(cached.requiresGrad());
    assertEquals("constant", y.node().op().name());
  }

  @Test
  void a_pass_nested_in_a_rule_over_the_same_nodes_gets_its_own_result() {
    Tensor x = Tensor.scalar(2).requiresGrad(true);
    Tensor h = x.mul(3);
    double[] inner = new double[1];
    Primitive nested = new Primitive() {
      @Override public String name() { return "nested"; }
      @Override protected Tensor forward(Tensor... in) { return in[0].copy(); }
      @Override protected Tensor[] vjp(Node node, Tensor g) {
        try (var on = GradMode.enableGrad()) {
          inner[0] = Autograd.gradients(h.square(), x).get(0).item();   // reaches 'h' while the outer pass holds it
        }
        return new Tensor[] {g};
      }
    };
    Tensor y = nested.apply(h);
    y.backward(Tensor.scalar(1), true);
    assertEquals(36, inner[0], 1e-12);    // d(9x²)/dx at 2
    assertEquals(3, x.grad().item(), 1e-12);
    assertEquals(36, Autograd.gradients(h.square(), x).get(0).item(), 1e-12);
  }

  @Test
  void the_functional_call_mutates_nothing() {
    Tensor w = Tensor.vector(1, 2).requiresGrad(true);
    Tensor loss = w.square().sum();
    Gradients g1 = Autograd.gradients(loss, w);
    Gradients g2 = Autograd.gradients(loss, w);   // the graph is retained
    assertNull(w.grad());
    assertArrayEquals(g1.get(0).toArray(), g2.get(0).toArray(), 0);
    assertFalse(g1.get(0).requiresGrad());
  }

  @Test
  void gradients_of_an_intermediate_tensor_can_be_asked_for() {
    Tensor x = Tensor.vector(1, 2).requiresGrad(true);
    Tensor h = x.mul(3);
    Tensor y = h.square().sum();
    Gradients g = Autograd.gradients(y, h, x);
    assertArrayEquals(new double[] {6, 12}, g.get(h).toArray(), 1e-12);
    assertArrayEquals(new double[] {18, 36}, g.get(x).toArray(), 1e-12);
  }

  @Test
  void backward_of_a_non_scalar_needs_a_seed_and_says_so() {
    Tensor x = Tensor.vector(1, 2, 3).requiresGrad(true);
    Tensor y = x.mul(2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
    assertEquals("backward() needs a scalar output or an explicit seed gradient; got shape [3]", e.getMessage());
    y.backward(Tensor.vector(1, 10, 100));
    assertArrayEquals(new double[] {2, 20, 200}, x.grad().toArray(), 0);
  }

  @Test
  void a_seed_of_the_wrong_shape_is_rejected() {
    Tensor y = Tensor.vector(1, 2, 3).requiresGrad(true).mul(2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.vector(1, 2)));
    assertEquals("backward: the seed gradient must have the output's shape [3]; got [2]", e.getMessage());
  }

  @Test
  void a_second_backward_through_a_released_graph_fails_clearly() {
    Tensor x = Tensor.scalar(2).requiresGrad(true);
    Tensor y = x.exp().mul(3);
    y.backward();
    assertTrue(y.node().isReleased());
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().contains("already freed by an earlier backward pass"), e.getMessage());
    assertTrue(e.getMessage().contains("'mul'"), e.getMessage());
  }

  @Test
  void a_retained_graph_can_be_differentiated_twice() {
    Tensor x = Tensor.scalar(2).requiresGrad(true);
    Tensor y = x.exp().mul(3);
    y.backward(Tensor.scalar(1), true);
    y.backward(Tensor.scalar(1), true);
    assertEquals(2 * 3 * Math.exp(2), x.grad().item(), 1e-12);
    assertFalse(y.node().isReleased());
  }

  @Test
  void no_grad_records_nothing_and_restores_the_previous_mode() {
    Tensor x = Tensor.scalar(2).requiresGrad(true);
    try (var off = GradMode.noGrad()) {
      Tensor y = x.mul(3);
      assertNull(y.node());
      assertFalse(y.requiresGrad());
      try (var on = GradMode.enableGrad()) {
        assertTrue(x.mul(3).requiresGrad());
      }
      assertFalse(GradMode.isGradEnabled());
    }
    assertTrue(GradMode.isGradEnabled());
    assertTrue(x.mul(3).requiresGrad());
  }

  @Test
  void no_grad_is_per_thread() throws Exception {
    try (var off = GradMode.noGrad()) {
      AtomicReference<Boolean> other = new AtomicReference<>();
      Thread t = new Thread(() -> other.set(GradMode.isGradEnabled()));
      t.start();
      t.join();
      assertTrue(other.get());
      assertFalse(GradMode.isGradEnabled());
    }
  }

  @Test
  void detach_cuts_the_graph() {
    Tensor x = Tensor.scalar(3).requiresGrad(true);
    Tensor y = x.mul(x.detach());       // d/dx = x (not 2x)
    y.backward();
    assertEquals(3, x.grad().item(), 0);
    assertTrue(x.detach().isLeaf());
    assertFalse(x.detach().requiresGrad());
  }

  @Test
  void broadcast_gradients_are_summed_back_to_each_input_shape() {
    Tensor a = Tensor.ones(2, 3).requiresGrad(true);
    Tensor b = Tensor.vector(1, 2, 3).requiresGrad(true);
    Tensor c = Tensor.scalar(2).requiresGrad(true);
    Tensor col = Tensor.of(new double[] {1, 2}, 2, 1).requiresGrad(true);
    a.mul(b).mul(c).add(col).sum().backward();
    assertArrayEquals(new double[] {2, 4, 6, 2, 4, 6}, a.grad().toArray(), 0);
    assertArrayEquals(new double[] {4, 4, 4}, b.grad().toArray(), 0);
    assertArrayEquals(new int[] {}, c.grad().shape());
    assertEquals(12, c.grad().item(), 0);
    assertArrayEquals(new int[] {2, 1}, col.grad().shape());
    assertArrayEquals(new double[] {3, 3}, col.grad().toArray(), 0);
  }

  @Test
  void requires_grad_can_only_be_set_on_leaves() {
    Tensor y = Tensor.scalar(1).requiresGrad(true).mul(2);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
    assertTrue(e.getMessage().contains("only leaf tensors"), e.getMessage());
  }

  @Test
  void backward_on_a_tensor_without_history_explains_why() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.scalar(1).mul(2).backward());
    assertTrue(e.getMessage().contains("does not depend on any tensor that requires a gradient"), e.getMessage());
  }

  @Test
  void eight_threads_give_exactly_the_results_of_running_one_after_another() throws Exception {
    int n = 8;
    double[][] sequential = new double[n][];
    for (int i = 0; i < n; i++) {
      sequential[i] = trainingStepGradient(i);
    }
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      for (int round = 0; round < 3; round++) {
        List<Future<double[]>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          int seed = i;
          futures.add(pool.submit(() -> trainingStepGradient(seed)));
        }
        for (int i = 0; i < n; i++) {
          assertArrayEquals(sequential[i], futures.get(i).get(), 0.0, "thread " + i);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Gradients of a small MLP loss with several kinds of op, flattened. */
  private static double[] trainingStepGradient(int seed) {
    Tensor x = Tensor.randn(seed, 32, 6);
    Tensor w1 = Tensor.randn(seed + 100, 6, 16).mul(0.3).detach().requiresGrad(true);
    Tensor b1 = Tensor.zeros(16).requiresGrad(true);
    Tensor w2 = Tensor.randn(seed + 200, 16, 3).mul(0.3).detach().requiresGrad(true);
    int[] labels = new int[32];
    for (int i = 0; i < 32; i++) {
      labels[i] = (i * 7 + seed) % 3;
    }
    for (int step = 0; step < 20; step++) {
      Tensor h = x.matmul(w1).add(b1).tanh();
      Tensor logits = h.matmul(w2);
      Tensor loss = logits.logSoftmax(1).pick(labels).mean().neg().add(w1.square().sum().mul(1e-3));
      loss.backward();
    }
    double[] out = new double[6 * 16 + 16 + 16 * 3];
    System.arraycopy(w1.grad().toArray(), 0, out, 0, 96);
    System.arraycopy(b1.grad().toArray(), 0, out, 96, 16);
    System.arraycopy(w2.grad().toArray(), 0, out, 112, 48);
    return out;
  }
}
