package dev.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.Gradients;
import dev.autograd.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The derivative rules at the points the random catalog never draws (exact bounds, zeros, ties,
 * NaN) and through the branches it does not take (a fused rule's broadcasting form), each against
 * hand-computed values. Written to kill the mutants PIT found surviving (see MUTATION.md).
 */
class RuleEdgeCasesTest {

  private static final double NAN = Double.NaN;

  @Test
  void clamp_passes_the_gradient_at_both_bounds_like_torch_clamp() {
    Tensor x = Tensor.vector(-1, -1.5, 2, 2.5, 0.5, NAN).requiresGrad(true);
    Tensor g = Autograd.gradients(x.clamp(-1, 2).sum(), x).get(0);
    assertArrayEquals(new double[] {1, 0, 1, 0, 1, NAN}, g.toArray(), 0);
  }

  @Test
  void relu_grad_in_its_broadcasting_form_is_zero_at_zero_and_nan_for_nan() {
    Tensor grad = Tensor.matrix(new double[][] {{1, 2, 3, 4}, {5, 6, 7, 8}});
    Tensor x = Tensor.vector(-1, 0, 2, NAN);
    Tensor r = Elementwise.RELU_GRAD.apply(grad, x);
    assertArrayEquals(new int[] {2, 4}, r.shape());
    assertArrayEquals(new double[] {0, 0, 3, NAN, 0, 0, 7, NAN}, r.toArray(), 0);
  }

  @Test
  void relu_grad_differentiates_in_g_only_where_x_is_positive() {
    Tensor grad = Tensor.vector(1, 2, 3).requiresGrad(true);
    Tensor x = Tensor.vector(-1, 0, 2).requiresGrad(true);
    Gradients d = Autograd.gradients(Elementwise.RELU_GRAD.apply(grad, x).sum(), grad, x);
    assertArrayEquals(new double[] {0, 0, 1}, d.get(0).toArray(), 0);
    assertArrayEquals(new double[] {0, 0, 0}, d.get(1).toArray(), 0);
  }

  @Test
  void sigmoid_and_tanh_grads_in_their_broadcasting_form_match_the_formulas() {
    Tensor grad = Tensor.matrix(new double[][] {{1, 2}, {3, 4}});
    Tensor s = Tensor.vector(0.25, 0.5);
    assertArrayEquals(new double[] {0.1875, 0.5, 0.5625, 1.0},
        Elementwise.SIGMOID_GRAD.apply(grad, s).toArray(), 1e-15);
    assertArrayEquals(new double[] {0.9375, 1.5, 2.8125, 3.0},
        Elementwise.TANH_GRAD.apply(grad, s).toArray(), 1e-15);
  }

  @Test
  void pow_with_constant_exponents_zero_one_two_and_others() {
    Tensor x = Tensor.vector(-2, 0.5, 3);
    assertArrayEquals(new double[] {0, 0, 0}, Autograd.grad(t -> t.pow(0).sum(), x).toArray(), 0);
    assertArrayEquals(new double[] {1, 1, 1}, Autograd.grad(t -> t.pow(1).sum(), x).toArray(), 0);
    assertArrayEquals(new double[] {-4, 1, 6}, Autograd.grad(t -> t.pow(2).sum(), x).toArray(), 0);
    assertArrayEquals(new double[] {12, 0.75, 27}, Autograd.grad(t -> t.pow(3).sum(), x).toArray(), 1e-14);
    assertArrayEquals(new double[] {4, 0.25, 9}, x.pow(2).toArray(), 0);
    assertArrayEquals(new double[] {-8, 0.125, 27}, x.pow(3).toArray(), 0);
    Tensor y = Tensor.vector(4, 0.25);
    assertArrayEquals(new double[] {2, 0.5}, y.pow(0.5).toArray(), 0);
    assertArrayEquals(new double[] {0.25, 1}, Autograd.grad(t -> t.pow(0.5).sum(), y).toArray(), 1e-15);
    assertArrayEquals(new double[] {8, 0.125}, y.pow(1.5).toArray(), 1e-15);
  }

  @Test
  void pow_of_tensors_keeps_torch_conventions_at_zero_base_and_zero_exponent() {
    Tensor x = Tensor.vector(0, 0, 0, 2, -2).requiresGrad(true);
    Tensor y = Tensor.vector(0, 2, -1, 0, 3).requiresGrad(true);
    Gradients d = Autograd.gradients(x.pow(y).sum(), x, y);
    // dx = y·x^(y-1), 0 where y = 0; dy = r·log x, 0 where x = 0 and y >= 0
    assertArrayEquals(new double[] {0, 0, Double.NEGATIVE_INFINITY, 0, 12}, d.get(0).toArray(), 0);
    double[] dy = d.get(1).toArray();
    assertEquals(0, dy[0], 0);
    assertEquals(0, dy[1], 0);
    assertTrue(Double.isNaN(dy[2]) || Double.isInfinite(dy[2]), "0^-1·log 0: " + dy[2]);
    assertEquals(Math.log(2), dy[3], 1e-15);
    assertTrue(Double.isNaN(dy[4]), "log of a negative base");
  }

  @Test
  void max_and_min_of_all_elements_split_ties_and_nan_poisons_the_slice() {
    Tensor x = Tensor.vector(2, 7, 7, -1).requiresGrad(true);
    assertArrayEquals(new double[] {0, 0.5, 0.5, 0}, Autograd.gradients(x.max(), x).get(0).toArray(), 0);
    assertArrayEquals(new double[] {0, 0, 0, 1}, Autograd.gradients(x.min(), x).get(0).toArray(), 0);
    Tensor n = Tensor.vector(1, NAN, 3).requiresGrad(true);
    assertTrue(Double.isNaN(n.max().item()) && Double.isNaN(n.min().item()));
    for (double v : Autograd.gradients(n.max(), n).get(0).toArray()) {
      assertTrue(Double.isNaN(v));
    }
    Tensor m = Tensor.matrix(new double[][] {{1, NAN}, {4, 4}}).requiresGrad(true);
    Tensor r = m.amax(new int[] {1}, false);
    assertTrue(Double.isNaN(r.get(0)));
    assertEquals(4, r.get(1), 0);
    double[] gm = Autograd.gradients(r.sum(), m).get(0).toArray();
    assertTrue(Double.isNaN(gm[0]) && Double.isNaN(gm[1]));
    assertArrayEquals(new double[] {0.5, 0.5}, new double[] {gm[2], gm[3]}, 0);
  }

  @Test
  void max_and_min_of_infinities_and_of_equal_extremes() {
    Tensor x = Tensor.vector(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY).requiresGrad(true);
    assertEquals(Double.NEGATIVE_INFINITY, x.max().item(), 0);
    assertArrayEquals(new double[] {0.5, 0.5}, Autograd.gradients(x.max(), x).get(0).toArray(), 0);
    Tensor y = Tensor.vector(Double.POSITIVE_INFINITY, 1).requiresGrad(true);
    assertEquals(1, y.min().item(), 0);
    assertArrayEquals(new double[] {0, 1}, Autograd.gradients(y.min(), y).get(0).toArray(), 0);
  }

  @Test
  void maximum_and_minimum_split_exact_ties_in_half_for_each_input_alone() {
    Tensor a = Tensor.vector(1, 3, 5);
    Tensor b = Tensor.vector(2, 3, 4);
    Tensor aa = a.requiresGrad(true);
    assertArrayEquals(new double[] {0, 0.5, 1}, Autograd.gradients(aa.maximum(b).sum(), aa).get(0).toArray(), 0);
    assertArrayEquals(new double[] {1, 0.5, 0}, Autograd.gradients(aa.minimum(b).sum(), aa).get(0).toArray(), 0);
    Tensor bb = b.requiresGrad(true);
    assertArrayEquals(new double[] {1, 0.5, 0}, Autograd.gradients(a.maximum(bb).sum(), bb).get(0).toArray(), 0);
    assertArrayEquals(new double[] {0, 0.5, 1}, Autograd.gradients(a.minimum(bb).sum(), bb).get(0).toArray(), 0);
  }

  @Test
  void logdet_of_a_negative_determinant_has_a_nan_gradient_and_log_abs_det_a_finite_one() {
    Tensor a = Tensor.matrix(new double[][] {{0, 2}, {1, 0}});   // det = -2
    Tensor x = a.requiresGrad(true);
    assertTrue(Double.isNaN(x.logdet().item()));
    for (double v : Autograd.gradients(x.logdet(), x).get(0).toArray()) {
      assertTrue(Double.isNaN(v), "logdet's gradient where it is not defined");
    }
    Tensor labs = new Decompositions.LogDet(true).apply(x);
    assertEquals(Math.log(2), labs.item(), 1e-15);
    // d log|det A| / dA = A⁻ᵀ
    assertArrayEquals(new double[] {0, 0.5, 1, 0}, Autograd.gradients(labs, x).get(0).toArray(), 1e-15);
    Tensor p = Tensor.matrix(new double[][] {{2, 0}, {0, 4}}).requiresGrad(true);
    assertArrayEquals(new double[] {0.5, 0, 0, 0.25}, Autograd.gradients(p.logdet(), p).get(0).toArray(), 1e-15);
  }

  @Test
  void cumprod_finds_the_zero_of_each_slice_beyond_the_first_and_extremes_work_along_a_middle_axis() {
    Tensor x = Tensor.matrix(new double[][] {{2, 3, 4}, {5, 0, 6}}).requiresGrad(true);
    Tensor g = Autograd.gradients(x.cumprod(1).sum(), x).get(0);
    assertArrayEquals(new double[] {16, 10, 6, 1, 35, 0}, g.toArray(), 0);
    Tensor t = Tensor.of(new double[] {1, 9, 3, 4, 5, 6, 7, 8, 0, 2, 11, 1}, 2, 3, 2);
    assertArrayEquals(new int[] {2, 0, 2, 0}, Reduce.argExtreme(t, 1, true));
    assertArrayEquals(new int[] {0, 1, 1, 2}, Reduce.argExtreme(t, 1, false));
    Tensor low = Tensor.vector(-1000, -1000);
    assertEquals(-1000 + Math.log(2), low.logSumExp(new int[] {0}, false).item(), 1e-12);
  }
}
