package dev.autograd.nn.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.NN;
import dev.autograd.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Conv2dTest {

  @Test
  void forward_is_nn_conv2d_with_the_layers_weight_bias_and_window() {
    Conv2d c = new Conv2d(3, 4, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 2}, true,
        new SplittableRandom(7));
    Tensor x = Tensor.randn(1, 2, 3, 9, 8);
    Tensor expected = NN.conv2d(x, c.weight(), c.bias(), new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 2});
    Tensor y = c.forward(x);
    assertArrayEquals(expected.shape(), y.shape());
    assertArrayEquals(new int[] {2, 4, 5, 6}, y.shape());
    assertEquals(0, y.maxAbsDiff(expected));
  }

  @Test
  void layer_without_bias_is_nn_conv2d_without_bias() {
    Conv2d c = new Conv2d(2, 3, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, false,
        new SplittableRandom(1));
    Tensor x = Tensor.randn(2, 1, 2, 5, 5);
    assertNull(c.bias());
    assertEquals(0, c.forward(x).maxAbsDiff(NN.conv2d(x, c.weight(), 1, 1, 1)));
    assertEquals(List.of("weight"), c.parameters().stream().map(Parameter::name).toList());
    assertEquals("Conv2d(2 -> 3, kernel 3, padding 1, no bias)", c.toString());
  }

  @Test
  void one_image_without_a_batch_axis_gives_one_output_without_it() {
    Conv2d c = new Conv2d(2, 3, 3, 5L);
    Tensor x = Tensor.randn(3, 2, 6, 7);
    Tensor y = c.forward(x);
    assertArrayEquals(new int[] {3, 4, 5}, y.shape());
    assertEquals(0, y.maxAbsDiff(c.forward(x.reshape(1, 2, 6, 7)).reshape(3, 4, 5)));
  }

  @Test
  void parameters_are_weight_and_bias_in_pytorch_layout_and_count() {
    Conv2d c = new Conv2d(3, 8, 5, 1L);
    List<Parameter> ps = c.parameters();
    assertEquals(List.of("weight", "bias"), ps.stream().map(Parameter::name).toList());
    assertArrayEquals(new int[] {8, 3, 5, 5}, ps.get(0).shape());
    assertArrayEquals(new int[] {8}, ps.get(1).shape());
    assertEquals(8 * 3 * 25 + 8, c.parameterCount());
    assertTrue(ps.get(0).value().requiresGrad() && ps.get(1).value().requiresGrad());
  }

  @Test
  void initialisation_is_uniform_within_one_over_root_fan_in_and_seeded() {
    Conv2d c = new Conv2d(4, 16, 3, 9L);
    double bound = 1 / Math.sqrt(4 * 9);
    for (Tensor t : new Tensor[] {c.weight(), c.bias()}) {
      double max = 0;
      for (double v : t.toArray()) {
        max = Math.max(max, Math.abs(v));
      }
      assertTrue(max <= bound && max > 0.8 * bound, "max |value| " + max + " vs bound " + bound);
    }
    assertEquals(0, c.weight().maxAbsDiff(new Conv2d(4, 16, 3, 9L).weight()));
    assertTrue(c.weight().maxAbsDiff(new Conv2d(4, 16, 3, 10L).weight()) > 0);
  }

  @Test
  void gradients_reach_weight_and_bias() {
    Conv2d c = new Conv2d(1, 2, 3, 1, 1, 3L);
    c.forward(Tensor.randn(4, 2, 1, 4, 4)).square().sum().backward();
    assertArrayEquals(new int[] {2, 1, 3, 3}, c.weight().grad().shape());
    assertTrue(c.bias().grad().abs().sum().item() > 0);
  }

  @Test
  void bad_arguments_and_inputs_are_refused_with_messages() {
    assertEquals("Conv2d: needs at least one input and one output channel; got in = 0, out = 4",
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(0, 4, 3, 1L)).getMessage());
    assertEquals("Conv2d: stride must be at least 1; got [0, 0]",
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(1, 4, 3, 0, 0, 1L)).getMessage());
    assertEquals("Conv2d: kernel needs 2 values (height, width); got [3]",
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(1, 4, new int[] {3}, new int[] {1, 1},
            new int[] {0, 0}, new int[] {1, 1}, true, new SplittableRandom(1))).getMessage());
    Conv2d c = new Conv2d(3, 4, 3, 1L);
    assertEquals("Conv2d(3 -> 4, kernel 3): expects input of shape [N, 3, H, W] or [3, H, W]; got [2, 27]",
        assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.zeros(2, 27))).getMessage());
    assertEquals("conv2d: input has 2 channels but the weight [4, 3, 3, 3] expects 3",
        assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.zeros(1, 2, 5, 5))).getMessage());
  }
}
