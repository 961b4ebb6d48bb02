package dev.autograd.nn.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autograd.NN;
import dev.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerNormTest {

  @Test
  void forward_is_nn_layer_norm_with_the_layers_weight_and_bias() {
    LayerNorm ln = new LayerNorm(3, 4);
    ln.weight().storage()[5] = 3;
    ln.bias().storage()[0] = 1;
    Tensor x = Tensor.randn(1, 2, 3, 4);
    assertEquals(0, ln.forward(x).maxAbsDiff(NN.layerNorm(x, new int[] {3, 4}, ln.weight(), ln.bias(), 1e-5)));
    assertEquals(0, new LayerNorm(new int[] {4}, 1e-3, false).forward(x)
        .maxAbsDiff(NN.layerNorm(x, new int[] {4}, 1e-3)));
  }

  @Test
  void same_in_training_and_evaluation_and_named_weight_and_bias() {
    LayerNorm ln = new LayerNorm(5);
    Tensor x = Tensor.randn(2, 3, 5);
    Tensor a = ln.forward(x);
    ln.eval();
    assertEquals(0, ln.forward(x).maxAbsDiff(a));
    assertEquals(List.of("weight", "bias"), ln.parameters().stream().map(Parameter::name).toList());
    assertEquals(10, ln.parameterCount());
    assertArrayEquals(new int[] {5}, ln.normalizedShape());
    assertEquals(0, new LayerNorm(new int[] {5}, 1e-5, false).parameterCount());
  }

  @Test
  void bad_arguments_and_inputs_are_refused_with_messages() {
    assertEquals("LayerNorm: normalizedShape needs at least one dimension, each at least 1; got []",
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm()).getMessage());
    assertEquals("layerNorm: normalizedShape [4] must be the trailing dimensions of the input [2, 3]",
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(4).forward(Tensor.zeros(2, 3))).getMessage());
  }
}
