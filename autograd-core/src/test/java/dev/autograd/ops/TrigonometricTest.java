package dev.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.Gradients;
import dev.autograd.Tensor;
import org.junit.jupiter.api.Test;

class TrigonometricTest {

  @Test
  void inverse_hyperbolic_functions_match_reference_values() {
    // mpmath at 200 bits (of the double arguments), rounded to double.
    double ulps = 4e-16;   // relative: within two ulps
    assertEquals(1.4436354751788103, Trigonometric.asinh(2), ulps * 1.45);
    assertEquals(-691.4686750787737, Trigonometric.asinh(-1e300), ulps * 692);
    assertEquals(1e-10, Trigonometric.asinh(1e-10), 0.0);
    assertEquals(1.3169578969248168, Trigonometric.acosh(2), ulps * 1.32);
    assertEquals(691.4686750787737, Trigonometric.acosh(1e300), ulps * 692);
    assertEquals(0.0004472135919037347, Trigonometric.acosh(1.0000001), ulps * 4.5e-4);
    assertEquals(0.5493061443340549, Trigonometric.atanh(0.5), ulps * 0.55);
    assertEquals(1e-9, Trigonometric.atanh(1e-9), 0.0);
    assertEquals(Double.POSITIVE_INFINITY, Trigonometric.atanh(1), 0.0);
    assertEquals(Double.NEGATIVE_INFINITY, Trigonometric.atanh(-1), 0.0);
    assertTrue(Double.isNaN(Trigonometric.atanh(1.5)));
    assertTrue(Double.isNaN(Trigonometric.acosh(0.5)));
    assertEquals(0.0, Trigonometric.acosh(1), 0.0);
  }

  @Test
  void derivatives_at_sample_points() {
    double x = 0.3;
    assertEquals(Math.cos(x), d(Tensor::sin, x), 1e-16);
    assertEquals(-Math.sin(x), d(Tensor::cos, x), 1e-16);
    assertEquals(1 / (Math.cos(x) * Math.cos(x)), d(Tensor::tan, x), 1e-15);
    assertEquals(1 / Math.sqrt(1 - x * x), d(Tensor::asin, x), 1e-15);
    assertEquals(-1 / Math.sqrt(1 - x * x), d(Tensor::acos, x), 1e-15);
    assertEquals(1 / (1 + x * x), d(Tensor::atan, x), 1e-15);
    assertEquals(Math.cosh(x), d(Tensor::sinh, x), 1e-15);
    assertEquals(Math.sinh(x), d(Tensor::cosh, x), 1e-15);
    assertEquals(1 / Math.sqrt(1 + x * x), d(Tensor::asinh, x), 1e-15);
    assertEquals(1 / Math.sqrt(1.3 * 1.3 - 1), d(Tensor::acosh, 1.3), 1e-15);
    assertEquals(1 / (1 - x * x), d(Tensor::atanh, x), 1e-15);
  }

  private static double d(java.util.function.UnaryOperator<Tensor> f, double x) {
    return Autograd.grad(t -> f.apply(t).sum(), Tensor.scalar(x)).item();
  }

  @Test
  void atan2_covers_all_four_quadrants_with_gradients() {
    Tensor y = Tensor.vector(1, 1, -1, -1, 0).requiresGrad(true);
    Tensor x = Tensor.vector(1, -1, -1, 1, -2).requiresGrad(true);
    Tensor r = y.atan2(x);
    assertArrayEquals(new double[] {Math.PI / 4, 3 * Math.PI / 4, -3 * Math.PI / 4, -Math.PI / 4, Math.PI},
        r.toArray(), 1e-15);
    Gradients g = Autograd.gradients(r.sum(), y, x);
    // d/dy = x / (x² + y²), d/dx = -y / (x² + y²)
    assertArrayEquals(new double[] {0.5, -0.5, -0.5, 0.5, -0.5}, g.get(0).toArray(), 1e-15);
    assertArrayEquals(new double[] {-0.5, -0.5, 0.5, 0.5, 0}, g.get(1).toArray(), 1e-15);
  }

  @Test
  void atan2_broadcasts_and_names_mismatched_shapes() {
    Tensor r = Tensor.vector(1, -1).reshape(2, 1).atan2(Tensor.vector(1, 2, 3));
    assertArrayEquals(new int[] {2, 3}, r.shape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(2, 3).atan2(Tensor.zeros(4, 1, 2)));
    assertEquals("atan2: shapes cannot be broadcast together: [2, 3] and [4, 1, 2]", e.getMessage());
  }
}
