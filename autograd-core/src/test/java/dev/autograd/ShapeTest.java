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
}
