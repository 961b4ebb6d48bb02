package dev.autograd.nn.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  // actual:    0 0 0 1 1 2
  // predicted: 0 1 0 1 2 2
  private static final ConfusionMatrix C =
      ConfusionMatrix.of(new int[] {0, 0, 0, 1, 1, 2}, new int[] {0, 1, 0, 1, 2, 2}, 3);

  @Test
  void counts_per_cell_and_per_class() {
    assertEquals(2, C.count(0, 0));
    assertEquals(1, C.count(0, 1));
    assertEquals(1, C.count(1, 2));
    assertEquals(6, C.total());
    assertEquals(4.0 / 6, C.accuracy(), 1e-15);
    assertEquals(1, C.truePositives(1));
    assertEquals(1, C.falsePositives(1));
    assertEquals(1, C.falseNegatives(1));
    assertEquals(3, C.trueNegatives(1));
    assertEquals(0.5, C.precision(2), 0);
    assertEquals(1.0, C.recall(2), 0);
    assertEquals(2.0 / 3, C.recall(0), 1e-15);
  }

  @Test
  void cells_sum_to_the_total_and_the_table_prints_every_row() {
    int s = 0;
    for (int[] row : C.counts()) {
      for (int v : row) {
        s += v;
      }
    }
    assertEquals(C.total(), s);
    assertEquals(4, C.toString().split("\n").length);
  }

  @Test
  void labels_out_of_range_are_refused() {
    var e = assertThrows(
        IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {0, 3}, new int[] {0, 1}, 3));
    assertTrue(e.getMessage().contains("actual 3") && e.getMessage().contains("index 1"), e.getMessage());
  }
}
