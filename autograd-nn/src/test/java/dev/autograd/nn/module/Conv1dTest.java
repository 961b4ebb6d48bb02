package dev.autograd.nn.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.NN;
import dev.autograd.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Conv1dTest {

  @Test
  void forward_is_nn_conv1d_with_the_layers_weight_bias_and_window() {
    Conv1d c = new Conv1d(2, 5, 3, 2, 1, 2, true, new SplittableRandom(4));
    Tensor x = Tensor.randn(1, 3, 2, 11);
    Tensor y = c.forward(x);
    assertArrayEquals(new int[] {3, 5, 5}, y.shape());
    assertEquals(0, y.maxAbsDiff(NN.conv1d(x, c.weight(), c.bias(), 2, 1, 2)));
    assertEquals("Conv1d(2 -> 5, kernel 3, stride 2, padding 1, dilation 2)", c.toString());
  }

  @Test
  void one_sequence_without_a_batch_axis_and_no_bias() {
    Conv1d c = new Conv1d(2, 3, 2, 1, 0, 1, false, new SplittableRandom(2));
    Tensor x = Tensor.randn(5, 2, 6);
    assertArrayEquals(new int[] {3, 5}, c.forward(x).shape());
    assertEquals(0, c.forward(x).maxAbsDiff(NN.conv1d(x.reshape(1, 2, 6), c.weight()).reshape(3, 5)));
    assertEquals(List.of("weight"), c.parameters().stream().map(Parameter::name).toList());
  }

  @Test
  void parameters_count_and_initialisation_bound() {
    Conv1d c = new Conv1d(4, 6, 5, 3L);
    assertEquals(List.of("weight", "bias"), c.parameters().stream().map(Parameter::name).toList());
    assertArrayEquals(new int[] {6, 4, 5}, c.weight().shape());
    assertEquals(6 * 4 * 5 + 6, c.parameterCount());
    double bound = 1 / Math.sqrt(4 * 5);
    for (double v : c.weight().toArray()) {
      assertTrue(Math.abs(v) <= bound);
    }
  }

  @Test
  void bad_arguments_and_inputs_are_refused_with_messages() {
    assertEquals("Conv1d: padding must be at least 0; got -1",
        assertThrows(IllegalArgumentException.class,
            () -> new Conv1d(1, 1, 3, 1, -1, 1, true, new SplittableRandom(1))).getMessage());
    Conv1d c = new Conv1d(2, 3, 3, 1L);
    assertEquals("Conv1d(2 -> 3, kernel 3): expects input of shape [N, 2, L] or [2, L]; got [4]",
        assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.zeros(4))).getMessage());
  }
}
