package dev.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autograd.Autograd;
import dev.autograd.Tensor;
import dev.autograd.check.GradCheck;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** prod, var, std, norm, cumsum, cumprod and the all-elements argmax/argmin. */
class ReductionsTest {

  private static void assertMessage(String expected, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }

  private static double[] grad(UnaryOperator<Tensor> f, double... x) {
    return Autograd.grad(f, Tensor.vector(x)).toArray();
  }

  /** First and second order against finite differences. */
  private static void check(Autograd.Fn f, Tensor... xs) {
    GradCheck.assertGradients(f, xs);
    GradCheck.assertSecondOrderGradients(f, xs);
  }

  @Test
  void prod_with_one_zero_gives_that_element_the_product_of_the_others() {
    assertEquals(0.0, Tensor.vector(2, 0, 3, 4).prod().item());
    assertArrayEquals(new double[] {0, 24, 0, 0}, grad(Tensor::prod, 2, 0, 3, 4), 0);
  }

  @Test
  void prod_with_two_zeros_has_all_gradients_zero() {
    assertArrayEquals(new double[] {0, 0, 0, 0}, grad(Tensor::prod, 2, 0, 3, 0), 0);
    assertArrayEquals(new double[] {0, 0}, grad(Tensor::prod, 0, 0), 0);
  }

  @Test
  void prod_without_zeros_has_gradient_product_over_x() {
    assertEquals(-24.0, Tensor.vector(2, -3, 4).prod().item());
    assertArrayEquals(new double[] {-12, 8, -6}, grad(Tensor::prod, 2, -3, 4), 0);
  }

  @Test
  void prod_along_an_axis_treats_each_slice_on_its_own() {
    Tensor m = Tensor.of(new double[] {1, 0, 2, 3, 4, 5}, 2, 3).requiresGrad(true);
    Tensor p = m.prod(1);
    assertArrayEquals(new double[] {0, 60}, p.toArray(), 0);
    p.sum().backward();
    assertArrayEquals(new double[] {0, 2, 0, 20, 15, 12}, m.grad().toArray(), 0);
    assertArrayEquals(new int[] {2, 1}, m.prod(new int[] {1}, true).shape());
    assertArrayEquals(new double[] {3, 0, 10}, m.prod(0).toArray(), 0);
  }

  @Test
  void prod_has_exact_second_derivatives_with_and_without_one_zero() {
    // H_ij = Π_{k≠i,j} x_k off the diagonal, 0 on it.
    Tensor h = Autograd.hessian(Tensor::prod, Tensor.vector(2, 0, 3));
    assertArrayEquals(new double[] {0, 3, 0, 3, 0, 2, 0, 2, 0}, h.toArray(), 0);
    Tensor h2 = Autograd.hessian(Tensor::prod, Tensor.vector(2, 5, 3));
    assertArrayEquals(new double[] {0, 3, 5, 3, 0, 2, 5, 2, 0}, h2.toArray(), 1e-12);
    check(xs -> xs[0].prod(new int[] {0}, false), Tensor.of(new double[] {1.5, 0, -2, 0.5, 3, 1}, 3, 2));
  }

  @Test
  void var_and_std_follow_the_correction() {
    Tensor x = Tensor.vector(1, 2, 3, 4);
    // mean 2.5, Σ(x - mean)² = 5
    assertEquals(5.0 / 3, x.var().item(), 1e-15);
    assertEquals(5.0 / 4, x.var(new int[0], 0, false).item(), 1e-15);
    assertEquals(5.0 / 2, x.var(new int[0], 2, false).item(), 1e-15);
    assertEquals(Math.sqrt(5.0 / 3), x.std().item(), 1e-15);
    assertEquals(Math.sqrt(5.0 / 4), x.std(new int[] {0}, 0, true).item(), 1e-15);
    assertArrayEquals(new int[] {1}, x.std(new int[] {0}, 0, true).shape());
    // d var / dx = 2(x - mean) / (N - correction)
    assertArrayEquals(new double[] {-1, -1.0 / 3, 1.0 / 3, 1}, grad(Tensor::var, 1, 2, 3, 4), 1e-15);
    Tensor m = Tensor.of(new double[] {1, 3, 2, 6}, 2, 2);
    assertArrayEquals(new double[] {2, 8}, m.var(1).toArray(), 1e-15);
    assertArrayEquals(new double[] {0.25, 2.25}, m.var(new int[] {0}, 0, false).toArray(), 1e-15);
    assertEquals(Double.NaN, Tensor.vector(3).var().item(), "one element, correction 1: 0/0 as in PyTorch");
    check(xs -> xs[0].var(new int[] {-1}, 1, true), Tensor.of(new double[] {1, 3, 2, 6, -1, 0.5}, 2, 3));
    check(xs -> xs[0].std(new int[] {0}, 0, false), Tensor.of(new double[] {1, 3, 2, 6, -1, 0.5}, 2, 3));
  }

