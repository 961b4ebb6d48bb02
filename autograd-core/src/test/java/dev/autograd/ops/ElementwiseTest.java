package dev.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.Gradients;
import dev.autograd.Tensor;
import org.junit.jupiter.api.Test;

/** {@code pow} with a tensor exponent, wherever PyTorch defines it. */
class ElementwiseTest {

  @Test
  void a_negative_base_with_an_integer_exponent_has_the_real_power() {
    Tensor x = Tensor.vector(-2, -2, -2, -3, -0.5).requiresGrad(true);
    Tensor t = Tensor.vector(3, 2, 0, -1, -2);
    Tensor r = x.pow(t);
    assertArrayEquals(new double[] {-8, 4, 1, -1.0 / 3, 4}, r.toArray(), 1e-15);
    // d/dx = t·x^(t-1): 3·4, 2·(-2), 0 (PyTorch's mask at t = 0), -1·(-3)^-2, -2·(-0.5)^-3
    assertArrayEquals(new double[] {12, -4, 0, -1.0 / 9, 16}, Autograd.gradients(r.sum(), x).get(0).toArray(), 1e-15);
  }

  @Test
  void the_second_derivative_at_a_negative_base_is_t_times_t_minus_1_times_x_to_the_t_minus_2() {
    Tensor t = Tensor.vector(3, 2, -1);
    Tensor h = Autograd.grad(z -> Autograd.grad(x -> x.pow(t).sum(), z).sum(), Tensor.vector(-2, -2, -2));
    assertArrayEquals(new double[] {6 * -2, 2, -1 * -2 * Math.pow(-2, -3)}, h.toArray(), 1e-15);
  }

  @Test
  void the_exponents_gradient_is_nan_for_a_negative_base_as_in_pytorch() {
    Tensor x = Tensor.vector(-2, 2, 0, 0).requiresGrad(true);
    Tensor t = Tensor.vector(3, 3, 2, 0).requiresGrad(true);
    Gradients g = Autograd.gradients(x.pow(t).sum(), x, t);
    assertTrue(Double.isNaN(g.get(1).get(0)), "r·log x with x < 0");
    assertEquals(8 * Math.log(2), g.get(1).get(1), 1e-14);
    assertEquals(0.0, g.get(1).get(2), 0.0);   // 0^t with t ≥ 0: PyTorch's 0
    assertEquals(0.0, g.get(1).get(3), 0.0);   // 0⁰
    assertArrayEquals(new double[] {12, 12, 0, 0}, g.get(0).toArray(), 1e-15);
  }

  @Test
  void a_non_integer_exponent_of_a_negative_base_is_nan() {
    assertTrue(Double.isNaN(Tensor.scalar(-2).pow(Tensor.scalar(0.5)).item()));
  }

  @Test
  void a_constant_base_raised_to_a_tensor() {
    Tensor t = Tensor.vector(0, 1, 3).requiresGrad(true);
    Tensor r = Tensor.pow(2, t);
    assertArrayEquals(new double[] {1, 2, 8}, r.toArray(), 0.0);
    assertArrayEquals(new double[] {Math.log(2), 2 * Math.log(2), 8 * Math.log(2)},
        Autograd.gradients(r.sum(), t).get(0).toArray(), 1e-15);
  }

  @Test
  void mismatched_shapes_name_pow() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(2, 3).pow(Tensor.zeros(2)));
    assertEquals("pow: shapes cannot be broadcast together: [2, 3] and [2]", e.getMessage());
  }
}
