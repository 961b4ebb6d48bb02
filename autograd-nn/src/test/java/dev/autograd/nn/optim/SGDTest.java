package dev.autograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.autograd.Tensor;
import dev.autograd.nn.module.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

class SGDTest {

  @Test
  void a_step_moves_against_the_gradient_by_the_learning_rate() {
    Tensor w = Tensor.param(new double[] {1, -2}, 2);
    SGD sgd = new SGD(List.of(new Parameter("w", w)), 0.1);
    // L = Σ w², dL/dw = 2w
    double value = sgd.step(w.square().sum());
    assertEquals(5.0, value, 0);
    assertArrayEquals(new double[] {1 - 0.1 * 2, -2 - 0.1 * -4}, w.toArray(), 1e-15);
    assertEquals(1, sgd.steps());
  }

  @Test
  void functional_step_leaves_no_accumulated_gradient_behind() {
    Tensor w = Tensor.param(new double[] {3}, 1);
    new SGD(List.of(new Parameter("w", w)), 0.5).step(w.square().sum());
    assertNull(w.grad());
  }

  @Test
  void repeated_steps_converge_to_the_minimum_of_a_quadratic() {
    Tensor w = Tensor.param(new double[] {5, -3}, 2);
    Tensor target = Tensor.vector(1, 2);
    SGD sgd = new SGD(List.of(new Parameter("w", w)), 0.1);
    for (int i = 0; i < 200; i++) {
      sgd.step(w.sub(target).square().sum());
    }
    assertArrayEquals(target.toArray(), w.toArray(), 1e-12);
  }
}
