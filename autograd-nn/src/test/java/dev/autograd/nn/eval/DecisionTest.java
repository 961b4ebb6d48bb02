package dev.autograd.nn.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autograd.Tensor;
import org.junit.jupiter.api.Test;

class DecisionTest {

  @Test
  void logits_are_split_at_zero_and_probabilities_at_one_half() {
    Tensor out = Tensor.vector(-0.1, 0.0, 0.3, 0.7);
    assertArrayEquals(new int[] {0, 0, 1, 1}, Decision.LOGITS.labels(out));
    assertArrayEquals(new int[] {0, 0, 0, 1}, Decision.PROBABILITIES.labels(out));
    assertArrayEquals(new int[] {0, 0, 1, 1}, Decision.LOGITS.labels(out.reshape(4, 1)));
  }

  @Test
  void several_columns_pick_the_largest_with_ties_to_the_lowest_class() {
    Tensor out = Tensor.matrix(new double[][] {{0.1, 0.7, 0.2}, {0.5, 0.5, 0.0}, {-3, -2, -1}});
    assertArrayEquals(new int[] {1, 0, 2}, Decision.LOGITS.labels(out));
    assertArrayEquals(new int[] {1, 0, 2}, Decision.PROBABILITIES.labels(out));
  }

  @Test
  void argmax_rows_gives_each_row_its_largest_column() {
    Tensor m = Tensor.matrix(new double[][] {{1, 5, 3}, {4, 2, 6}});
    assertArrayEquals(new int[] {1, 2}, Decision.argmaxRows(m));
    assertArrayEquals(new int[] {0}, Decision.argmaxRows(Tensor.matrix(new double[][] {{2, 2}})));
    var e = assertThrows(IllegalArgumentException.class, () -> Decision.argmaxRows(Tensor.zeros(3)));
    assertEquals("argmaxRows: needs a matrix; got shape [3]", e.getMessage());
    var n = assertThrows(IllegalArgumentException.class, () -> Decision.argmaxRows(null));
    assertEquals("argmaxRows: scores is null", n.getMessage());
  }

  @Test
  void outputs_of_rank_three_are_refused() {
    assertThrows(IllegalArgumentException.class, () -> Decision.LOGITS.labels(Tensor.zeros(2, 2, 2)));
  }
}
