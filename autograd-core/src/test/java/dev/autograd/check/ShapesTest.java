package dev.autograd.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShapesTest {

  @Test
  void random_shapes_stay_within_rank_and_dimension_limits() {
    SplittableRandom rng = new SplittableRandom(1);
    boolean[] ranks = new boolean[4];
    for (int i = 0; i < 500; i++) {
      int[] s = Shapes.random(rng, 3, 4);
      ranks[s.length] = true;
      assertTrue(Arrays.stream(s).allMatch(d -> d >= 1 && d <= 4), Arrays.toString(s));
    }
    assertArrayEquals(new boolean[] {true, true, true, true}, ranks, "every rank 0..3 occurs");
    assertThrows(IllegalArgumentException.class, () -> Shapes.random(rng, 2, 1, 3));
  }

  @Test
  void broadcast_pairs_really_broadcast_and_often_differ() {
    SplittableRandom rng = new SplittableRandom(2);
    int different = 0;
    for (int i = 0; i < 500; i++) {
      int[][] p = Shapes.broadcastPair(rng, 3, 3);
      assertTrue(Shapes.broadcastable(p[0], p[1]));
      // the engine agrees: adding tensors of these shapes works and has the broadcast shape
      Tensor sum = Tensor.zeros(p[0]).add(Tensor.zeros(p[1]));
      assertArrayEquals(Shapes.broadcast(p[0], p[1]), sum.shape());
      different += Arrays.equals(p[0], p[1]) ? 0 : 1;
    }
    assertTrue(different > 200, "pairs of different shapes: " + different);
  }

  @Test
  void broadcastable_follows_numpy_rules() {
    assertTrue(Shapes.broadcastable(new int[] {2, 1, 3}, new int[] {4, 1}));
    assertTrue(Shapes.broadcastable(new int[] {}, new int[] {2, 2}));
    assertFalse(Shapes.broadcastable(new int[] {2, 3}, new int[] {2}));
  }
}
