package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {

  @Test
  void broadcasting_aligns_on_the_right_and_stretches_ones() {
    assertArrayEquals(new int[] {2, 3}, Shape.broadcast("op", new int[] {2, 3}, new int[] {3}));
    assertArrayEquals(new int[] {4, 2, 3}, Shape.broadcast("op", new int[] {4, 1, 3}, new int[] {2, 1}));
    assertArrayEquals(new int[] {5}, Shape.broadcast("op", new int[] {}, new int[] {5}));
    assertArrayEquals(new int[] {}, Shape.broadcast("op", new int[] {}, new int[] {}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Shape.broadcast("mul", new int[] {2, 3}, new int[] {4}));
    assertEquals("mul: shapes cannot be broadcast together: [2, 3] and [4]", e.getMessage());
  }

  @Test
  void broadcasts_to_is_the_one_way_relation() {
    assertTrue(Shape.broadcastsTo(new int[] {3}, new int[] {2, 3}));
    assertTrue(Shape.broadcastsTo(new int[] {1, 3}, new int[] {2, 3}));
    assertTrue(Shape.broadcastsTo(new int[] {}, new int[] {2, 3}));
    assertFalse(Shape.broadcastsTo(new int[] {2, 3}, new int[] {3}));
    assertFalse(Shape.broadcastsTo(new int[] {2}, new int[] {2, 3}));
  }

  @Test
  void sizes_strides_and_reduced_shapes() {
    assertEquals(1, Shape.size(new int[] {}));
    assertEquals(24, Shape.size(new int[] {2, 3, 4}));
    assertArrayEquals(new int[] {12, 4, 1}, Shape.strides(new int[] {2, 3, 4}));
    boolean[] axes = Shape.axes("sum", new int[] {-1, 0}, 3);
    assertArrayEquals(new boolean[] {true, false, true}, axes);
    assertArrayEquals(new int[] {1, 3, 1}, Shape.reduced(new int[] {2, 3, 4}, axes, true));
    assertArrayEquals(new int[] {3}, Shape.reduced(new int[] {2, 3, 4}, axes, false));
    assertArrayEquals(new boolean[] {true, true}, Shape.axes("sum", new int[0], 2));
  }

  @Test
  void oversized_and_non_positive_shapes_are_rejected() {
    IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
        () -> Shape.size(new int[] {100_000, 100_000}));
    assertTrue(big.getMessage().contains("10000000000 elements"), big.getMessage());
    IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
        () -> Shape.check("ones", new int[] {3, -1}));
    assertEquals("ones: every dimension must be positive; got shape [3, -1]", neg.getMessage());
  }

  @Test
  void element_counts_that_wrap_around_a_long_are_refused_with_the_shape() {
    // 65536^4 = 2^64, which is 0 in a long: it used to make a 0-element tensor whose sum was 0.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.ones(65536, 65536, 65536, 65536));
    assertEquals("ones: shape [65536, 65536, 65536, 65536] has 18446744073709551616 elements; "
        + "at most 2147483647 fit in one tensor", e.getMessage());
    IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
        () -> Shape.size(new int[] {65536, 65536, 65536, 65536}));
    assertEquals("size: shape [65536, 65536, 65536, 65536] has 18446744073709551616 elements; "
        + "at most 2147483647 fit in one tensor", s.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 65536, 65536, 65536, 65536));
    assertThrows(IllegalArgumentException.class, () -> Shape.size(new int[] {46341, 46341}));
    assertEquals(Integer.MAX_VALUE, Shape.size(new int[] {Integer.MAX_VALUE, 1}));
    IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
        () -> Shape.size(new int[] {-2, -3}));
    assertEquals("size: shape [-2, -3] has a negative dimension", neg.getMessage());
  }

  @Test
  void an_inferred_dimension_whose_other_dimensions_overflow_names_reshape_and_both_shapes() {
    // 65536 · 65536 is 0 in an int: this used to divide by zero.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(2, 3).reshape(65536, 65536, -1));
    assertEquals("reshape: cannot reshape [2, 3] (6 elements) into [65536, 65536, -1] "
        + "(its other dimensions alone hold more than 2147483647 elements)", e.getMessage());
    IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(2, 3).reshape(4, 2, -1));
    assertEquals("reshape: cannot reshape [2, 3] (6 elements) into [4, 2, -1] "
        + "(its other dimensions alone hold 8 elements)", small.getMessage());
    IllegalArgumentException fixed = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(2, 3).reshape(65536, 65536, 65536));
    assertEquals("reshape: cannot reshape [2, 3] (6 elements) into [65536, 65536, 65536] "
        + "(more than 2147483647 elements)", fixed.getMessage());
    assertArrayEquals(new int[] {3, 2}, Tensor.zeros(2, 3).reshape(-1, 2).shape());
  }

  @Test
  void negative_and_empty_sizes_are_refused_by_name() {
    IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> Tensor.arange(-1));
    assertEquals("arange: needs n >= 1 (a tensor has at least one element); got n = -1", a.getMessage());
    IllegalArgumentException z = assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0));
    assertEquals("arange: needs n >= 1 (a tensor has at least one element); got n = 0", z.getMessage());
    assertArrayEquals(new double[] {0}, Tensor.arange(1).toArray(), 0);
    IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
        () -> Tensor.scalar(1).broadcastTo(-1));
    assertEquals("broadcastTo: every dimension must be positive; got shape [-1]", b.getMessage());
    IllegalArgumentException b0 = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(3).broadcastTo(0, 3));
    assertEquals("broadcastTo: every dimension must be positive; got shape [0, 3]", b0.getMessage());
    IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(2, 3).sumTo(-3));
    assertEquals("sumTo: every dimension must be positive; got shape [-3]", t.getMessage());
  }

  @Test
  void a_flat_offset_outside_the_tensor_is_refused() {
    Tensor v = Tensor.vector(1, 2, 3);
    IndexOutOfBoundsException neg = assertThrows(IndexOutOfBoundsException.class, () -> v.index(-1));
    assertEquals("index: offset -1 is out of range for shape [3] (expected 0 .. 2)", neg.getMessage());
    IndexOutOfBoundsException big = assertThrows(IndexOutOfBoundsException.class, () -> v.index(7));
    assertEquals("index: offset 7 is out of range for shape [3] (expected 0 .. 2)", big.getMessage());
    assertArrayEquals(new int[] {2}, v.index(2));
    assertArrayEquals(new int[] {1, 2}, Tensor.zeros(2, 3).index(5));
    assertArrayEquals(new int[] {}, Tensor.scalar(4).index(0));
    assertThrows(IndexOutOfBoundsException.class, () -> Tensor.scalar(4).index(1));
  }
}
