package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.check.GradCheck;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The neural-network functions against direct loops: convolution as the seven nested loops of its
 * definition (and the loops of its hand-derived adjoint), pooling window by window; gradients also
 * against finite differences.
 */
class NNTest {
  private static final double TOL = 1e-12;

  // ---------------------------------------------------------------- direct loops

  /** {@code out[n,o,y,x] = b[o] + Σ_{c,i,j} w[o,c,i,j]·x[n,c,y·sh−ph+i·dh, x·sw−pw+j·dw]}. */
  static double[] conv2dLoops(Tensor x, Tensor w, Tensor b, int[] st, int[] pad, int[] dil, int[] outShape) {
    int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
    int o = w.dim(0), kh = w.dim(2), kw = w.dim(3);
    int oh = (h + 2 * pad[0] - dil[0] * (kh - 1) - 1) / st[0] + 1;
    int ow = (wd + 2 * pad[1] - dil[1] * (kw - 1) - 1) / st[1] + 1;
    outShape[0] = n;
    outShape[1] = o;
    outShape[2] = oh;
    outShape[3] = ow;
    double[] out = new double[n * o * oh * ow];
    for (int b0 = 0; b0 < n; b0++) {
      for (int oc = 0; oc < o; oc++) {
        for (int y = 0; y < oh; y++) {
          for (int xx = 0; xx < ow; xx++) {
            double sum = b == null ? 0 : b.get(oc);
            for (int ch = 0; ch < c; ch++) {
              for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                  int iy = y * st[0] - pad[0] + i * dil[0];
                  int ix = xx * st[1] - pad[1] + j * dil[1];
                  if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                    sum += w.get(oc, ch, i, j) * x.get(b0, ch, iy, ix);
                  }
                }
              }
            }
            out[((b0 * o + oc) * oh + y) * ow + xx] = sum;
          }
        }
      }
    }
    return out;
  }

  /** The adjoint of the loops above for an output gradient g: {dx, dw, db}. */
  static double[][] conv2dAdjointLoops(Tensor x, Tensor w, Tensor g, int[] st, int[] pad, int[] dil) {
    int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
    int o = w.dim(0), kh = w.dim(2), kw = w.dim(3);
    int oh = g.dim(2), ow = g.dim(3);
    double[] dx = new double[x.size()];
    double[] dw = new double[w.size()];
    double[] db = new double[o];
    for (int b0 = 0; b0 < n; b0++) {
      for (int oc = 0; oc < o; oc++) {
        for (int y = 0; y < oh; y++) {
          for (int xx = 0; xx < ow; xx++) {
            double gv = g.get(b0, oc, y, xx);
            db[oc] += gv;
            for (int ch = 0; ch < c; ch++) {
              for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                  int iy = y * st[0] - pad[0] + i * dil[0];
                  int ix = xx * st[1] - pad[1] + j * dil[1];
                  if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                    dx[((b0 * c + ch) * h + iy) * wd + ix] += gv * w.get(oc, ch, i, j);
                    dw[((oc * c + ch) * kh + i) * kw + j] += gv * x.get(b0, ch, iy, ix);
                  }
                }
              }
            }
          }
        }
      }
    }
    return new double[][] {dx, dw, db};
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      assertTrue(Math.abs(e - actual[i]) <= TOL * Math.max(1, Math.abs(e)),
          what + " at " + i + ": expected " + e + ", got " + actual[i]);
    }
  }

  // ---------------------------------------------------------------- conv2d

  /** {N, C, H, W, O, kh, kw, sh, sw, ph, pw, dh, dw}. */
  private static final int[][] CONFIGS = {
    {2, 3, 7, 6, 4, 3, 3, 1, 1, 0, 0, 1, 1},
    {1, 2, 6, 6, 3, 3, 3, 2, 2, 1, 1, 1, 1},
    {2, 2, 8, 7, 2, 3, 2, 1, 2, 2, 1, 2, 1},
    {3, 1, 5, 9, 2, 2, 3, 3, 2, 0, 2, 1, 3},
    {1, 4, 4, 4, 5, 1, 1, 1, 1, 0, 0, 1, 1},
    {2, 2, 5, 5, 3, 5, 5, 1, 1, 2, 2, 1, 1},
  };

  @Test
  void conv2d_matches_the_seven_loops_in_values_and_gradients_with_and_without_bias() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int[] k : CONFIGS) {
      for (boolean withBias : new boolean[] {true, false}) {
        Tensor x = Tensor.normal(rng, 0, 1, k[0], k[1], k[2], k[3]);
        Tensor w = Tensor.normal(rng, 0, 1, k[4], k[1], k[5], k[6]);
        Tensor b = Tensor.normal(rng, 0, 1, k[4]);
        int[] st = {k[7], k[8]};
        int[] pad = {k[9], k[10]};
        int[] dil = {k[11], k[12]};
        int[] outShape = new int[4];
        double[] expected = conv2dLoops(x, w, withBias ? b : null, st, pad, dil, outShape);
        Autograd.Fn f = withBias
            ? xs -> NN.conv2d(xs[0], xs[1], xs[2], st, pad, dil)
            : xs -> NN.conv2d(xs[0], xs[1], st, pad, dil);
        Tensor[] inputs = withBias ? new Tensor[] {x, w, b} : new Tensor[] {x, w};
        Tensor y = f.apply(inputs);
        assertArrayEquals(outShape, y.shape());
        assertClose(expected, y.toArray(), "conv2d value " + java.util.Arrays.toString(k));

        Tensor g = Tensor.normal(rng, 0, 1, outShape);
        Gradients grads = Autograd.vjp(f, inputs, g);
        double[][] adj = conv2dAdjointLoops(x, w, g, st, pad, dil);
        assertClose(adj[0], grads.get(0).toArray(), "dx");
        assertClose(adj[1], grads.get(1).toArray(), "dw");
        if (withBias) {
          assertClose(adj[2], grads.get(2).toArray(), "db");
        }
      }
    }
  }

  @Test
  void conv2d_gradients_match_finite_differences_at_first_and_second_order() {
    SplittableRandom rng = new SplittableRandom(2);
    int[][] small = {
      {2, 2, 4, 5, 2, 3, 2, 1, 2, 1, 0, 1, 2},
      {1, 1, 5, 5, 2, 2, 2, 2, 2, 1, 1, 2, 1},
      {2, 1, 3, 3, 1, 3, 3, 1, 1, 1, 1, 1, 1},
    };
    for (int[] k : small) {
      Tensor x = Tensor.normal(rng, 0, 1, k[0], k[1], k[2], k[3]);
      Tensor w = Tensor.normal(rng, 0, 1, k[4], k[1], k[5], k[6]);
      Tensor b = Tensor.normal(rng, 0, 1, k[4]);
      int[] st = {k[7], k[8]};
      int[] pad = {k[9], k[10]};
      int[] dil = {k[11], k[12]};
      Autograd.Fn f = xs -> NN.conv2d(xs[0], xs[1], xs[2], st, pad, dil).square();
      GradCheck.assertGradients(f, x, w, b);
      GradCheck.assertSecondOrderGradients(f, x, w, b);
      GradCheck.assertGradients(xs -> NN.conv2d(xs[0], xs[1], st, pad, dil).tanh(), x, w);
    }
  }

  @Test
  void conv2d_with_square_ints_is_the_pair_form() {
    SplittableRandom rng = new SplittableRandom(3);
    Tensor x = Tensor.normal(rng, 0, 1, 2, 3, 6, 6);
    Tensor w = Tensor.normal(rng, 0, 1, 4, 3, 3, 3);
    Tensor b = Tensor.normal(rng, 0, 1, 4);
    assertArrayEquals(NN.conv2d(x, w, b, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}).toArray(),
        NN.conv2d(x, w, b, 2, 1, 1).toArray(), 0);
    assertArrayEquals(NN.conv2d(x, w, 1, 0, 1).toArray(), NN.conv2d(x, w).toArray(), 0);
    assertArrayEquals(NN.conv2d(x, w, b, 1, 0, 1).toArray(), NN.conv2d(x, w, b).toArray(), 0);
  }

  // ---------------------------------------------------------------- conv1d

  @Test
  void conv1d_matches_direct_loops_and_finite_differences() {
    SplittableRandom rng = new SplittableRandom(4);
    int[][] configs = {{2, 3, 9, 4, 3, 1, 0, 1}, {1, 2, 10, 3, 4, 2, 2, 1}, {3, 1, 8, 2, 2, 3, 1, 3}};
    for (int[] k : configs) {
      int n = k[0], c = k[1], len = k[2], o = k[3], ks = k[4], st = k[5], pad = k[6], dil = k[7];
      Tensor x = Tensor.normal(rng, 0, 1, n, c, len);
      Tensor w = Tensor.normal(rng, 0, 1, o, c, ks);
      Tensor b = Tensor.normal(rng, 0, 1, o);
      int lo = (len + 2 * pad - dil * (ks - 1) - 1) / st + 1;
      double[] expected = new double[n * o * lo];
      for (int b0 = 0; b0 < n; b0++) {
        for (int oc = 0; oc < o; oc++) {
          for (int t = 0; t < lo; t++) {
            double sum = b.get(oc);
            for (int ch = 0; ch < c; ch++) {
              for (int j = 0; j < ks; j++) {
                int p = t * st - pad + j * dil;
                if (p >= 0 && p < len) {
                  sum += w.get(oc, ch, j) * x.get(b0, ch, p);
                }
              }
            }
            expected[(b0 * o + oc) * lo + t] = sum;
          }
        }
      }
      Tensor y = NN.conv1d(x, w, b, st, pad, dil);
      assertArrayEquals(new int[] {n, o, lo}, y.shape());
      assertClose(expected, y.toArray(), "conv1d");
      GradCheck.assertGradients(xs -> NN.conv1d(xs[0], xs[1], xs[2], st, pad, dil).square(), x, w, b);
      GradCheck.assertGradients(xs -> NN.conv1d(xs[0], xs[1], st, pad, dil).square(), x, w);
    }
  }

  // ---------------------------------------------------------------- unfold / fold

  @Test
  void fold_is_the_adjoint_of_unfold() {
    SplittableRandom rng = new SplittableRandom(5);
    int[] kernel = {3, 2};
    int[] stride = {2, 1};
    int[] padding = {1, 1};
    int[] dilation = {1, 2};
    Tensor x = Tensor.normal(rng, 0, 1, 2, 3, 6, 5);
    Tensor cols = NN.unfold(x, kernel, stride, padding, dilation);
    Tensor c = Tensor.normal(rng, 0, 1, cols.shape());
    Tensor back = NN.fold(c, new int[] {6, 5}, kernel, stride, padding, dilation);
    // <unfold(x), c> = <x, fold(c)>
    double lhs = cols.mul(c).sum().item();
    double rhs = x.mul(back).sum().item();
    assertEquals(lhs, rhs, 1e-12 * Math.max(1, Math.abs(lhs)));
    assertArrayEquals(new int[] {2, 3 * 6, 3 * 5}, cols.shape());
  }

  // ---------------------------------------------------------------- pooling

  @Test
  void pools_match_direct_loops() {
    SplittableRandom rng = new SplittableRandom(6);
    int[][] configs = {{2, 2, 6, 6, 2, 2, 2, 2, 0, 0}, {1, 3, 7, 5, 3, 3, 2, 1, 1, 1}, {2, 1, 5, 8, 3, 2, 1, 3, 1, 0}};
    for (int[] k : configs) {
      int n = k[0], c = k[1], h = k[2], w = k[3];
      int[] kernel = {k[4], k[5]};
      int[] stride = {k[6], k[7]};
      int[] padding = {k[8], k[9]};
      Tensor x = Tensor.normal(rng, 0, 1, n, c, h, w);
      int oh = (h + 2 * padding[0] - kernel[0]) / stride[0] + 1;
      int ow = (w + 2 * padding[1] - kernel[1]) / stride[1] + 1;
      double[] max = new double[n * c * oh * ow];
      double[] avg = new double[max.length];
      double[] dmax = new double[x.size()];
      Tensor g = Tensor.normal(rng, 0, 1, n, c, oh, ow);
      for (int b = 0; b < n; b++) {
        for (int ch = 0; ch < c; ch++) {
          for (int y = 0; y < oh; y++) {
            for (int xx = 0; xx < ow; xx++) {
              double best = Double.NEGATIVE_INFINITY;
              int at = -1;
              double sum = 0;
              for (int i = 0; i < kernel[0]; i++) {
                for (int j = 0; j < kernel[1]; j++) {
                  int iy = y * stride[0] - padding[0] + i;
                  int ix = xx * stride[1] - padding[1] + j;
                  if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                    double v = x.get(b, ch, iy, ix);
                    sum += v;
                    if (v > best) {
                      best = v;
                      at = ((b * c + ch) * h + iy) * w + ix;
                    }
                  }
                }
              }
              int o = ((b * c + ch) * oh + y) * ow + xx;
              max[o] = best;
              avg[o] = sum / (kernel[0] * kernel[1]);
              dmax[at] += g.storage()[o];
            }
          }
        }
      }
      assertClose(max, NN.maxPool2d(x, kernel, stride, padding).toArray(), "maxPool2d");
      assertClose(avg, NN.avgPool2d(x, kernel, stride, padding).toArray(), "avgPool2d");
      Tensor[] in = {x};
      assertClose(dmax, Autograd.vjp(xs -> NN.maxPool2d(xs[0], kernel, stride, padding), in, g).get(0).toArray(),
          "maxPool2d gradient");
      GradCheck.assertGradients(xs -> NN.avgPool2d(xs[0], kernel, stride, padding).square(), x);
      GradCheck.assertGradients(xs -> NN.maxPool2d(xs[0], kernel, stride, padding).square(), x);
    }
  }

  @Test
  void max_pool_pads_with_minus_infinity_and_splits_ties() {
    Tensor x = Tensor.of(new double[] {-1, -2, -3, -4}, 1, 1, 2, 2).requiresGrad(true);
    Tensor y = NN.maxPool2d(x, 2, 1, 1);   // 3x3 windows of a padded 4x4; padding never wins
    assertArrayEquals(new double[] {-1, -1, -2, -1, -1, -2, -3, -3, -4}, y.toArray(), 0);
    Tensor t = Tensor.of(new double[] {5, 5, 1, 2}, 1, 1, 2, 2).requiresGrad(true);
    NN.maxPool2d(t, 2).sum().backward();
    assertArrayEquals(new double[] {0.5, 0.5, 0, 0}, t.grad().toArray(), 0);
    assertEquals(2.0, NN.avgPool2d(Tensor.full(4, 1, 1, 2, 2), 2, 1, 1).get(0, 0, 0, 1), 0);
    assertEquals(4.0, NN.avgPool2d(Tensor.full(4, 1, 1, 2, 2), 2, 1, 1).get(0, 0, 1, 1), 0);
    assertEquals(1.0, NN.avgPool2d(Tensor.full(4, 1, 1, 2, 2), 2, 1, 1).get(0, 0, 0, 0), 0);
    assertTrue(Double.isNaN(NN.maxPool2d(Tensor.of(new double[] {1, Double.NaN, 3, 4}, 1, 1, 2, 2), 2).item()));
  }

  // ---------------------------------------------------------------- errors

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }

  @Test
  void bad_arguments_are_refused_with_messages_that_name_them() {
    Tensor x = Tensor.zeros(2, 3, 8, 8);
    Tensor w = Tensor.zeros(32, 4, 3, 3);
    assertMessage("conv2d: input has 3 channels but the weight [32, 4, 3, 3] expects 4", () -> NN.conv2d(x, w));
    assertMessage("conv2d: input of shape [2, 3, 8] has rank 3; expected [N, C, H, W] (rank 4)",
        () -> NN.conv2d(Tensor.zeros(2, 3, 8), w));
    assertMessage("conv2d: weight of shape [32, 3, 3] has rank 3; expected [O, C, kh, kw] (rank 4)",
        () -> NN.conv2d(x, Tensor.zeros(32, 3, 3)));
    Tensor w3 = Tensor.zeros(4, 3, 3, 3);
    assertMessage("conv2d: bias of shape [5] does not fit the weight [4, 3, 3, 3]; expected [4]",
        () -> NN.conv2d(x, w3, Tensor.zeros(5)));
    assertMessage("conv2d: bias of shape [4, 1] does not fit the weight [4, 3, 3, 3]; expected [4]",
        () -> NN.conv2d(x, w3, Tensor.zeros(4, 1)));
    assertMessage("conv2d: stride must be positive; got [0, 0]", () -> NN.conv2d(x, w3, 0, 0, 1));
    assertMessage("conv2d: dilation must be positive; got [1, 0]",
        () -> NN.conv2d(x, w3, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 0}));
    assertMessage("conv2d: padding must be non-negative; got [-1, -1]", () -> NN.conv2d(x, w3, 1, -1, 1));
    assertMessage("conv2d: stride needs 2 values (height, width); got [1, 1, 1]",
        () -> NN.conv2d(x, w3, new int[] {1, 1, 1}, new int[] {0, 0}, new int[] {1, 1}));
    assertMessage("conv2d: the kernel 3x3 is larger than the padded input 2x4 (input [1, 3, 2, 4] with padding 0x0)",
        () -> NN.conv2d(Tensor.zeros(1, 3, 2, 4), w3));
    assertMessage("conv2d: the kernel 3x3 (dilated to 5x5) is larger than the padded input 4x4 "
        + "(input [1, 3, 2, 2] with padding 1x1)", () -> NN.conv2d(Tensor.zeros(1, 3, 2, 2), w3, 1, 1, 2));
    assertMessage("conv1d: input has 2 channels but the weight [4, 3, 3] expects 3",
        () -> NN.conv1d(Tensor.zeros(1, 2, 8), Tensor.zeros(4, 3, 3)));
    assertMessage("conv1d: input of shape [2, 8] has rank 2; expected [N, C, L] (rank 3)",
        () -> NN.conv1d(Tensor.zeros(2, 8), Tensor.zeros(4, 3, 3)));
    assertMessage("conv1d: the kernel of size 5 is larger than the padded input of length 4 "
        + "(input [1, 3, 2] with padding 1)", () -> NN.conv1d(Tensor.zeros(1, 3, 2), Tensor.zeros(4, 3, 5), 1, 1, 1));
    assertMessage("conv1d: stride must be positive; got 0",
        () -> NN.conv1d(Tensor.zeros(1, 3, 8), Tensor.zeros(4, 3, 3), 0, 0, 1));
    assertMessage("maxPool2d: padding [2, 2] must be at most half the kernel size [3, 3]",
        () -> NN.maxPool2d(x, 3, 1, 2));
    assertMessage("avgPool2d: input of shape [8, 8] has rank 2; expected [N, C, H, W] (rank 4)",
        () -> NN.avgPool2d(Tensor.zeros(8, 8), 2));
    assertMessage("maxPool2d: the kernel 9x9 is larger than the padded input 8x8 (input [2, 3, 8, 8] with padding 0x0)",
        () -> NN.maxPool2d(x, 9));
    assertMessage("fold: input of shape [1, 5, 4] does not hold the windows of a 3x3 image: expected [N, C·4, 4] "
        + "for kernel 2x2, stride 1x1, padding 0x0, dilation 1x1",
        () -> NN.fold(Tensor.zeros(1, 5, 4), new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0},
            new int[] {1, 1}));
  }
}
