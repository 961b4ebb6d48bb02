package dev.autograd.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DatasetTest {
  private static Dataset tenRows() {
    double[][] x = new double[10][];
    int[] y = new int[10];
    for (int i = 0; i < 10; i++) {
      x[i] = new double[] {i, 10 * i};
      y[i] = i % 3;
    }
    return Dataset.of(x, y);
  }

  @Test
  void features_and_targets_are_fresh_tensors_that_cannot_change_the_data() {
    Dataset d = tenRows();
    Tensor x = d.features();
    x.storage()[0] = 99;
    assertEquals(0, d.features().get(0, 0), 0);
    assertArrayEquals(new int[] {10, 2}, x.shape());
    assertArrayEquals(new int[] {10}, d.targets().shape());
  }

  @Test
  void minibatches_cover_every_example_once_with_a_smaller_last_batch() {
    Dataset d = tenRows();
    List<Integer> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (Batch b : d.batches(4, new SplittableRandom(3))) {
      sizes.add(b.size());
      for (int k = 0; k < b.size(); k++) {
        int i = b.indices()[k];
        seen.add(i);
        assertArrayEquals(d.row(i), new double[] {b.features().get(k, 0), b.features().get(k, 1)}, 0);
        assertEquals(d.target(i), b.targets().get(k), 0);
      }
    }
    assertEquals(List.of(4, 4, 2), sizes);
    assertEquals(3, d.batchCount(4));
    List<Integer> sorted = new ArrayList<>(seen);
    sorted.sort(null);
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), sorted);
    assertNotEquals(sorted, seen, "a seeded shuffle changes the order");
  }

  @Test
  void unshuffled_batches_keep_the_stored_order() {
    int[] first = tenRows().batches(3).iterator().next().indices();
    assertArrayEquals(new int[] {0, 1, 2}, first);
  }

  @Test
  void shuffling_is_a_function_of_the_seed() {
    Dataset d = tenRows();
    assertArrayEquals(d.shuffled(4).targetArray(), d.shuffled(4).targetArray(), 0);
    assertTrue(Arrays.equals(Dataset.permutation(10, new SplittableRandom(1)), Dataset.permutation(10, new SplittableRandom(1))));
    assertTrue(!Arrays.equals(Dataset.permutation(10, new SplittableRandom(1)), Dataset.permutation(10, new SplittableRandom(2))));
  }

  @Test
  void labels_counts_and_class_names() {
    Dataset d = tenRows().withClassNames(List.of("a", "b", "c"));
    assertArrayEquals(new int[] {4, 3, 3}, d.classCounts());
    assertEquals(3, d.classCount());
    assertEquals(List.of("a", "b", "c"), d.classNames());
    var e = assertThrows(IllegalArgumentException.class, () -> tenRows().withClassNames(List.of("a", "b")));
    assertTrue(e.getMessage().contains("label 2"), e.getMessage());
  }

  @Test
  void real_valued_targets_are_not_labels() {
    Dataset d = Dataset.of(new double[][] {{1}, {2}}, new double[] {0.5, 1});
    var e = assertThrows(IllegalStateException.class, d::labels);
    assertTrue(e.getMessage().contains("row 0 is 0.5"), e.getMessage());
  }

  @Test
  void ragged_rows_mismatched_counts_and_non_finite_values_are_refused() {
    var ragged = assertThrows(
        IllegalArgumentException.class, () -> Dataset.of(new double[][] {{1, 2}, {3}}, new int[] {0, 1}));
    assertTrue(ragged.getMessage().contains("row 1 has 1 features; row 0 has 2"), ragged.getMessage());
    var count = assertThrows(IllegalArgumentException.class, () -> Dataset.of(new double[][] {{1}}, new int[] {0, 1}));
    assertTrue(count.getMessage().contains("1 rows and 2 targets"), count.getMessage());
    var nan = assertThrows(
        IllegalArgumentException.class, () -> Dataset.of(new double[][] {{1, Double.NaN}}, new int[] {0}));
    assertTrue(nan.getMessage().contains("feature 1 of row 0 is NaN"), nan.getMessage());
  }

  @Test
  void subset_picks_rows_in_order() {
    Dataset s = tenRows().subset(7, 2, 7);
    assertEquals(3, s.size());
    assertArrayEquals(new double[] {7, 70}, s.row(0), 0);
    assertArrayEquals(new double[] {1, 2, 1}, s.targetArray(), 0);
    assertThrows(IndexOutOfBoundsException.class, () -> tenRows().subset(10));
  }
}
