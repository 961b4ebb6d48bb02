package dev.autograd.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitTest {
  /** 30 examples whose single feature is their own index; 20 of class 0, 10 of class 1. */
  private static Dataset indexed() {
    double[][] x = new double[30][];
    int[] y = new int[30];
    for (int i = 0; i < 30; i++) {
      x[i] = new double[] {i};
      y[i] = i < 20 ? 0 : 1;
    }
    return Dataset.of(x, y);
  }

  private static Set<Integer> ids(Dataset d) {
    Set<Integer> s = new HashSet<>();
    for (int i = 0; i < d.size(); i++) {
      s.add((int) d.row(i)[0]);
    }
    return s;
  }

  @Test
  void train_test_split_partitions_the_examples() {
    Split s = Split.trainTest(indexed(), 0.2, 1L);
    assertEquals(24, s.train().size());
    assertEquals(6, s.test().size());
    Set<Integer> all = ids(s.train());
    all.addAll(ids(s.test()));
    assertEquals(30, all.size());
  }

  @Test
  void stratified_split_keeps_class_proportions() {
    Split s = Split.stratifiedTrainTest(indexed(), 0.3, 2L);
    assertArrayEquals(new int[] {6, 3}, s.test().classCounts());
    assertArrayEquals(new int[] {14, 7}, s.train().classCounts());
  }

  @Test
  void k_folds_test_on_every_example_exactly_once() {
    for (List<Split> folds : List.of(Split.kFold(indexed(), 4, 3L), Split.stratifiedKFold(indexed(), 4, 3L))) {
      assertEquals(4, folds.size());
      Set<Integer> tested = new HashSet<>();
      for (Split f : folds) {
        Set<Integer> train = ids(f.train());
        Set<Integer> test = ids(f.test());
        assertEquals(30, train.size() + test.size());
        for (int i : test) {
          assertTrue(!train.contains(i) && tested.add(i), "example " + i + " tested twice or also trained on");
        }
        assertTrue(test.size() == 7 || test.size() == 8, "fold sizes differ by at most one: " + test.size());
      }
      assertEquals(30, tested.size());
    }
  }

  @Test
  void stratified_folds_hold_each_class_in_proportion() {
    for (Split f : Split.stratifiedKFold(indexed(), 5, 4L)) {
      assertArrayEquals(new int[] {4, 2}, f.test().classCounts());
    }
  }

  @Test
  void folds_depend_on_the_seed_only() {
    assertEquals(ids(Split.kFold(indexed(), 3, 9L).get(0).test()), ids(Split.kFold(indexed(), 3, 9L).get(0).test()));
    assertTrue(!ids(Split.kFold(indexed(), 3, 9L).get(0).test()).equals(ids(Split.kFold(indexed(), 3, 10L).get(0).test())));
  }

  @Test
  void standardised_split_uses_training_statistics_for_both_parts() {
    Split s = Split.trainTest(indexed(), 0.2, 1L);
    Standardizer fitted = Standardizer.fit(s.train());
    Split z = s.standardised();
    assertArrayEquals(fitted.transform(s.test().features()).toArray(), z.test().features().toArray(), 0);
    assertEquals(0, z.train().features().mean().item(), 1e-12);
  }

  @Test
  void bad_fold_counts_and_fractions_are_refused() {
    var k = assertThrows(IllegalArgumentException.class, () -> Split.kFold(indexed(), 1, 0L));
    assertTrue(k.getMessage().contains("2 <= k"), k.getMessage());
    var f = assertThrows(IllegalArgumentException.class, () -> Split.trainTest(indexed(), 1.5, 0L));
    assertTrue(f.getMessage().contains("between 0 and 1"), f.getMessage());
  }
}
