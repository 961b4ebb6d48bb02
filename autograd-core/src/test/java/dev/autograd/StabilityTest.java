package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Stable primitives give finite values and the exact limiting gradients far from zero. */
class StabilityTest {
  private static final double[] EXTREMES = {-1e300, -1e5, -1000, -745, 745, 1000, 1e5, 1e300};

  @Test
  void softplus_is_finite_with_limiting_gradients() {
    Tensor x = Tensor.vector(EXTREMES).requiresGrad(true);
    Tensor y = x.softplus();
    y.sum().backward();
    for (int i = 0; i < EXTREMES.length; i++) {
      double v = EXTREMES[i];
      // softplus(v) = v + log1p(e⁻ᵛ) for v > 0 and log1p(eᵛ) ≈ eᵛ (underflowing to 0) for v < 0.
      assertEquals(v > 0 ? v : Math.exp(v), y.get(i), v > 0 ? 1e-12 * v : 0.0, "softplus(" + v + ")");
      assertEquals(v > 0 ? 1.0 : Math.exp(v), x.grad().get(i), 0.0, "softplus'(" + v + ")");
    }
    assertEquals(Math.log(2), Tensor.scalar(0).softplus().item(), 1e-15);
  }

  @Test
  void sigmoid_is_finite_with_limiting_gradients() {
    Tensor x = Tensor.vector(EXTREMES).requiresGrad(true);
    Tensor y = x.sigmoid();
    y.sum().backward();
    for (int i = 0; i < EXTREMES.length; i++) {
      double v = EXTREMES[i];
      // σ(v) → 1 above; below it is eᵛ, the smallest subnormal at -745 and exactly 0 from -1000 on.
      assertEquals(v > 0 ? 1.0 : Math.exp(v), y.get(i), 0.0, "sigmoid(" + v + ")");
      assertEquals(v > 0 ? 0.0 : Math.exp(v), x.grad().get(i), 0.0, "sigmoid'(" + v + ")");
    }
  }

  @Test
  void log_sum_exp_does_not_overflow() {
    Tensor x = Tensor.vector(1000, 1000, -1000).requiresGrad(true);
    Tensor y = x.logSumExp();
    y.backward();
    assertEquals(1000 + Math.log(2), y.item(), 1e-12);
    // exp(x - r) with r = 1000 + log 2: the subtraction is exact to the ulp of 1000 (1.1e-13).
    assertArrayEquals(new double[] {0.5, 0.5, 0.0}, x.grad().toArray(), 1e-12);
    Tensor small = Tensor.vector(-1000, -1000).logSumExp();
    assertEquals(-1000 + Math.log(2), small.item(), 1e-12);
  }

  @Test
  void log_softmax_and_softmax_stay_finite_at_large_logits() {
    Tensor z = Tensor.matrix(new double[][] {{1000, 0, -1000}, {-1e5, 1e5, 0}}).requiresGrad(true);
    Tensor lp = z.logSoftmax(1);
    assertTrue(lp.isFinite(), lp.toString());
    assertEquals(0.0, lp.get(0, 0), 0.0);
    assertEquals(-1000, lp.get(0, 1), 1e-9);
    assertEquals(-2000, lp.get(0, 2), 1e-9);
    lp.pick(0, 1).sum().backward();
    // d/dz of log p_label = onehot - softmax: softmax is exactly one-hot here, so the gradient is 0.
    assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0}, z.grad().toArray(), 0.0);
    Tensor p = z.softmax(1);
    assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, p.toArray(), 0.0);
  }

  @Test
  void log_softmax_gradient_at_large_logits_is_exact() {
    Tensor z = Tensor.vector(1000, -1000).requiresGrad(true);
    Tensor lp1 = z.logSoftmax(0).slice(0, 1, 2).sum();   // log p₁ = -2000
    lp1.backward();
    assertEquals(-2000, lp1.item(), 1e-9);
    assertArrayEquals(new double[] {-1, 1}, z.grad().toArray(), 0.0);
  }

  @Test
  void binary_cross_entropy_from_logits_is_finite_at_extremes() {
    // BCE(z, y) = softplus(z) - y·z, the loss the nn module builds.
    Tensor z = Tensor.vector(1000, -1000, 1000, -1000).requiresGrad(true);
    Tensor y = Tensor.vector(1, 0, 0, 1);
    Tensor loss = z.softplus().sub(y.mul(z));
    loss.sum().backward();
    assertArrayEquals(new double[] {0, 0, 1000, 1000}, loss.toArray(), 1e-9);
    assertArrayEquals(new double[] {0, 0, 1, -1}, z.grad().toArray(), 0.0);
  }
}
