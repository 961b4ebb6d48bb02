package dev.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.Graph;
import dev.autograd.Node;
import dev.autograd.Shape;
import dev.autograd.Tensor;
import dev.autograd.check.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearAlgebraTest {

  /** torch.matmul by its definition: promote vectors, broadcast the batch, triple loop per batch index. */
  static Tensor referenceMatmul(Tensor a, Tensor b) {
    int[] as = a.shape();
    int[] bs = b.shape();
    boolean va = as.length == 1;
    boolean vb = bs.length == 1;
    int[] a2 = va ? new int[] {1, as[0]} : as;
    int[] b2 = vb ? new int[] {bs[0], 1} : bs;
    int m = a2[a2.length - 2];
    int k = a2[a2.length - 1];
    int n = b2[b2.length - 1];
    int[] aBatch = java.util.Arrays.copyOf(a2, a2.length - 2);
    int[] bBatch = java.util.Arrays.copyOf(b2, b2.length - 2);
    int[] batch = Shape.broadcast("reference", aBatch, bBatch);
    int nb = Shape.size(batch);
    double[] out = new double[nb * m * n];
    double[] ad = a.storage();
    double[] bd = b.storage();
    for (int t = 0; t < nb; t++) {
      int ta = batchOffset(t, batch, aBatch);
      int tb = batchOffset(t, batch, bBatch);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int p = 0; p < k; p++) {
            s += ad[(ta * m + i) * k + p] * bd[(tb * k + p) * n + j];
          }
          out[(t * m + i) * n + j] = s;
        }
      }
    }
    List<Integer> shape = new ArrayList<>();
    for (int d : batch) {
      shape.add(d);
    }
    if (!va) {
      shape.add(m);
    }
    if (!vb) {
      shape.add(n);
    }
    return Tensor.wrap(out, shape.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The flat index into {@code own} (right-aligned, broadcast) of batch index t of {@code batch}. */
  private static int batchOffset(int t, int[] batch, int[] own) {
    int[] idx = new int[batch.length];
    for (int d = batch.length - 1; d >= 0; d--) {
      idx[d] = t % batch[d];
      t /= batch[d];
    }
    int off = 0;
    int shift = batch.length - own.length;
    for (int d = 0; d < own.length; d++) {
      off = off * own[d] + (own[d] == 1 ? 0 : idx[d + shift]);
    }
    return off;
  }

  private static final int[][][] SHAPE_PAIRS = {
    {{2, 1, 4, 3}, {5, 3, 6}},
    {{2, 4, 3}, {2, 3, 5}},
    {{4, 3}, {2, 3, 5}},
    {{2, 4, 3}, {3, 5}},
    {{3}, {2, 3, 5}},
    {{2, 4, 3}, {3}},
    {{1, 4, 3}, {6, 3, 2}},
    {{3, 1, 2, 4}, {1, 5, 4, 2}},
    {{2, 3, 4, 3}, {3, 3, 1}},
    {{1, 1, 4, 3}, {3, 2}},
    {{5, 1, 3}, {1, 3, 3}},
    {{3}, {1, 3, 2}},
    {{2, 2, 2, 3}, {2, 3, 2}},
    {{4, 3}, {3, 2}},
    {{3}, {3}},
    {{3}, {3, 2}},
    {{2, 3}, {3}},
  };

  @Test
  void matmul_of_any_ranks_matches_a_triple_loop_over_the_broadcast_batch() {
    SplittableRandom rng = new SplittableRandom(10);
    for (int[][] pair : SHAPE_PAIRS) {
      Tensor a = Tensor.uniform(rng, -1, 1, pair[0]);
      Tensor b = Tensor.uniform(rng, -1, 1, pair[1]);
      Tensor want = referenceMatmul(a, b);
      Tensor got = a.matmul(b);
      assertArrayEquals(want.shape(), got.shape(), Shape.str(pair[0]) + " x " + Shape.str(pair[1]));
      assertTrue(want.maxAbsDiff(got) <= 1e-12, Shape.str(pair[0]) + " x " + Shape.str(pair[1]) + ": " + want.maxAbsDiff(got));
    }
  }

  @Test
  void random_broadcast_shapes_match_the_triple_loop() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int trial = 0; trial < 200; trial++) {
      int rank = 1 + rng.nextInt(3);
      int[] batch = new int[rank];
      for (int i = 0; i < rank; i++) {
        batch[i] = 1 + rng.nextInt(4);
      }
      int m = 1 + rng.nextInt(5);
      int k = 1 + rng.nextInt(5);
      int n = 1 + rng.nextInt(5);
      int[] as = operand(rng, batch, m, k);
      int[] bs = operand(rng, batch, k, n);
      if (rng.nextInt(5) == 0) {
        as = new int[] {k};
      } else if (rng.nextInt(5) == 0) {
        bs = new int[] {k};
      }
      Tensor a = Tensor.uniform(rng, -1, 1, as);
      Tensor b = Tensor.uniform(rng, -1, 1, bs);
      Tensor want = referenceMatmul(a, b);
      Tensor got = a.matmul(b);
      assertArrayEquals(want.shape(), got.shape(), Shape.str(as) + " x " + Shape.str(bs));
      assertTrue(want.maxAbsDiff(got) <= 1e-12, Shape.str(as) + " x " + Shape.str(bs));
    }
  }

  /** A batch that broadcasts to {@code batch} (leading axes dropped, some set to 1) and a matrix. */
  private static int[] operand(SplittableRandom rng, int[] batch, int rows, int cols) {
    int drop = rng.nextInt(batch.length + 1);
    int[] s = new int[batch.length - drop + 2];
    for (int i = drop; i < batch.length; i++) {
      s[i - drop] = rng.nextInt(3) == 0 ? 1 : batch[i];
    }
    s[s.length - 2] = rows;
    s[s.length - 1] = cols;
    return s;
  }

  @Test
  void batched_products_in_every_transposition_match_the_triple_loop() {
    SplittableRandom rng = new SplittableRandom(12);
    for (int t = 0; t < 4; t++) {
      boolean ta = (t & 1) != 0;
      boolean tb = (t & 2) != 0;
      Tensor a = Tensor.uniform(rng, -1, 1, ta ? new int[] {2, 3, 4, 5} : new int[] {2, 3, 5, 4});
      Tensor b = Tensor.uniform(rng, -1, 1, tb ? new int[] {2, 3, 6, 4} : new int[] {2, 3, 4, 6});
      Tensor aa = ta ? a.permute(0, 1, 3, 2) : a;
      Tensor bb = tb ? b.permute(0, 1, 3, 2) : b;
      Tensor got = new LinearAlgebra.BatchedMatMul(ta, tb).apply(a, b);
      Tensor want = referenceMatmul(aa, bb);
      assertArrayEquals(new int[] {2, 3, 5, 6}, got.shape());
      assertTrue(want.maxAbsDiff(got) <= 1e-12, "transA " + ta + ", transB " + tb);
    }
  }

  @Test
  void large_batched_products_use_the_big_kernel_on_slices_correctly() {
    SplittableRandom rng = new SplittableRandom(13);
    Tensor a = Tensor.uniform(rng, -1, 1, 3, 40, 30);
    Tensor b = Tensor.uniform(rng, -1, 1, 3, 30, 20);
    assertTrue(referenceMatmul(a, b).maxAbsDiff(a.matmul(b)) <= 1e-12);
  }

  @Test
  void batched_matmul_gradients_pass_first_and_second_order_checks() {
    SplittableRandom rng = new SplittableRandom(14);
    for (int[][] pair : new int[][][] {{{2, 1, 3, 2}, {3, 2, 2}}, {{3}, {2, 3, 2}}, {{2, 2, 3}, {3}}, {{2, 3}, {2, 3, 2}}}) {
      Tensor a = Tensor.uniform(rng, -1, 1, pair[0]);
      Tensor b = Tensor.uniform(rng, -1, 1, pair[1]);
      GradCheck.assertGradients(xs -> xs[0].matmul(xs[1]).square().sum(), a, b);
      GradCheck.assertSecondOrderGradients(xs -> xs[0].matmul(xs[1]).square().sum(), a, b);
    }
  }

  private static List<String> ops(Tensor y) {
    List<String> names = new ArrayList<>();
    for (Node n : Graph.topologicalOrder(y)) {
      names.add(n.op().name());
    }
    return names;
  }

  @Test
  void an_operand_whose_batch_already_matches_is_not_copied() {
    Tensor a = Tensor.zeros(2, 5, 4, 3).requiresGrad(true);
    Tensor b = Tensor.zeros(5, 3, 6).requiresGrad(true);
    List<String> names = ops(a.matmul(b));
    assertEquals(1, names.stream().filter(s -> s.equals("broadcastTo")).count(), names.toString());
    // A single right-hand matrix folds into one 2-d product: nothing is broadcast.
    List<String> folded = ops(a.matmul(Tensor.zeros(3, 6).requiresGrad(true)));
    assertTrue(folded.contains("matmul") && !folded.contains("broadcastTo") && !folded.contains("batchedMatmul"),
        folded.toString());
    // Batches of the same size but different ranks only reshape.
    List<String> reshaped = ops(Tensor.zeros(1, 5, 4, 3).requiresGrad(true).matmul(b));
    assertTrue(!reshaped.contains("broadcastTo"), reshaped.toString());
  }

  @Test
  void matmul_errors_name_the_shapes() {
    assertMessage("matmul: inner dimensions differ: [2, 4, 3] x [5, 4, 6]",
        () -> Tensor.zeros(2, 4, 3).matmul(Tensor.zeros(5, 4, 6)));
    assertMessage("matmul: batch dimensions [2] and [5] do not broadcast ([2, 4, 3] x [5, 3, 6])",
        () -> Tensor.zeros(2, 4, 3).matmul(Tensor.zeros(5, 3, 6)));
    assertMessage("matmul: expects operands of rank at least 1; got [] x [3] (multiply by a scalar with mul)",
        () -> Tensor.scalar(2).matmul(Tensor.zeros(3)));
    assertMessage("matmul: expects operands of rank at least 1; got [2, 3] x [] (multiply by a scalar with mul)",
        () -> Tensor.zeros(2, 3).matmul(Tensor.scalar(2)));
    assertMessage("matmul: inner dimensions differ: [4] x [2, 3, 5]", () -> Tensor.zeros(4).matmul(Tensor.zeros(2, 3, 5)));
    assertMessage("batchedMatmul: expects operands of equal rank (at least 3) with equal batch dimensions; got "
        + "[2, 3, 4] x [3, 4, 5] (matmul broadcasts batch dimensions)",
        () -> new LinearAlgebra.BatchedMatMul(false, false).apply(Tensor.zeros(2, 3, 4), Tensor.zeros(3, 4, 5)));
  }

  static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }

  // ---------------------------------------------------------------- diagonals and triangles

  @Test
  void diagonal_takes_torch_diagonal_s_elements_and_axes() {
    Tensor m = Tensor.arange(12).reshape(3, 4);
    assertArrayEquals(new double[] {0, 5, 10}, m.diagonal().toArray());
    assertArrayEquals(new double[] {1, 6, 11}, m.diagonal(1, 0, 1).toArray());
    assertArrayEquals(new double[] {3}, m.diagonal(3, 0, 1).toArray());
    assertArrayEquals(new double[] {4, 9}, m.diagonal(-1, 0, 1).toArray());
    assertArrayEquals(new double[] {0, 5, 10}, m.diagonal(0, 1, 0).toArray());
    assertArrayEquals(new double[] {4, 9}, m.diagonal(1, 1, 0).toArray(), "axes swapped: offset counts along axis1");
    Tensor t = Tensor.arange(24).reshape(2, 3, 4);
    // torch.arange(24).reshape(2,3,4).diagonal(0, 0, 2) = [[0, 13], [4, 17], [8, 21]]
    Tensor d = t.diagonal(0, 0, 2);
    assertArrayEquals(new int[] {3, 2}, d.shape());
    assertArrayEquals(new double[] {0, 13, 4, 17, 8, 21}, d.toArray());
    Tensor e = t.diagonal(1, -2, -1);
    assertArrayEquals(new int[] {2, 3}, e.shape());
    assertArrayEquals(new double[] {1, 6, 11, 13, 18, 23}, e.toArray());
  }

  @Test
  void diag_embed_and_diag_place_a_vector_on_a_diagonal() {
    Tensor v = Tensor.vector(1, 2, 3);
    assertArrayEquals(new double[] {1, 0, 0, 0, 2, 0, 0, 0, 3}, v.diag().toArray());
    Tensor up = v.diag(1);
    assertArrayEquals(new int[] {4, 4}, up.shape());
    assertArrayEquals(new double[] {0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0}, up.toArray());
    assertArrayEquals(new double[] {1, 2, 3}, up.diag(1).toArray());
    assertArrayEquals(v.toArray(), v.diag(-2).diag(-2).toArray());
    Tensor batch = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
    Tensor e = batch.diagEmbed();
    assertArrayEquals(new int[] {2, 2, 2}, e.shape());
    assertArrayEquals(new double[] {1, 0, 0, 2, 3, 0, 0, 4}, e.toArray());
    // torch.diag_embed(x, offset=0, dim1=0, dim2=2): the batch axis moves to the middle.
    Tensor f = batch.diagEmbed(0, 0, 2);
    assertArrayEquals(new int[] {2, 2, 2}, f.shape());
    assertArrayEquals(new double[] {1, 0, 3, 0, 0, 2, 0, 4}, f.toArray());
    assertArrayEquals(batch.toArray(), f.diagonal(0, 0, 2).toArray());
  }

  @Test
  void trace_outer_eye_tril_and_triu() {
    Tensor m = Tensor.arange(9).reshape(3, 3);
    assertEquals(12, m.trace().item());
    assertArrayEquals(new double[] {3, 4, 6, 8}, Tensor.vector(1, 2).outer(Tensor.vector(3, 4)).toArray());
    assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, Tensor.eye(2, 3).toArray());
    assertArrayEquals(new double[] {1, 0, 0, 1}, Tensor.eye(2).toArray());
    assertArrayEquals(new double[] {0, 0, 0, 3, 4, 0, 6, 7, 8}, m.tril().toArray());
    assertArrayEquals(new double[] {0, 1, 0, 3, 4, 5, 6, 7, 8}, m.tril(1).toArray());
    assertArrayEquals(new double[] {0, 0, 0, 3, 0, 0, 6, 7, 0}, m.tril(-1).toArray());
    assertArrayEquals(new double[] {0, 1, 2, 0, 4, 5, 0, 0, 8}, m.triu().toArray());
    assertArrayEquals(new double[] {0, 0, 2, 0, 0, 0, 0, 0, 0}, m.triu(2).toArray());
    assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 0, 7, 8}, m.triu(-1).toArray());
    assertArrayEquals(new double[9], m.triu(5).toArray());
    assertArrayEquals(m.toArray(), m.tril(Integer.MAX_VALUE).toArray());
    assertArrayEquals(m.toArray(), m.triu(Integer.MIN_VALUE).toArray());
    Tensor batch = Tensor.arange(8).reshape(2, 2, 2);
    assertArrayEquals(new double[] {0, 0, 2, 3, 4, 0, 6, 7}, batch.tril().toArray());
  }

  @Test
  void diagonal_pairs_and_triangles_have_first_and_second_order_gradients() {
    SplittableRandom rng = new SplittableRandom(15);
    Tensor x = Tensor.uniform(rng, -1, 1, 2, 3, 4);
    Tensor w = Tensor.uniform(rng, 0.5, 1.5, 2, 2);
    GradCheck.assertGradients(xs -> xs[0].diagonal(1, 2, 1).mul(w).square().sum(), x);
    GradCheck.assertSecondOrderGradients(xs -> xs[0].diagonal(-1, 0, 2).square().sum(), x);
    GradCheck.assertSecondOrderGradients(xs -> xs[0].diagEmbed(1, 0, 2).square().sum(), Tensor.uniform(rng, -1, 1, 2, 3));
    GradCheck.assertSecondOrderGradients(xs -> xs[0].tril(-1).square().sum().add(xs[0].triu(1).pow(3).sum()), x);
    GradCheck.assertSecondOrderGradients(xs -> xs[0].matmul(xs[0].permute(0, 2, 1)).diagonal(0, 1, 2).square().sum(), x);
  }

  @Test
  void diagonal_errors_say_what_was_expected() {
    assertMessage("diagonal: offset 4 has no diagonal in the 3 x 4 planes of axes 0 and 1 of shape [3, 4] (expected -2 .. 3)",
        () -> Tensor.zeros(3, 4).diagonal(4, 0, 1));
    assertMessage("diagonal: axes 1 and -1 are the same axis of shape [3, 4]", () -> Tensor.zeros(3, 4).diagonal(0, 1, -1));
    assertMessage("diagonal: expects a tensor of rank at least 2; got shape [3]", () -> Tensor.zeros(3).diagonal());
    assertMessage("diag: expects a vector or a matrix; got shape [2, 2, 2] (use diagonal or diagEmbed)",
        () -> Tensor.zeros(2, 2, 2).diag());
    assertMessage("trace: expects a matrix (rank 2); got shape [3]", () -> Tensor.zeros(3).trace());
    assertMessage("outer: expects two vectors; got shapes [2, 2] and [3]", () -> Tensor.zeros(2, 2).outer(Tensor.zeros(3)));
    assertMessage("eye: needs n >= 1 and m >= 1; got n = 0, m = 3", () -> Tensor.eye(0, 3));
    assertMessage("tril: expects a matrix or a batch of them (rank at least 2); got shape [3]", () -> Tensor.zeros(3).tril());
    assertMessage("diagEmbed: a last axis of length 3 (shape [3]) does not fill diagonal 0 of a 4 x 4 plane",
        () -> new LinearAlgebra.DiagEmbed(0, 0, 1, 4, 4).apply(Tensor.zeros(3)));
  }
}
