package dev.autograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.nn.module.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

  @Test
  void by_norm_scales_every_gradient_by_max_norm_over_the_global_norm() {
    Tensor g1 = Tensor.vector(3, 4);
    Tensor g2 = Tensor.of(new double[] {12}, 1, 1);
    double norm = Math.sqrt(9 + 16 + 144);   // 13
    GradientClipping.Clipped c = GradientClipping.byNorm(2.0).clip(new Tensor[] {g1, g2});
    double scale = 2.0 / (norm + 1e-6);
    assertEquals(norm, c.normBefore(), 1e-15);
    assertArrayEquals(new double[] {3 * scale, 4 * scale}, c.gradients()[0].toArray(), 1e-15);
    assertArrayEquals(new double[] {12 * scale}, c.gradients()[1].toArray(), 1e-15);
    assertArrayEquals(new int[] {1, 1}, c.gradients()[1].shape());
    assertArrayEquals(new double[] {3, 4}, g1.toArray(), 0, "the input is not modified");
    assertNotSame(g1.storage(), c.gradients()[0].storage());
    assertEquals(2.0, GradientClipping.globalNorm(c.gradients()), 1e-6);
  }

  @Test
  void by_norm_leaves_gradients_under_the_limit_unchanged() {
    Tensor g = Tensor.vector(0.3, -0.4);
    GradientClipping.Clipped c = GradientClipping.byNorm(1.0).clip(new Tensor[] {g});
    assertArrayEquals(g.toArray(), c.gradients()[0].toArray(), 0);
    assertEquals(0.5, c.normBefore(), 1e-15);
  }

  @Test
  void by_value_clamps_each_element() {
    Tensor g = Tensor.vector(-3, -0.5, 0, 0.7, 2);
    GradientClipping.Clipped c = GradientClipping.byValue(1.0).clip(new Tensor[] {g, null});
    assertArrayEquals(new double[] {-1, -0.5, 0, 0.7, 1}, c.gradients()[0].toArray(), 0);
    assertEquals(null, c.gradients()[1]);
    assertArrayEquals(new double[] {-3, -0.5, 0, 0.7, 2}, g.toArray(), 0);
    assertEquals(Math.sqrt(9 + 0.25 + 0.49 + 4), c.normBefore(), 1e-15);
  }

  @Test
  void an_optimizer_with_clipping_steps_on_the_clipped_gradient_and_reports_the_norm_before() {
    Tensor w = Tensor.param(new double[] {0, 0}, 2);
    SGD sgd = new SGD(List.of(new Parameter("w", w)), 1.0);
    sgd.setGradientClipping(GradientClipping.byNorm(1.0));
    sgd.step(w.mul(Tensor.vector(6, 8)).sum());   // gradient (6, 8), norm 10
    double scale = 1.0 / (10 + 1e-6);
    assertArrayEquals(new double[] {-6 * scale, -8 * scale}, w.toArray(), 1e-15);
    assertEquals(10, sgd.lastGradientNorm(), 1e-15);

    sgd.setGradientClipping(GradientClipping.byValue(7));
    sgd.step(w.mul(Tensor.vector(6, 8)).sum());
    assertArrayEquals(new double[] {-6 * scale - 6, -8 * scale - 7}, w.toArray(), 1e-15);

    sgd.setGradientClipping(null);
    sgd.step(w.mul(Tensor.vector(6, 8)).sum());
    assertArrayEquals(new double[] {-6 * scale - 12, -8 * scale - 15}, w.toArray(), 1e-14);
  }

  @Test
  void clipping_after_backward_never_writes_into_the_accumulated_gradients() {
    Tensor w = Tensor.param(new double[] {1, 1}, 2);
    Tensor u = Tensor.param(new double[] {1}, 1);
    SGD sgd = new SGD(List.of(new Parameter("w", w), new Parameter("u", u)), 0.5);
    sgd.setGradientClipping(GradientClipping.byValue(0.1));
    w.mul(Tensor.vector(3, -4)).sum().add(u.mul(2).sum()).backward();
    double[] gw = w.grad().toArray();
    sgd.step();
    assertArrayEquals(new double[] {3, -4}, w.grad().toArray(), 0);
    assertArrayEquals(gw, w.grad().toArray(), 0);
    assertArrayEquals(new double[] {2}, u.grad().toArray(), 0);
    assertArrayEquals(new double[] {1 - 0.05, 1 + 0.05}, w.toArray(), 1e-15);
    assertArrayEquals(new double[] {1 - 0.05}, u.toArray(), 1e-15);
    assertEquals(Math.sqrt(9 + 16 + 4), sgd.lastGradientNorm(), 1e-15);
  }

  @Test
  void clipping_by_hand_between_backward_and_apply() {
    Tensor w = Tensor.param(new double[] {0, 0}, 2);
    SGD sgd = new SGD(List.of(new Parameter("w", w)), 1.0);
    w.mul(Tensor.vector(30, 40)).sum().backward();
    GradientClipping.Clipped c = GradientClipping.byNorm(5).clip(new Tensor[] {w.grad()});
    sgd.apply(c.gradients());
    assertEquals(50, c.normBefore(), 1e-12);
    assertEquals(5, Math.hypot(w.toArray()[0], w.toArray()[1]), 1e-6);
    assertTrue(w.toArray()[0] < 0 && w.toArray()[1] < 0);
  }

  @Test
  void bad_limits_are_refused() {
    var e = assertThrows(IllegalArgumentException.class, () -> GradientClipping.byNorm(0));
    assertTrue(e.getMessage().contains("byNorm") && e.getMessage().contains("0.0"), e.getMessage());
    var f = assertThrows(IllegalArgumentException.class, () -> GradientClipping.byValue(Double.NaN));
    assertTrue(f.getMessage().contains("byValue"), f.getMessage());
  }
}