  @Test
  void norms_for_p_1_2_and_infinity() {
    Tensor x = Tensor.vector(3, -4, 0);
    assertEquals(7.0, x.norm(1).item());
    assertEquals(5.0, x.norm().item());
    assertEquals(4.0, x.norm(Double.POSITIVE_INFINITY).item());
    assertArrayEquals(new double[] {0.6, -0.8, 0}, grad(Tensor::norm, 3, -4, 0), 1e-15);
    assertArrayEquals(new double[] {1, -1, 0}, grad(t -> t.norm(1), 3, -4, 0), 0);
    // p = ∞: ties split the gradient like amax
    assertArrayEquals(new double[] {0.5, -0.5, 0}, grad(t -> t.norm(Double.POSITIVE_INFINITY), 3, -3, 1), 0);
    Tensor m = Tensor.of(new double[] {3, 4, 0, 0}, 2, 2);
    assertArrayEquals(new double[] {5, 0}, m.norm(2, new int[] {1}, false).toArray(), 0);
    check(xs -> xs[0].norm(2, new int[] {1}, true), Tensor.of(new double[] {3, 4, -1, 2, 0.5, 1}, 2, 3));
    assertMessage("norm: p = 3.0 is not supported (expected 1, 2 or infinity)", () -> x.norm(3));
  }

  @Test
  void the_gradient_of_the_2_norm_at_zero_is_zero_not_nan() {
    assertArrayEquals(new double[] {0, 0, 0}, grad(Tensor::norm, 0, 0, 0), 0);
    Tensor m = Tensor.of(new double[] {0, 0, 3, 4}, 2, 2).requiresGrad(true);
    m.norm(2, new int[] {1}, false).sum().backward();
    assertArrayEquals(new double[] {0, 0, 0.6, 0.8}, m.grad().toArray(), 1e-15);
    // and the second derivative there is finite (0) too
    assertArrayEquals(new double[] {0, 0, 0, 0}, Autograd.hessian(Tensor::norm, Tensor.vector(0, 0)).toArray(), 0);
  }

  @Test
  void cumsum_and_its_reverse() {
    Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertArrayEquals(new double[] {1, 3, 6, 4, 9, 15}, m.cumsum(1).toArray(), 0);
    assertArrayEquals(new double[] {1, 2, 3, 5, 7, 9}, m.cumsum(0).toArray(), 0);
    assertArrayEquals(new double[] {6, 5, 3, 15, 11, 6}, new Scan.Cumsum(-1, true).apply(m).toArray(), 0);
    // the vjp is the reversed cumulative sum: d Σ cumsum(x) / dx_i = n - i
    assertArrayEquals(new double[] {3, 2, 1}, grad(t -> t.cumsum(0).sum(), 1, 2, 3), 0);
  }

  @Test
  void cumprod_with_zeros_has_exact_first_order_gradients() {
    Tensor x = Tensor.vector(2, 0, 3, 4);
    assertArrayEquals(new double[] {2, 0, 0, 0}, x.cumprod(0).toArray(), 0);
    // d Σ r / dx_0 = 1 + x_1 + ... = 1;  dx_1 = x_0 + x_0 x_2 + x_0 x_2 x_3 = 2 + 6 + 24;  dx_2 = dx_3 = 0
    assertArrayEquals(new double[] {1, 32, 0, 0}, grad(t -> t.cumprod(0).sum(), 2, 0, 3, 4), 0);
    // two zeros: dx_1 = x_0 + x_0 x_2 + x_0 x_2 x_3 = 2 + 6 + 0
    assertArrayEquals(new double[] {1, 8, 0, 0}, grad(t -> t.cumprod(0).sum(), 2, 0, 3, 0), 0);
    assertArrayEquals(new double[] {1, 0, 0}, grad(t -> t.cumprod(0).sum(), 0, 0, 5), 0);
    // a zero in one column only, along axis 0
    Tensor m = Tensor.of(new double[] {2, 1, 0, 3, 5, 4}, 3, 2);
    GradCheck.assertGradients(xs -> xs[0].cumprod(0), m);
    GradCheck.assertGradients(xs -> xs[0].cumprod(0), Tensor.vector(2, 0, 3, 0, 1.5));
    check(xs -> xs[0].cumprod(0), Tensor.vector(2, 0, 3, 1.5));
    check(xs -> xs[0].cumprod(-1), Tensor.of(new double[] {2, -1, 0.5, 3, 1.5, -2}, 2, 3));
  }

  @Test
  void argmax_and_argmin_of_all_elements_are_flat_indices() {
    Tensor m = Tensor.of(new double[] {1, 7, 3, 7, -2, 0}, 2, 3);
    assertEquals(1, m.argmax());
    assertEquals(4, m.argmin());
    assertEquals(0, Tensor.scalar(5).argmax());
  }

  @Test
  void mean_takes_the_same_axis_forms_as_sum() {
    Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertEquals(3.5, m.mean().item());
    assertArrayEquals(new double[] {2, 5}, m.mean(1).toArray(), 0);
    assertArrayEquals(new int[] {1, 3}, m.mean(new int[] {0}, true).shape());
    assertEquals(3.5, m.mean(new int[] {0, -1}, false).item());
  }

  @Test
  void bad_axes_are_refused_by_name() {
    Tensor m = Tensor.zeros(2, 3);
    assertMessage("prod: axis 2 is out of range for a tensor of rank 2 (expected -2 .. 1)", () -> m.prod(2));
    assertMessage("var: axis -3 is out of range for a tensor of rank 2 (expected -2 .. 1)", () -> m.var(-3));
    assertMessage("cumsum: axis 2 is out of range for a tensor of rank 2 (expected -2 .. 1)", () -> m.cumsum(2));
    assertMessage("cumprod: needs a tensor of rank 1 or more; got a scalar", () -> Tensor.scalar(1).cumprod(0));
    assertMessage("prod: axis -1 is given twice in [1, -1]", () -> m.prod(new int[] {1, -1}, false));
  }
}
