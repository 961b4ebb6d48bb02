package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The smooth activations and logAddExp far out: finite values and the exact limiting gradients at
 * ±1000 (and beyond), where a naive composition of exp and log overflows or gives {@code 0·∞}.
 */
class MathStabilityTest {
  private static final double[] FAR = {-1e300, -1e5, -1000, 1000, 1e5, 1e300};

  /** Values and gradients of {@code f} at {@link #FAR}. */
  private static Tensor[] valueAndGradient(UnaryOperator<Tensor> f) {
    Tensor x = Tensor.vector(FAR).requiresGrad(true);
    Tensor y = f.apply(x);
    y.sum().backward();
    assertTrue(y.isFinite(), y.toString());
    assertTrue(x.grad().isFinite(), x.grad().toString());
    return new Tensor[] {y, x.grad()};
  }

  @Test
  void log_sigmoid_is_x_on_the_left_and_0_on_the_right_with_gradients_1_and_0() {
    Tensor[] r = valueAndGradient(Tensor::logSigmoid);
    assertArrayEquals(new double[] {-1e300, -1e5, -1000, 0, 0, 0}, r[0].toArray(), 0.0);
    assertArrayEquals(new double[] {1, 1, 1, 0, 0, 0}, r[1].toArray(), 0.0);
    assertEquals(-Math.log(2), Tensor.scalar(0).logSigmoid().item(), 1e-16);
  }

  @Test
  void gelu_is_0_on_the_left_and_x_on_the_right_with_gradients_0_and_1() {
    Tensor[] r = valueAndGradient(Tensor::gelu);
    assertArrayEquals(new double[] {0, 0, 0, 1000, 1e5, 1e300}, r[0].toArray(), 0.0);
    assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1}, r[1].toArray(), 0.0);
  }

  @Test
  void silu_is_0_on_the_left_and_x_on_the_right_with_gradients_0_and_1() {
    Tensor[] r = valueAndGradient(Tensor::silu);
    assertArrayEquals(new double[] {0, 0, 0, 1000, 1e5, 1e300}, r[0].toArray(), 0.0);
    assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1}, r[1].toArray(), 0.0);
  }

  @Test
  void softsign_tends_to_plus_minus_1_with_gradient_one_over_1_plus_x_squared() {
    Tensor[] r = valueAndGradient(Tensor::softsign);
    for (int i = 0; i < FAR.length; i++) {
      double v = FAR[i];
      double d = 1 + Math.abs(v);
      assertEquals(v / d, r[0].get(i), 0.0, "softsign(" + v + ")");
      assertEquals(1 / (d * d), r[1].get(i), 0.0, "softsign'(" + v + ")");
    }
    assertEquals(1.0, r[0].get(5), 0.0);
    assertEquals(1.0 / (1001.0 * 1001.0), r[1].get(3), 0.0);
    assertEquals(0.0, r[1].get(5), 0.0);   // (1 + 1e300)² overflows to ∞: the limit 0, not NaN
  }

  @Test
  void log_add_exp_is_the_larger_input_with_gradients_1_and_0() {
    Tensor a = Tensor.vector(1000, -1000, 1000, -1000, 1e300, 0).requiresGrad(true);
    Tensor b = Tensor.vector(-1000, 1000, 1000, -1000, -1e300, 1e5).requiresGrad(true);
    Tensor y = a.logAddExp(b);
    y.sum().backward();
    assertArrayEquals(new double[] {1000, 1000, 1000 + Math.log(2), -1000 + Math.log(2), 1e300, 1e5},
        y.toArray(), 1e-12);
    assertArrayEquals(new double[] {1, 0, 0.5, 0.5, 1, 0}, a.grad().toArray(), 0.0);
    assertArrayEquals(new double[] {0, 1, 0.5, 0.5, 0, 1}, b.grad().toArray(), 0.0);
  }

  @Test
  void log_add_exp_of_two_equal_infinities_is_that_infinity() {
    Tensor inf = Tensor.vector(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY},
        inf.logAddExp(inf).toArray(), 0.0);
    assertEquals(3.0, Tensor.scalar(Double.NEGATIVE_INFINITY).logAddExp(Tensor.scalar(3)).item(), 0.0);
  }

  @Test
  void sigmoid_and_softplus_are_unaffected() {
    Tensor[] s = valueAndGradient(Tensor::sigmoid);
    assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1}, s[0].toArray(), 0.0);
    assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0}, s[1].toArray(), 0.0);
    Tensor[] p = valueAndGradient(Tensor::softplus);
    assertArrayEquals(new double[] {0, 0, 0, 1000, 1e5, 1e300}, p[0].toArray(), 0.0);
    assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1}, p[1].toArray(), 0.0);
  }

  @Test
  void second_derivatives_are_finite_far_out() {
    for (UnaryOperator<Tensor> f : java.util.List.<UnaryOperator<Tensor>>of(
        Tensor::logSigmoid, Tensor::gelu, Tensor::silu, Tensor::softsign)) {
      Tensor h = Autograd.grad(z -> Autograd.grad(x -> f.apply(x).sum(), z).sum(), Tensor.vector(-1000, 1000));
      assertTrue(h.isFinite(), h.toString());
      assertArrayEquals(new double[] {0, 0}, h.toArray(), 1e-5);
    }
  }
}
