package dev.autograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograd.Tensor;
import dev.autograd.nn.module.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamTest {

  @Test
  void first_step_moves_each_coordinate_by_about_the_learning_rate() {
    // after bias correction m̂ = g and v̂ = g², so the first step is η·g/(|g| + ε)
    Tensor w = Tensor.param(new double[] {1, -2, 0.5}, 3);
    Adam adam = new Adam(List.of(new Parameter("w", w)), 0.01);
    adam.step(w.mul(Tensor.vector(3, -0.001, 100)).sum());
    assertArrayEquals(new double[] {1 - 0.01, -2 + 0.01, 0.5 - 0.01}, w.toArray(), 1e-6);
  }

  @Test
  void two_steps_follow_the_bias_corrected_moment_estimates() {
    Tensor w = Tensor.param(new double[] {1}, 1);
    Adam adam = new Adam(List.of(new Parameter("w", w)), 0.1, 0.9, 0.999, 1e-8);
    adam.step(w.square().sum());           // g₁ = 2
    double w1 = w.item();
    adam.step(w.square().sum());           // g₂ = 2·w1
    double g1 = 2;
    double g2 = 2 * w1;
    double m = 0.9 * (0.1 * g1) + 0.1 * g2;
    double v = 0.999 * (0.001 * g1 * g1) + 0.001 * g2 * g2;
    double expected = w1 - 0.1 * (m / (1 - 0.81)) / (Math.sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
    assertEquals(1 - 0.1, w1, 1e-9);
    assertEquals(expected, w.item(), 1e-15);
  }

  @Test
  void converges_on_a_quadratic() {
    Tensor w = Tensor.param(new double[] {3, -1}, 2);
    Adam adam = new Adam(List.of(new Parameter("w", w)), 0.05);
    for (int i = 0; i < 2000; i++) {
      adam.step(w.sub(Tensor.vector(1, 1)).square().sum());
    }
    assertArrayEquals(new double[] {1, 1}, w.toArray(), 1e-4);
  }
}
