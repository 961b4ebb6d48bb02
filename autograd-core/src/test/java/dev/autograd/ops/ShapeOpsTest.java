package dev.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autograd.Autograd;
import dev.autograd.Tensor;
import dev.autograd.check.GradCheck;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** stack, cat, split, chunk, flip, squeeze, expand, pad, repeat, topk, sort, where, gather, scatterAdd, oneHot. */
class ShapeOpsTest {

  private static void assertMessage(String expected, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }

  private static void assertIndexMessage(String expected, Executable call) {
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, call);
    assertEquals(expected, e.getMessage());
  }

  /** First and second order against finite differences. */
  private static void check(Autograd.Fn f, Tensor... xs) {
    GradCheck.assertGradients(f, xs);
    GradCheck.assertSecondOrderGradients(f, xs);
  }

  private static final Tensor M = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);

  @Test
  void stack_joins_along_a_new_axis() {
    Tensor a = Tensor.vector(1, 2);
    Tensor b = Tensor.vector(3, 4);
    Tensor s0 = Tensor.stack(0, a, b);
    assertArrayEquals(new int[] {2, 2}, s0.shape());
    assertArrayEquals(new double[] {1, 2, 3, 4}, s0.toArray(), 0);
    Tensor s1 = Tensor.stack(-1, a, b);
    assertArrayEquals(new double[] {1, 3, 2, 4}, s1.toArray(), 0);
    assertArrayEquals(new int[] {2, 3, 2}, Tensor.stack(2, M, M).shape());
    check(xs -> Tensor.stack(1, xs[0], xs[1]).square(), a, b);
    assertMessage("stack: every tensor must have the same shape; tensor 0 has shape [2], tensor 1 has shape [3]",
        () -> Tensor.stack(0, a, Tensor.vector(1, 2, 3)));
    assertMessage("stack: axis 2 is out of range for a tensor of rank 2 (expected -2 .. 1)",
        () -> Tensor.stack(2, a, b));
  }

  @Test
  void cat_is_concat() {
    assertArrayEquals(Tensor.concat(1, M, M).toArray(), Tensor.cat(1, M, M).toArray(), 0);
    assertArrayEquals(new int[] {4, 3}, Tensor.cat(0, M, M).shape());
  }

  @Test
  void split_and_chunk_follow_pytorch() {
    Tensor x = Tensor.arange(5);
    Tensor[] bySize = x.split(2, 0);
    assertEquals(3, bySize.length);
    assertArrayEquals(new double[] {4}, bySize[2].toArray(), 0);
    Tensor[] bySizes = x.split(new int[] {1, 4}, -1);
    assertArrayEquals(new double[] {1, 2, 3, 4}, bySizes[1].toArray(), 0);
    Tensor[] cols = M.split(1, 1);
    assertArrayEquals(new double[] {2, 5}, cols[1].toArray(), 0);
    assertArrayEquals(new int[] {2, 1}, cols[1].shape());
    // chunk: pieces of ceil(5 / 3) = 2, so 3 pieces; ceil(6 / 4) = 2, so only 3 pieces for n = 4
    assertEquals(3, x.chunk(3, 0).length);
    assertEquals(3, Tensor.arange(6).chunk(4, 0).length);
    assertEquals(1, x.chunk(1, 0).length);
    check(xs -> xs[0].split(new int[] {2, 1}, 1)[0].mul(xs[0].split(new int[] {2, 1}, 1)[1]), M);
    assertMessage("split: sizes [2, 2] add up to 4; axis 0 of shape [5] has length 5",
        () -> x.split(new int[] {2, 2}, 0));
    assertMessage("split: sizes must be positive; got [5, 0]", () -> x.split(new int[] {5, 0}, 0));
    assertMessage("split: size must be positive; got 0", () -> x.split(0, 0));
    assertMessage("split: axis 1 is out of range for a tensor of rank 1 (expected -1 .. 0)", () -> x.split(2, 1));
    assertMessage("chunk: needs n >= 1 pieces; got 0", () -> x.chunk(0, 0));
  }

  @Test
  void flip_reverses_the_given_axes() {
    assertArrayEquals(new double[] {3, 2, 1, 6, 5, 4}, M.flip(1).toArray(), 0);
    assertArrayEquals(new double[] {4, 5, 6, 1, 2, 3}, M.flip(0).toArray(), 0);
    assertArrayEquals(new double[] {6, 5, 4, 3, 2, 1}, M.flip(0, -1).toArray(), 0);
    assertArrayEquals(M.toArray(), M.flip().toArray(), 0);
    check(xs -> xs[0].flip(1).mul(xs[0]), M);
    assertMessage("flip: axis 2 is out of range for a tensor of rank 2 (expected -2 .. 1)", () -> M.flip(2));
  }

  @Test
  void squeeze_and_unsqueeze() {
    Tensor x = Tensor.zeros(1, 3, 1);
    assertArrayEquals(new int[] {3}, x.squeeze().shape());
    assertArrayEquals(new int[] {3, 1}, x.squeeze(0).shape());
    assertArrayEquals(new int[] {1, 3}, x.squeeze(-1).shape());
    assertSame(x, x.squeeze(1), "a length that is not 1 is left alone, as in PyTorch");
    assertArrayEquals(new int[] {2, 1, 3}, M.unsqueeze(1).shape());
    assertArrayEquals(new int[] {2, 3, 1}, M.unsqueeze(-1).shape());
    assertArrayEquals(new int[] {1, 2, 3}, M.unsqueeze(0).shape());
    assertMessage("unsqueeze: axis 3 is out of range for a tensor of rank 3 (expected -3 .. 2)", () -> M.unsqueeze(3));
  }

  @Test
  void expand_keeps_minus_one_axes_and_adds_leading_ones() {
    Tensor c = Tensor.of(new double[] {1, 2}, 2, 1);
    Tensor e = c.expand(-1, 3);
    assertArrayEquals(new int[] {2, 3}, e.shape());
    assertArrayEquals(new double[] {1, 1, 1, 2, 2, 2}, e.toArray(), 0);
    assertArrayEquals(new int[] {4, 2, 3}, c.expand(4, -1, 3).shape());
    check(xs -> xs[0].expand(2, -1, 3).square(), c);
    assertMessage("expand: shape [2, 1] cannot be expanded to [3, 3] (only axes of length 1 can grow)",
        () -> c.expand(3, 3));
    assertMessage("expand: size -1 at new leading axis 0 of [-1, 2, 1] has no length to keep",
        () -> c.expand(-1, 2, 1));
    assertMessage("expand: sizes [3] name fewer axes than shape [2, 1]", () -> c.expand(3));
  }

  @Test
  void permute_takes_negative_axes_in_any_rank() {
    Tensor x = Tensor.arange(24).reshape(2, 3, 4);
    assertArrayEquals(new int[] {4, 2, 3}, x.permute(-1, 0, 1).shape());
    assertArrayEquals(x.permute(2, 0, 1).toArray(), x.permute(-1, -3, -2).toArray(), 0);
    assertEquals(x.get(1, 2, 3), x.permute(2, 0, 1).get(3, 1, 2));
  }

  @Test
  void pad_takes_pytorch_pairs_from_the_last_axis_with_a_constant() {
    Tensor p = M.pad(1, 0);
    assertArrayEquals(new int[] {2, 4}, p.shape());
    assertArrayEquals(new double[] {0, 1, 2, 3, 0, 4, 5, 6}, p.toArray(), 0);
    Tensor q = M.pad(new int[] {0, 1, 1, 0}, -1);
    assertArrayEquals(new int[] {3, 4}, q.shape());
    assertArrayEquals(new double[] {-1, -1, -1, -1, 1, 2, 3, -1, 4, 5, 6, -1}, q.toArray(), 0);
    // a negative amount crops
    assertArrayEquals(new double[] {2, 3, 9, 5, 6, 9}, M.pad(new int[] {-1, 1}, 9).toArray(), 0);
    Tensor x = M.copy().requiresGrad(true);
    x.pad(new int[] {2, 1, 1, 1}, 7).sum().backward();
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, x.grad().toArray(), 0);
    check(xs -> xs[0].pad(new int[] {1, 2}, 3).square(), M);
    assertMessage("pad: pads [1, 1, 1] must be (before, after) pairs for at most the 2 axes of shape [2, 3]",
        () -> M.pad(1, 1, 1));
    assertMessage("pad: pads [-2, -1] leave axis 1 of shape [2, 3] with length 0 (expected at least 1)",
        () -> M.pad(-2, -1));
  }

  @Test
  void repeat_tiles_like_torch_repeat() {
    Tensor r = Tensor.vector(1, 2, 3).repeat(2, 2);
    assertArrayEquals(new int[] {2, 6}, r.shape());
    assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3}, r.toArray(), 0);
    assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6}, M.repeat(1, 2).toArray(), 0);
    assertArrayEquals(new int[] {2, 4, 3}, M.repeat(2, 2, 1).shape());
    check(xs -> xs[0].repeat(2, 1).square(), M);
    assertMessage("repeat: repeats [2] name fewer axes than shape [2, 3]", () -> M.repeat(2));
    assertMessage("repeat: repeats must be positive; got [0, 1]", () -> M.repeat(0, 1));
  }

  @Test
  void topk_keeps_ties_in_index_order_and_sends_the_gradient_to_the_chosen() {
    Tensor x = Tensor.vector(1, 3, 3, 2).requiresGrad(true);
    Tensor.WithIndices top = x.topk(2, 0);
    assertArrayEquals(new double[] {3, 3}, top.values().toArray(), 0);
    assertArrayEquals(new int[] {1, 2}, top.indices());
    Tensor.WithIndices low = x.topk(3, 0, false, true);
    assertArrayEquals(new double[] {1, 2, 3}, low.values().toArray(), 0);
    assertArrayEquals(new int[] {0, 3, 1}, low.indices());
    top.values().mul(Tensor.vector(10, 20)).sum().backward();
    assertArrayEquals(new double[] {0, 10, 20, 0}, x.grad().toArray(), 0);
    Tensor.WithIndices cols = M.topk(1, 0);
    assertArrayEquals(new int[] {1, 3}, cols.values().shape());
    assertArrayEquals(new int[] {1, 1, 1}, cols.indices());
    check(xs -> xs[0].topk(2, 1).values().square(), Tensor.of(new double[] {1, 5, 2, 7, 3, 4}, 2, 3));
    assertMessage("topk: k = 4 is out of range for axis 1 of shape [2, 3] (expected 1 .. 3)", () -> M.topk(4, 1));
    assertMessage("topk: k = 0 is out of range for axis 0 of shape [2, 3] (expected 1 .. 2)", () -> M.topk(0, 0));
    assertMessage("topk: axis 2 is out of range for a tensor of rank 2 (expected -2 .. 1)", () -> M.topk(1, 2));
    assertMessage("topk: needs a tensor of rank 1 or more; got a scalar", () -> Tensor.scalar(1).topk(1, 0));
  }

  @Test
  void sort_is_stable_both_ways() {
    Tensor x = Tensor.vector(2, 1, 2, 1, 0);
    Tensor.WithIndices up = x.sort(0);
    assertArrayEquals(new double[] {0, 1, 1, 2, 2}, up.values().toArray(), 0);
    assertArrayEquals(new int[] {4, 1, 3, 0, 2}, up.indices());
    Tensor.WithIndices down = x.sort(0, true);
    assertArrayEquals(new double[] {2, 2, 1, 1, 0}, down.values().toArray(), 0);
    assertArrayEquals(new int[] {0, 2, 1, 3, 4}, down.indices());
    Tensor.WithIndices rows = Tensor.of(new double[] {3, 1, 2, 0, 5, 4}, 2, 3).sort(-1);
    assertArrayEquals(new double[] {1, 2, 3, 0, 4, 5}, rows.values().toArray(), 0);
    assertArrayEquals(new int[] {1, 2, 0, 0, 2, 1}, rows.indices());
    // a NaN counts as the extreme of either order
    assertArrayEquals(new int[] {1, 0, 2}, Tensor.vector(2, Double.NaN, 3).sort(0).indices());
    assertArrayEquals(new int[] {1, 2, 0}, Tensor.vector(2, Double.NaN, 3).sort(0, true).indices());
    check(xs -> xs[0].sort(0, true).values().mul(Tensor.arange(3)), Tensor.vector(0.5, 2, -1));
  }

  @Test
  void where_broadcasts_its_mask() {
    Tensor mask = Tensor.of(new double[] {1, 0}, 2, 1);
    Tensor a = M.copy().requiresGrad(true);
    Tensor b = Tensor.scalar(-1).requiresGrad(true);
    Tensor w = Tensor.where(mask, a, b);
    assertArrayEquals(new double[] {1, 2, 3, -1, -1, -1}, w.toArray(), 0);
    w.sum().backward();
    assertArrayEquals(new double[] {1, 1, 1, 0, 0, 0}, a.grad().toArray(), 0);
    assertEquals(3.0, b.grad().item());
    assertArrayEquals(new double[] {1, -1, 3, 4, -1, 6},
        Tensor.where(Tensor.vector(1, 0, 1), M, Tensor.scalar(-1)).toArray(), 0);
  }

  @Test
  void gather_and_scatter_add_match_loops() {
    SplittableRandom rng = new SplittableRandom(3);
    Tensor x = Tensor.uniform(rng, -1, 1, 3, 4, 2);
    int[] is = {2, 5, 2};
    for (int axis = 0; axis < 3; axis++) {
      int[] s = is.clone();
      s[axis] = 5;
      int[] limit = {3, 4, 2};
      for (int d = 0; d < 3; d++) {
        s[d] = d == axis ? 5 : Math.min(s[d], limit[d]);
      }
      int n = s[0] * s[1] * s[2];
      int[] idx = new int[n];
      for (int i = 0; i < n; i++) {
        idx[i] = rng.nextInt(limit[axis]);
      }
      Tensor g = x.gather(axis, idx, s);
      assertArrayEquals(s, g.shape());
      Tensor src = Tensor.uniform(rng, -1, 1, s[0] + 1, s[1], s[2]);
      Tensor sa = x.scatterAdd(axis, idx, s, src);
      double[] expected = x.toArray();
      int p = 0;
      for (int i = 0; i < s[0]; i++) {
        for (int j = 0; j < s[1]; j++) {
          for (int k = 0; k < s[2]; k++, p++) {
            int[] at = {i, j, k};
            at[axis] = idx[p];
            assertEquals(x.get(at), g.get(i, j, k));
            expected[(at[0] * 4 + at[1]) * 2 + at[2]] += src.get(i, j, k);
          }
        }
      }
      assertArrayEquals(expected, sa.toArray(), 1e-15);
      int ax = axis;
      check(xs -> xs[0].gather(ax, idx, s).square(), x);
      check(xs -> xs[0].scatterAdd(ax, idx, s, xs[1]).square(), x, src);
    }
  }

  @Test
  void gather_and_scatter_add_explain_bad_indices() {
    assertMessage("gather: index of shape [2] has rank 1; input of shape [2, 3] has rank 2 (expected equal ranks)",
        () -> M.gather(1, new int[] {0, 1}, new int[] {2}));
    assertMessage("gather: index of shape [3, 1] is longer than input of shape [2, 3] along axis 0 (only axis 1 may be longer)",
        () -> M.gather(1, new int[] {0, 1, 2}, new int[] {3, 1}));
    assertMessage("gather: index has 3 values; its shape [2, 1] needs 2",
        () -> M.gather(1, new int[] {0, 1, 2}, new int[] {2, 1}));
    assertIndexMessage("gather: index 3 at position 1 is out of range for axis 1 of shape [2, 3] (expected 0 .. 2)",
        () -> M.gather(1, new int[] {0, 3}, new int[] {2, 1}));
    assertIndexMessage("gather: index -1 at position 0 is out of range for axis 1 of shape [2, 3] (expected 0 .. 2)",
        () -> M.gather(-1, new int[] {-1, 0}, new int[] {2, 1}));
    assertMessage("gather: axis 2 is out of range for a tensor of rank 2 (expected -2 .. 1)",
        () -> M.gather(2, new int[] {0, 0}, new int[] {2, 1}));
    assertMessage("scatterAdd: index of shape [2, 2] is longer than src of shape [2, 1] along axis 1",
        () -> M.scatterAdd(1, new int[] {0, 1, 2, 0}, new int[] {2, 2}, Tensor.zeros(2, 1)));
    assertIndexMessage("scatterAdd: index 2 at position 0 is out of range for axis 0 of shape [2, 3] (expected 0 .. 1)",
        () -> M.scatterAdd(0, new int[] {2}, new int[] {1, 1}, Tensor.zeros(1, 1)));
    assertMessage("pick: expects a matrix with one row per index; got shape [2, 3] and 1 indices", () -> M.pick(0));
  }

  @Test
  void repeated_targets_accumulate_in_scatter_add() {
    Tensor r = Tensor.zeros(3).scatterAdd(0, new int[] {1, 1, 0}, new int[] {3}, Tensor.vector(1, 2, 4));
    assertArrayEquals(new double[] {4, 3, 0}, r.toArray(), 0);
    // gather's gradient is a scatter-add: repeated picks add up
    Tensor x = Tensor.vector(5, 6, 7).requiresGrad(true);
    x.gather(0, new int[] {2, 2, 0}, new int[] {3}).sum().backward();
    assertArrayEquals(new double[] {1, 0, 2}, x.grad().toArray(), 0);
  }

  @Test
  void one_hot_is_a_constant_matrix() {
    Tensor h = Tensor.oneHot(new int[] {2, 0}, 3);
    assertArrayEquals(new int[] {2, 3}, h.shape());
    assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0}, h.toArray(), 0);
    assertEquals(false, h.requiresGrad());
    assertIndexMessage("oneHot: label 3 at position 1 is out of range for 3 classes (expected 0 .. 2)",
        () -> Tensor.oneHot(new int[] {0, 3}, 3));
    assertMessage("oneHot: needs at least one label and one class; got 0 labels and 3 classes",
        () -> Tensor.oneHot(new int[0], 3));
  }
}
