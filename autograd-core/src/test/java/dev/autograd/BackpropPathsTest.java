package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The less travelled paths of one backward pass, each against exact values: tables that grow
 * (many leaves, many targets, a graph larger than its recorded size bound), every accumulation
 * path (first gradient kept, a sum made, later ones added in place, recorded sums under
 * createGraph) and the gradients of targets the output does not reach. Written to kill the
 * mutants of {@code Backprop} that PIT found surviving (see MUTATION.md).
 */
class BackpropPathsTest {

  @Test
  void forty_leaves_each_get_their_own_gradient() {
    int n = 40;
    Tensor[] xs = new Tensor[n];
    Tensor y = Tensor.scalar(0);
    for (int i = 0; i < n; i++) {
      xs[i] = Tensor.scalar(i + 1).requiresGrad(true);
      y = y.add(xs[i].mul(i + 1));
    }
    y.backward(Tensor.scalar(1), true);
    for (int i = 0; i < n; i++) {
      assertEquals(i + 1, xs[i].grad().item(), 0, "leaf " + i);
    }
    // the same through the functional form, with more than eight targets
    Gradients g = Autograd.gradients(y, xs);
    for (int i = 0; i < n; i++) {
      assertEquals(i + 1, g.get(i).item(), 0, "target " + i);
    }
  }

  @Test
  void more_than_eight_targets_of_which_some_are_unreached_or_intermediate() {
    Tensor[] xs = new Tensor[12];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = Tensor.vector(i, 1).requiresGrad(true);
    }
    Tensor h = xs[0].mul(xs[1]);
    Tensor y = h.sum();
    Tensor[] wrt = new Tensor[13];
    System.arraycopy(xs, 0, wrt, 0, 12);
    wrt[12] = h;
    Gradients g = Autograd.gradients(y, wrt);
    assertArrayEquals(new double[] {1, 1}, g.get(0).toArray(), 0);
    assertArrayEquals(new double[] {0, 1}, g.get(1).toArray(), 0);
    for (int i = 2; i < 12; i++) {
      assertArrayEquals(new double[] {0, 0}, g.get(i).toArray(), 0, "unreached target " + i);
    }
    assertArrayEquals(new double[] {1, 1}, g.get(12).toArray(), 0);
  }

  @Test
  void a_leaf_and_a_node_receiving_many_gradients_get_their_sum() {
    Tensor x = Tensor.vector(1, 2).requiresGrad(true);
    Tensor h = x.mul(2);
    Tensor y = h.add(h.mul(3)).add(h.mul(5)).add(x).add(x.mul(7)).sum();
    Gradients g = Autograd.gradients(y, Tensor.scalar(1), new Tensor[] {x, h}, false, true);
    assertArrayEquals(new double[] {2 * 9 + 8, 2 * 9 + 8}, g.get(0).toArray(), 0);
    assertArrayEquals(new double[] {9, 9}, g.get(1).toArray(), 0);
    y.backward();
    assertArrayEquals(new double[] {26, 26}, x.grad().toArray(), 0);
  }

  @Test
  void gradients_accumulated_under_create_graph_are_differentiable() {
    // y = x³ + x² + x written with x used many times: dy/dx = 3x² + 2x + 1, d²y/dx² = 6x + 2
    Tensor x = Tensor.vector(2, -1);
    Tensor second = Autograd.grad(z -> Autograd.grad(t -> t.mul(t).mul(t).add(t.mul(t)).add(t).sum(), z).sum(), x);
    assertArrayEquals(new double[] {14, -4}, second.toArray(), 0);
    Tensor first = Autograd.grad(t -> t.mul(t).mul(t).add(t.mul(t)).add(t).sum(), x);
    assertArrayEquals(new double[] {17, 2}, first.toArray(), 0);
  }

  @Test
  void a_graph_continued_on_another_thread_is_larger_than_its_size_bound_and_still_right() throws Exception {
    AtomicReference<Tensor> chain = new AtomicReference<>();
    Tensor x = Tensor.vector(1, 2, 3).requiresGrad(true);
    Thread a = new Thread(() -> {
      Tensor t = x;
      for (int i = 0; i < 300; i++) {
        t = t.add(1);
      }
      chain.set(t);
    });
    a.start();
    a.join();
    AtomicReference<Tensor> out = new AtomicReference<>();
    AtomicReference<Gradients> grads = new AtomicReference<>();
    Thread b = new Thread(() -> {
      Tensor y = chain.get().mul(x).sum();   // recorded first on a fresh thread: a small recording number
      out.set(y);
      grads.set(Autograd.gradients(y, x));
    });
    b.start();
    b.join();
    // d/dx Σ (x + 300)·x = 2x + 300
    assertArrayEquals(new double[] {302, 304, 306}, grads.get().get(0).toArray(), 0);
    assertEquals(1 + 4 + 9 + 300 * 6, out.get().item(), 1e-9);
  }

  @Test
  void a_wide_graph_grows_the_node_table_of_its_pass() throws Exception {
    Tensor x = Tensor.vector(1, 2).requiresGrad(true);
    Tensor[] parts = new Tensor[200];
    Thread[] threads = new Thread[4];
    for (int k = 0; k < threads.length; k++) {
      int from = k * 50;
      threads[k] = new Thread(() -> {
        for (int i = from; i < from + 50; i++) {
          parts[i] = x.mul(i).exp().log();
        }
      });
      threads[k].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    Tensor y = Tensor.concat(0, parts).sum();
    Tensor g = Autograd.gradients(y, x).get(0);
    double expected = 199 * 200 / 2.0;
    assertArrayEquals(new double[] {expected, expected}, g.toArray(), 1e-9);
  }

  @Test
  void a_constant_output_has_the_seed_as_its_own_gradient_and_no_other() {
    Tensor x = Tensor.vector(1, 2).requiresGrad(true);
    Tensor c = Tensor.vector(5, 6);
    Gradients g = Autograd.gradients(x, Tensor.vector(3, 4), new Tensor[] {x, c}, false, false);
    assertArrayEquals(new double[] {3, 4}, g.get(0).toArray(), 0);
    assertArrayEquals(new double[] {0, 0}, g.get(1).toArray(), 0);
    Tensor seed = Tensor.vector(3, 4);
    x.backward(seed);
    assertArrayEquals(new double[] {3, 4}, x.grad().toArray(), 0);
    assertNotSame(seed, x.grad());
  }

  @Test
  void one_gradient_reaching_a_leaf_is_kept_as_the_rule_returned_it_and_later_ones_are_added() {
    Tensor x = Tensor.vector(1, 2).requiresGrad(true);
    Tensor y = x.neg().sum();
    y.backward(Tensor.scalar(1), true);
    assertArrayEquals(new double[] {-1, -1}, x.grad().toArray(), 0);
    y.backward(Tensor.scalar(2), true);
    assertArrayEquals(new double[] {-3, -3}, x.grad().toArray(), 0);
  }
}
