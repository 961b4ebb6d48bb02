package dev.autograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autograd.Tensor;
import dev.autograd.nn.module.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

class MomentumTest {

  @Test
  void velocity_accumulates_past_gradients() {
    Tensor w = Tensor.param(new double[] {0}, 1);
    Momentum opt = new Momentum(List.of(new Parameter("w", w)), 0.1, 0.5);
    // L = 2w: constant gradient 2. v₁ = 2, w₁ = −0.2; v₂ = 0.5·2 + 2 = 3, w₂ = −0.5
    opt.step(w.mul(2).sum());
    assertArrayEquals(new double[] {-0.2}, w.toArray(), 1e-15);
    opt.step(w.mul(2).sum());
    assertArrayEquals(new double[] {-0.5}, w.toArray(), 1e-15);
  }

  @Test
  void converges_on_an_ill_conditioned_quadratic() {
    Tensor w = Tensor.param(new double[] {4, 4}, 2);
    Tensor scale = Tensor.vector(1, 50);
    Momentum opt = new Momentum(List.of(new Parameter("w", w)), 0.01, 0.9);
    for (int i = 0; i < 500; i++) {
      opt.step(w.square().mul(scale).sum());
    }
    assertArrayEquals(new double[] {0, 0}, w.toArray(), 1e-6);
  }

  @Test
  void momentum_outside_zero_to_one_is_refused() {
    Tensor w = Tensor.param(new double[] {0}, 1);
    assertThrows(IllegalArgumentException.class, () -> new Momentum(List.of(new Parameter("w", w)), 0.1, 1.0));
  }
}
