package dev.autograd.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShrinkerTest {

  @Test
  void simpler_numbers_have_lower_complexity() {
    assertTrue(Shrinker.complexity(0) < Shrinker.complexity(1));
    assertTrue(Shrinker.complexity(-1) < Shrinker.complexity(2));
    assertTrue(Shrinker.complexity(2) < Shrinker.complexity(0.5));
    assertTrue(Shrinker.complexity(0.5) < Shrinker.complexity(0.25));
    assertTrue(Shrinker.complexity(0.25) < Shrinker.complexity(0.7391823));
    for (double v : Shrinker.simplerValues(0.7391823)) {
      assertTrue(Shrinker.complexity(v) < Shrinker.complexity(0.7391823), "candidate " + v);
    }
    assertEquals(0, Shrinker.simplerValues(0).length);
  }

  @Test
  void corner_keeps_the_leading_block_of_every_axis() {
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 2, 3);
    assertArrayEquals(new double[] {1, 2, 4, 5}, Shrinker.corner(t, new int[] {1, 2, 2}).toArray());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, Shrinker.corner(t, new int[] {2, 3}).toArray());
    assertArrayEquals(new double[] {1}, Shrinker.corner(t, new int[] {}).toArray());
  }

  @Test
  void greedy_shrinking_reaches_a_local_minimum_that_still_fails() {
    // Cases are integers; "fails" when ≥ 37; candidates are n-1 and n/2. The minimum failing case is 37.
    Shrinker<Integer> s = new Shrinker<>(
        n -> {
          List<Integer> c = new ArrayList<>();
          c.add(n / 2);
          c.add(n - 1);
          Iterator<Integer> it = c.iterator();
          return it;
        },
        n -> new long[] {n},
        n -> n >= 37,
        10_000);
    assertEquals(37, s.shrink(1000));
    assertTrue(s.steps() > 0 && s.checks() >= s.steps());
  }

  @Test
  void the_budget_bounds_the_work() {
    Shrinker<Integer> s = new Shrinker<>(n -> List.of(n - 1).iterator(), n -> new long[] {n}, n -> n >= 0, 5);
    assertEquals(995, s.shrink(1000));
    assertEquals(5, s.checks());
  }
}
