package dev.autograd.nn.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.check.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearTest {

  @Test
  void batch_forward_passes_the_gradient_check_in_input_weight_and_bias() {
    GradCheck.assertGradients(
        xs -> Linear.of(xs[1], xs[2]).forward(xs[0]), Tensor.randn(1, 5, 3), Tensor.randn(2, 3, 4), Tensor.randn(3, 4));
  }

  @Test
  void single_example_forward_passes_the_gradient_check() {
    GradCheck.assertGradients(
        xs -> Linear.of(xs[1], xs[2]).forward(xs[0]), Tensor.randn(4, 3), Tensor.randn(5, 3, 2), Tensor.randn(6, 2));
  }

  @Test
  void layer_without_bias_passes_the_gradient_check() {
    GradCheck.assertGradients(xs -> Linear.of(xs[1], null).forward(xs[0]), Tensor.randn(7, 4, 3), Tensor.randn(8, 3, 2));
  }

  @Test
  void forward_computes_x_times_w_plus_b() {
    Linear l = Linear.of(new double[][] {{1, 2}, {3, 4}, {5, 6}}, new double[] {10, 20});
    Tensor y = l.forward(Tensor.matrix(new double[][] {{1, 0, 0}, {1, 1, 1}}));
    assertArrayEquals(new double[] {11, 22, 19, 32}, y.toArray(), 0);
    assertArrayEquals(new int[] {2, 2}, y.shape());
  }

  @Test
  void parameters_are_named_weight_and_bias_and_require_gradients() {
    Linear l = new Linear(3, 2, 1L);
    List<Parameter> ps = l.parameters();
    assertEquals(List.of("weight", "bias"), ps.stream().map(Parameter::name).toList());
    assertArrayEquals(new int[] {3, 2}, ps.get(0).shape());
    assertArrayEquals(new int[] {2}, ps.get(1).shape());
    assertTrue(ps.get(0).value().requiresGrad());
    assertEquals(8, l.parameterCount());
  }

  @Test
  void same_seed_gives_same_weights_and_another_seed_other_weights() {
    assertArrayEquals(new Linear(4, 3, 5L).weight().toArray(), new Linear(4, 3, 5L).weight().toArray(), 0);
    assertTrue(new Linear(4, 3, 5L).weight().maxAbsDiff(new Linear(4, 3, 6L).weight()) > 0);
  }

  @Test
  void xavier_weights_lie_within_the_glorot_bound_and_bias_starts_at_zero() {
    Linear l = new Linear(20, 30, Init.XAVIER, 3L);
    double bound = Math.sqrt(6.0 / 50);
    for (double w : l.weight().toArray()) {
      assertTrue(Math.abs(w) <= bound, "weight " + w + " exceeds " + bound);
    }
    assertArrayEquals(new double[30], l.bias().toArray(), 0);
  }

  @Test
  void he_weights_have_variance_two_over_fan_in() {
    Linear l = new Linear(200, 100, Init.HE, 9L);
    double[] w = l.weight().toArray();
    double s = 0;
    for (double v : w) {
      s += v * v;
    }
    assertEquals(2.0 / 200, s / w.length, 0.1 * 2.0 / 200);
  }

  @Test
  void layer_without_bias_has_only_a_weight() {
    Linear l = new Linear(3, 2, Init.XAVIER, new java.util.SplittableRandom(1), false);
    assertNull(l.bias());
    assertEquals(1, l.parameters().size());
  }

  @Test
  void input_of_the_wrong_width_names_the_layer_and_the_shapes() {
    Linear l = new Linear(3, 2, 1L);
    var e = assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(5, 4)));
    assertTrue(e.getMessage().contains("Linear(3 -> 2)") && e.getMessage().contains("[5, 4]"), e.getMessage());
  }

  @Test
  void bias_of_the_wrong_length_is_refused() {
    var e = assertThrows(
        IllegalArgumentException.class, () -> Linear.of(new double[][] {{1, 2}}, new double[] {1, 2, 3}));
    assertTrue(e.getMessage().contains("one value per output (2)"), e.getMessage());
  }
}
