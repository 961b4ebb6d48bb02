package dev.autograd.nn.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autograd.NN;
import dev.autograd.Tensor;
import org.junit.jupiter.api.Test;

/** MaxPool2d, AvgPool2d and Flatten: parameter-free layers over the NN functions and reshape. */
class PoolingTest {

  @Test
  void max_pool_is_nn_max_pool_with_stride_defaulting_to_the_kernel() {
    Tensor x = Tensor.randn(1, 2, 3, 6, 6);
    assertEquals(0, new MaxPool2d(2).forward(x).maxAbsDiff(NN.maxPool2d(x, 2, 2, 0)));
    assertArrayEquals(new int[] {2, 3, 3, 3}, new MaxPool2d(2).forward(x).shape());
    assertEquals(0, new MaxPool2d(3, 2, 1).forward(x).maxAbsDiff(NN.maxPool2d(x, 3, 2, 1)));
    assertEquals("MaxPool2d(3, stride 2, padding 1)", new MaxPool2d(3, 2, 1).toString());
    assertEquals(0, new MaxPool2d(2).parameterCount());
  }

  @Test
  void avg_pool_is_nn_avg_pool() {
    Tensor x = Tensor.randn(2, 1, 2, 5, 4);
    AvgPool2d p = new AvgPool2d(new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 0});
    assertEquals(0, p.forward(x).maxAbsDiff(NN.avgPool2d(x, new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 0})));
    assertArrayEquals(new int[] {1, 2, 6, 4}, p.forward(x).shape());
    assertEquals(0, new AvgPool2d(2).forward(x).maxAbsDiff(NN.avgPool2d(x, 2)));
    assertEquals("AvgPool2d(2)", new AvgPool2d(2).toString());
  }

  @Test
  void pooling_refuses_bad_windows_and_inputs() {
    assertEquals("MaxPool2d: kernel must be at least 1; got [0, 0]",
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(0)).getMessage());
    assertEquals("maxPool2d: input of shape [3, 4, 4] has rank 3; expected [N, C, H, W] (rank 4)",
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2).forward(Tensor.zeros(3, 4, 4)))
            .getMessage());
  }

  @Test
  void flatten_merges_axes_from_one_by_default() {
    Tensor x = Tensor.randn(3, 2, 3, 4, 5);
    Tensor y = new Flatten().forward(x);
    assertArrayEquals(new int[] {2, 60}, y.shape());
    assertArrayEquals(x.toArray(), y.toArray(), 0);
    assertArrayEquals(new int[] {2, 12, 5}, new Flatten(1, 2).forward(x).shape());
    assertArrayEquals(new int[] {120}, new Flatten(0, -1).forward(x).shape());
    assertEquals("Flatten(1, 2)", new Flatten(1, 2).toString());
  }

  @Test
  void flatten_refuses_axes_outside_the_input() {
    assertEquals("Flatten(1, -1): the axes do not fit an input of shape [4] (rank 1)",
        assertThrows(IllegalArgumentException.class, () -> new Flatten().forward(Tensor.zeros(4))).getMessage());
  }
}
