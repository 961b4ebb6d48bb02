package dev.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.Gradients;
import dev.autograd.Tensor;
import org.junit.jupiter.api.Test;

class PiecewiseTest {

  @Test
  void round_takes_halves_to_the_even_integer_like_torch_round() {
    Tensor r = Tensor.vector(0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6).round();
    assertArrayEquals(new double[] {0, 2, 2, -0.0, -2, -2, 2, 3}, r.toArray(), 0.0);
    assertArrayEquals(new double[] {-3, -1, 1, 3}, Tensor.vector(-1.5, -0.5, 0.5, 1.5).floor().add(
        Tensor.vector(-1.5, -0.5, 0.5, 1.5).ceil()).toArray(), 0.0);
  }

  @Test
  void steps_are_recorded_with_zero_gradient() {
    Tensor x = Tensor.vector(-1.7, 0, 0.4, 2.5).requiresGrad(true);
    for (java.util.function.UnaryOperator<Tensor> step : java.util.List.<java.util.function.UnaryOperator<Tensor>>of(
        Tensor::sign, Tensor::floor, Tensor::ceil, Tensor::round)) {
      Tensor y = step.apply(x);
      assertNotNull(y.node(), "recorded");
      Tensor g = Autograd.gradients(y.sum(), x).get(0);
      assertArrayEquals(new double[] {0, 0, 0, 0}, g.toArray(), 0.0);
    }
    assertArrayEquals(new double[] {-1, 0, 1, 1}, x.sign().toArray(), 0.0);
  }

  @Test
  void abs_still_differentiates_through_sign_at_first_and_second_order() {
    Tensor x = Tensor.vector(-2, 3);
    assertArrayEquals(new double[] {-1, 1}, Autograd.grad(t -> t.abs().sum(), x).toArray(), 0.0);
    Tensor second = Autograd.grad(z -> Autograd.grad(t -> t.abs().sum(), z).mul(z).sum(), x);
    // d/dz Σ z·sign(z) = sign(z) (+ z·0)
    assertArrayEquals(new double[] {-1, 1}, second.toArray(), 0.0);
    assertArrayEquals(new double[] {0, 0, 0, 0}, Autograd.hessian(t -> t.abs().sum(), x).toArray(), 0.0);
  }

  @Test
  void maximum_and_minimum_route_the_gradient_to_the_chosen_input() {
    Tensor a = Tensor.vector(1, 5, 3).requiresGrad(true);
    Tensor b = Tensor.vector(2, 4, 3).requiresGrad(true);
    Tensor max = a.maximum(b);
    Tensor min = a.minimum(b);
    assertArrayEquals(new double[] {2, 5, 3}, max.toArray(), 0.0);
    assertArrayEquals(new double[] {1, 4, 3}, min.toArray(), 0.0);
    Gradients gMax = Autograd.gradients(max.sum(), a, b);
    assertArrayEquals(new double[] {0, 1, 0.5}, gMax.get(0).toArray(), 0.0);
    assertArrayEquals(new double[] {1, 0, 0.5}, gMax.get(1).toArray(), 0.0);
    Gradients gMin = Autograd.gradients(min.sum(), a, b);
    assertArrayEquals(new double[] {1, 0, 0.5}, gMin.get(0).toArray(), 0.0);
    assertArrayEquals(new double[] {0, 1, 0.5}, gMin.get(1).toArray(), 0.0);
  }

  @Test
  void a_tie_against_a_broadcast_scalar_splits_and_sums_back() {
    Tensor a = Tensor.vector(1, 2, 2, 3).requiresGrad(true);
    Tensor c = Tensor.scalar(2).requiresGrad(true);
    Gradients g = Autograd.gradients(a.maximum(c).sum(), a, c);
    assertArrayEquals(new double[] {0, 0.5, 0.5, 1}, g.get(0).toArray(), 0.0);
    assertEquals(1 + 0.5 + 0.5, g.get(1).item(), 0.0);   // the 1 is from a's first element
  }

  @Test
  void nan_in_either_input_shows_in_value_and_both_gradients() {
    Tensor a = Tensor.vector(Double.NaN, 1).requiresGrad(true);
    Tensor b = Tensor.vector(0, 2).requiresGrad(true);
    Tensor y = a.maximum(b);
    assertTrue(Double.isNaN(y.get(0)));
    Gradients g = Autograd.gradients(y.sum(), a, b);
    assertTrue(Double.isNaN(g.get(0).get(0)) && Double.isNaN(g.get(1).get(0)));
    assertEquals(1.0, g.get(1).get(1), 0.0);
  }

  @Test
  void mismatched_shapes_name_the_op() {
    IllegalArgumentException max = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(3).maximum(Tensor.zeros(2)));
    assertEquals("maximum: shapes cannot be broadcast together: [3] and [2]", max.getMessage());
    IllegalArgumentException min = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(2, 2).minimum(Tensor.zeros(3, 1, 3)));
    assertEquals("minimum: shapes cannot be broadcast together: [2, 2] and [3, 1, 3]", min.getMessage());
  }
}
