package dev.autograd.nn.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.check.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequentialTest {

  @Test
  void chain_passes_the_gradient_check_in_input_and_every_parameter() {
    GradCheck.assertGradients(
        xs -> new Sequential(Linear.of(xs[1], xs[2]), Activation.TANH, Linear.of(xs[3], xs[4]), Activation.SIGMOID)
            .forward(xs[0]),
        Tensor.randn(1, 4, 3), Tensor.randn(2, 3, 5), Tensor.randn(3, 5), Tensor.randn(4, 5, 2), Tensor.randn(5, 2));
  }

  @Test
  void parameters_are_named_by_position() {
    Sequential s = new Sequential(new Linear(2, 3, 1L), Activation.RELU, new Linear(3, 1, 2L));
    assertEquals(
        List.of("0.weight", "0.bias", "2.weight", "2.bias"), s.parameters().stream().map(Parameter::name).toList());
    assertEquals(2 * 3 + 3 + 3 + 1, s.parameterCount());
  }

  @Test
  void nested_containers_prefix_names_again() {
    Sequential inner = new Sequential(new Linear(2, 2, 1L));
    Sequential outer = new Sequential(Activation.TANH, inner);
    assertEquals(List.of("1.0.weight", "1.0.bias"), outer.parameters().stream().map(Parameter::name).toList());
  }

  @Test
  void a_lambda_is_a_module_without_parameters() {
    Sequential s = new Sequential(x -> x.square(), Linear.of(new double[][] {{1}, {1}}, null));
    assertEquals(13.0, s.forward(Tensor.vector(2, 3)).item(), 0);
    assertEquals(1, s.parameters().size());
  }

  @Test
  void activations_lists_every_intermediate_output() {
    Linear first = Linear.of(new double[][] {{1, -1}}, new double[] {0, 0});
    Sequential s = new Sequential(first, Activation.RELU);
    List<Tensor> acts = s.activations(Tensor.matrix(new double[][] {{2}}));
    assertEquals(2, acts.size());
    assertArrayEquals(new double[] {2, -2}, acts.get(0).toArray(), 0);
    assertArrayEquals(new double[] {2, 0}, acts.get(1).toArray(), 0);
  }

  @Test
  void the_same_layer_twice_is_refused() {
    Linear l = new Linear(2, 2, 1L);
    var e = assertThrows(IllegalArgumentException.class, () -> new Sequential(l, Activation.TANH, l).parameters());
    assertTrue(e.getMessage().contains("'2.weight'") && e.getMessage().contains("shared"), e.getMessage());
  }

  @Test
  void predict_records_no_graph() {
    Sequential s = new Sequential(new Linear(2, 2, 1L));
    Tensor y = s.predict(Tensor.ones(3, 2));
    assertTrue(y.isLeaf() && !y.requiresGrad());
    assertTrue(s.forward(Tensor.ones(3, 2)).requiresGrad());
  }
}
