package dev.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograd.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The permute kernel (element loop, runs of kept trailing axes, blocked 2-D transpose) against its definition. */
class PermuteTest {

  @Test
  void every_result_element_is_the_input_element_at_the_permuted_index() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int trial = 0; trial < 400; trial++) {
      int rank = 1 + rng.nextInt(5);
      int[] shape = new int[rank];
      for (int d = 0; d < rank; d++) {
        shape[d] = 1 + rng.nextInt(4);
      }
      if (trial % 50 == 0) {
        shape[rng.nextInt(rank)] = 40;   // a dimension larger than the 2-D transpose's block
      }
      int[] order = new int[rank];
      for (int d = 0; d < rank; d++) {
        order[d] = d;
      }
      for (int d = rank - 1; d > 0; d--) {   // a random permutation; identity and kept suffixes come up often
        if (rng.nextBoolean()) {
          int j = rng.nextInt(d + 1);
          int t = order[d];
          order[d] = order[j];
          order[j] = t;
        }
      }
      Tensor x = Tensor.randn(trial, shape);
      Tensor y = new Movement.Permute(order).apply(x);
      int[] expectedShape = new int[rank];
      for (int d = 0; d < rank; d++) {
        expectedShape[d] = shape[order[d]];
      }
      assertArrayEquals(expectedShape, y.shape());
      for (int o = 0; o < y.size(); o++) {
        int[] out = y.index(o);
        int[] in = new int[rank];
        for (int d = 0; d < rank; d++) {
          in[order[d]] = out[d];
        }
        assertEquals(x.get(in), y.storage()[o], 0.0,
            () -> "permute " + java.util.Arrays.toString(order) + " of " + java.util.Arrays.toString(shape));
      }
    }
  }
}
