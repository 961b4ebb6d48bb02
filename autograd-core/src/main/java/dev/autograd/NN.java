package dev.autograd;

import dev.autograd.ops.Convolution;
import dev.autograd.ops.Convolution.Window;
import dev.autograd.ops.LinearAlgebra;

/**
 * Neural-network functions on tensors, like PyTorch's {@code torch.nn.functional}: convolution,
 * pooling, normalisation, dropout, embedding and losses. Every function is built from the
 * primitives in {@code dev.autograd.ops} (convolution is {@link Convolution.Unfold im2col} followed
 * by one matrix product), so every gradient is checked and differentiable again.
 *
 * <p>Layouts are PyTorch's: images {@code [N, C, H, W]}, 2-D kernels {@code [O, C, kh, kw]},
 * sequences {@code [N, C, L]}, 1-D kernels {@code [O, C, k]}. Window arguments come as one int for
 * both axes ({@code stride 2}) or as a pair {@code {height, width}}; a function without a bias
 * argument has no bias (there is no null bias).
 */
public final class NN {
  private NN() {}

  // ================================================================ unfold / fold

  /**
   * Every sliding window of an image as a column (im2col, PyTorch's {@code F.unfold}):
   * {@code [N, C, H, W] → [N, C·kh·kw, L]}, where {@code L} is the number of window positions;
   * zero padding.
   *
   * @param x the images {@code [N, C, H, W]}
   * @param kernel {@code {kh, kw}}
   * @param stride {@code {sh, sw}}
   * @param padding {@code {ph, pw}}, zeros added on each side
   * @param dilation {@code {dh, dw}}
   * @return the columns {@code [N, C·kh·kw, L]}
   */
  public static Tensor unfold(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation) {
    Args.notNull(x, "unfold", "x");
    Window win = window("unfold", kernel, stride, padding, dilation);
    int[] s = rank4("unfold", "input", x, "[N, C, H, W]");
    win.checkFits("unfold", s, s[2], s[3]);
    return new Convolution.Unfold(win).apply(x);
  }

  /** {@link #unfold(Tensor, int[], int[], int[], int[])} with one value for both axes of each argument. */
  public static Tensor unfold(Tensor x, int kernel, int stride, int padding, int dilation) {
    Args.notNull(x, "unfold", "x");
    return unfold(x, pair(kernel), pair(stride), pair(padding), pair(dilation));
  }

  /**
   * Sums columns back into images (col2im, PyTorch's {@code F.fold}), the adjoint of
   * {@link #unfold(Tensor, int[], int[], int[], int[])}: {@code [N, C·kh·kw, L] → [N, C, H, W]}.
   *
   * @param cols the columns {@code [N, C·kh·kw, L]}
   * @param outputSize {@code {H, W}}
   * @param kernel {@code {kh, kw}}
   * @param stride {@code {sh, sw}}
   * @param padding {@code {ph, pw}}
   * @param dilation {@code {dh, dw}}
   * @return the images {@code [N, C, H, W]}
   */
  public static Tensor fold(Tensor cols, int[] outputSize, int[] kernel, int[] stride, int[] padding,
      int[] dilation) {
    Args.notNull(cols, "fold", "cols");
    Args.notNull(outputSize, "fold", "outputSize");
    Window win = window("fold", kernel, stride, padding, dilation);
    if (outputSize.length != 2) {
      throw new IllegalArgumentException(
          "fold: outputSize needs 2 values (height, width); got " + java.util.Arrays.toString(outputSize));
    }
    return new Convolution.Fold(win, outputSize[0], outputSize[1]).apply(cols);
  }

  // ================================================================ convolution

  /**
   * 2-D convolution (cross-correlation, as in PyTorch) without bias, stride 1, no padding.
   *
   * @param x the images {@code [N, C, H, W]}
   * @param w the kernels {@code [O, C, kh, kw]}
   * @return {@code [N, O, H', W']}
   */
  public static Tensor conv2d(Tensor x, Tensor w) {
    Args.notNull(x, "conv2d", "x");
    Args.notNull(w, "conv2d", "w");
    return conv2d("conv2d", x, w, null, pair(1), pair(0), pair(1));
  }

  /**
   * 2-D convolution with bias, stride 1, no padding.
   *
   * @param x the images {@code [N, C, H, W]}
   * @param w the kernels {@code [O, C, kh, kw]}
   * @param b the bias {@code [O]}
   * @return {@code [N, O, H', W']}
   */
  public static Tensor conv2d(Tensor x, Tensor w, Tensor b) {
    Args.notNull(x, "conv2d", "x");
    Args.notNull(w, "conv2d", "w");
    Args.notNull(b, "conv2d", "b");
    return conv2d("conv2d", x, w, b, pair(1), pair(0), pair(1));
  }

  /**
   * 2-D convolution with bias: {@code r[n, o, y, x] = b[o] + Σ_{c,i,j} w[o, c, i, j]·x[n, c, y·sh − ph +
   * i·dh, x·sw − pw + j·dw]} (zeros outside the image), computed as {@link #unfold} and one matrix
   * product. groups = 1.
   *
   * @param x the images {@code [N, C, H, W]}
   * @param w the kernels {@code [O, C, kh, kw]}
   * @param b the bias {@code [O]}
   * @param stride {@code {sh, sw}}
   * @param padding {@code {ph, pw}}
   * @param dilation {@code {dh, dw}}
   * @return {@code [N, O, H', W']} with {@code H' = ⌊(H + 2ph − dh·(kh − 1) − 1) / sh⌋ + 1}, likewise W'
   */
  public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int[] stride, int[] padding, int[] dilation) {
    Args.notNull(x, "conv2d", "x");
    Args.notNull(w, "conv2d", "w");
    Args.notNull(b, "conv2d", "b");
    return conv2d("conv2d", x, w, b, stride, padding, dilation);
  }

  /** {@link #conv2d(Tensor, Tensor, Tensor, int[], int[], int[])} without bias. */
  public static Tensor conv2d(Tensor x, Tensor w, int[] stride, int[] padding, int[] dilation) {
    Args.notNull(x, "conv2d", "x");
    Args.notNull(w, "conv2d", "w");
    return conv2d("conv2d", x, w, null, stride, padding, dilation);
  }

  /** {@link #conv2d(Tensor, Tensor, Tensor, int[], int[], int[])} with one value for both axes. */
  public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int stride, int padding, int dilation) {
    Args.notNull(x, "conv2d", "x");
    Args.notNull(w, "conv2d", "w");
    Args.notNull(b, "conv2d", "b");
    return conv2d("conv2d", x, w, b, pair(stride), pair(padding), pair(dilation));
  }

  /** {@link #conv2d(Tensor, Tensor, int[], int[], int[])} with one value for both axes. */
  public static Tensor conv2d(Tensor x, Tensor w, int stride, int padding, int dilation) {
    Args.notNull(x, "conv2d", "x");
    Args.notNull(w, "conv2d", "w");
    return conv2d("conv2d", x, w, null, pair(stride), pair(padding), pair(dilation));
  }

  private static Tensor conv2d(String op, Tensor x, Tensor w, Tensor b, int[] stride, int[] padding,
      int[] dilation) {
    Args.notNull(stride, op, "stride");
    Args.notNull(padding, op, "padding");
    Args.notNull(dilation, op, "dilation");
    int[] xs = rank4(op, "input", x, "[N, C, H, W]");
    int[] ws = rank4(op, "weight", w, "[O, C, kh, kw]");
    if (xs[1] != ws[1]) {
      throw new IllegalArgumentException(
          op + ": input has " + xs[1] + " channels but the weight " + Shape.str(ws) + " expects " + ws[1]);
    }
    int o = ws[0];
    if (b != null && !(b.rank() == 1 && b.dim(0) == o)) {
      throw new IllegalArgumentException(
          op + ": bias of shape " + Shape.str(b.shape()) + " does not fit the weight " + Shape.str(ws)
              + "; expected [" + o + "]");
    }
    Window win = window(op, new int[] {ws[2], ws[3]}, stride, padding, dilation);
    win.checkFits(op, xs, xs[2], xs[3]);
    return convolve(x, w, b, win);
  }

  /** The convolution of checked operands: unfold, one matrix product (plus bias), back to NCHW. */
  private static Tensor convolve(Tensor x, Tensor w, Tensor b, Window win) {
    int n = x.dim(0);
    int o = w.dim(0);
    int oh = win.outputHeight(x.dim(2));
    int ow = win.outputWidth(x.dim(3));
    int l = oh * ow;
    Tensor cols = new Convolution.Unfold(win).apply(x);                   // [N, CK, L]
    int ck = cols.dim(1);
    Tensor rhs = n == 1 ? cols.reshape(ck, l) : cols.permute(1, 0, 2).reshape(ck, n * l);   // [CK, N·L]
    Tensor w2 = w.reshape(o, ck);
    Tensor out = b == null ? w2.matmul(rhs) : LinearAlgebra.matmulAdd(w2, rhs, b.reshape(o, 1));   // [O, N·L]
    return n == 1 ? out.reshape(1, o, oh, ow) : out.reshape(o, n, l).permute(1, 0, 2).reshape(n, o, oh, ow);
  }

  /**
   * 1-D convolution without bias, stride 1, no padding.
   *
   * @param x the sequences {@code [N, C, L]}
   * @param w the kernels {@code [O, C, k]}
   * @return {@code [N, O, L']}
   */
  public static Tensor conv1d(Tensor x, Tensor w) {
    Args.notNull(x, "conv1d", "x");
    Args.notNull(w, "conv1d", "w");
    return conv1dChecked(x, w, null, 1, 0, 1);
  }

  /**
   * 1-D convolution with bias, stride 1, no padding.
   *
   * @param x the sequences {@code [N, C, L]}
   * @param w the kernels {@code [O, C, k]}
   * @param b the bias {@code [O]}
   * @return {@code [N, O, L']}
   */
  public static Tensor conv1d(Tensor x, Tensor w, Tensor b) {
    Args.notNull(x, "conv1d", "x");
    Args.notNull(w, "conv1d", "w");
    Args.notNull(b, "conv1d", "b");
    return conv1dChecked(x, w, b, 1, 0, 1);
  }

  /**
   * 1-D convolution with bias: {@code r[n, o, t] = b[o] + Σ_{c,j} w[o, c, j]·x[n, c, t·stride − padding +
   * j·dilation]}, computed as a {@link #conv2d} of height 1.
   *
   * @param x the sequences {@code [N, C, L]}
   * @param w the kernels {@code [O, C, k]}
   * @param b the bias {@code [O]}
   * @param stride the step between windows
   * @param padding zeros added at each end
   * @param dilation the spacing of the kernel's taps
   * @return {@code [N, O, L']} with {@code L' = ⌊(L + 2·padding − dilation·(k − 1) − 1) / stride⌋ + 1}
   */
  public static Tensor conv1d(Tensor x, Tensor w, Tensor b, int stride, int padding, int dilation) {
    Args.notNull(x, "conv1d", "x");
    Args.notNull(w, "conv1d", "w");
    Args.notNull(b, "conv1d", "b");
    return conv1dChecked(x, w, b, stride, padding, dilation);
  }

  /** {@link #conv1d(Tensor, Tensor, Tensor, int, int, int)} without bias. */
  public static Tensor conv1d(Tensor x, Tensor w, int stride, int padding, int dilation) {
    Args.notNull(x, "conv1d", "x");
    Args.notNull(w, "conv1d", "w");
    return conv1dChecked(x, w, null, stride, padding, dilation);
  }

  private static Tensor conv1dChecked(Tensor x, Tensor w, Tensor b, int stride, int padding, int dilation) {
    int[] xs = rank3("conv1d", "input", x, "[N, C, L]");
    int[] ws = rank3("conv1d", "weight", w, "[O, C, k]");
    if (xs[1] != ws[1]) {
      throw new IllegalArgumentException(
          "conv1d: input has " + xs[1] + " channels but the weight " + Shape.str(ws) + " expects " + ws[1]);
    }
    if (b != null && !(b.rank() == 1 && b.dim(0) == ws[0])) {
      throw new IllegalArgumentException(
          "conv1d: bias of shape " + Shape.str(b.shape()) + " does not fit the weight " + Shape.str(ws)
              + "; expected [" + ws[0] + "]");
    }
    if (stride < 1) {
      throw new IllegalArgumentException("conv1d: stride must be positive; got " + stride);
    }
    if (padding < 0) {
      throw new IllegalArgumentException("conv1d: padding must be non-negative; got " + padding);
    }
    if (dilation < 1) {
      throw new IllegalArgumentException("conv1d: dilation must be positive; got " + dilation);
    }
    Window win = new Window(1, ws[2], 1, stride, 0, padding, 1, dilation);
    if (win.outputWidth(xs[2]) < 1) {
      int span = dilation * (ws[2] - 1) + 1;
      throw new IllegalArgumentException(
          "conv1d: the kernel of size " + ws[2] + (span != ws[2] ? " (dilated to " + span + ")" : "")
              + " is larger than the padded input of length " + (xs[2] + 2 * padding) + " (input " + Shape.str(xs)
              + " with padding " + padding + ")");
    }
    Tensor y = convolve(x.reshape(xs[0], xs[1], 1, xs[2]), w.reshape(ws[0], ws[1], 1, ws[2]), b, win);
    return y.reshape(xs[0], ws[0], y.dim(3));
  }

  // ================================================================ pooling

  /**
   * 2-D max pooling with stride equal to the kernel and no padding.
   *
   * @param x the images {@code [N, C, H, W]}
   * @param kernel the window size for both axes
   * @return {@code [N, C, H', W']}
   */
  public static Tensor maxPool2d(Tensor x, int kernel) {
    Args.notNull(x, "maxPool2d", "x");
    return maxPool2d(x, pair(kernel), pair(kernel), pair(0));
  }

  /** {@link #maxPool2d(Tensor, int[], int[], int[])} with one value for both axes. */
  public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
    Args.notNull(x, "maxPool2d", "x");
    return maxPool2d(x, pair(kernel), pair(stride), pair(padding));
  }

  /**
   * 2-D max pooling: {@code r[n, c, y, x] = max_{i,j} x[n, c, y·sh − ph + i, x·sw − pw + j]}, the
   * padding counting as −∞. Where a window has several maxima the gradient is split evenly among
   * them (like {@link Tensor#max()}); a NaN in a window makes its maximum NaN.
   *
   * @param x the images {@code [N, C, H, W]}
   * @param kernel {@code {kh, kw}}
   * @param stride {@code {sh, sw}} (PyTorch's default is the kernel size)
   * @param padding {@code {ph, pw}}, at most half the kernel size
   * @return {@code [N, C, H', W']}
   */
  public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
    Args.notNull(x, "maxPool2d", "x");
    Window win = poolWindow("maxPool2d", x, kernel, stride, padding);
    int[] s = x.shape();
    Tensor cols = new Convolution.Unfold(win, Double.NEGATIVE_INFINITY).apply(x);
    return cols.reshape(s[0], s[1], win.taps(), -1).max(2)
        .reshape(s[0], s[1], win.outputHeight(s[2]), win.outputWidth(s[3]));
  }

  /**
   * 2-D average pooling with stride equal to the kernel and no padding.
   *
   * @param x the images {@code [N, C, H, W]}
   * @param kernel the window size for both axes
   * @return {@code [N, C, H', W']}
   */
  public static Tensor avgPool2d(Tensor x, int kernel) {
    Args.notNull(x, "avgPool2d", "x");
    return avgPool2d(x, pair(kernel), pair(kernel), pair(0));
  }

  /** {@link #avgPool2d(Tensor, int[], int[], int[])} with one value for both axes. */
  public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) {
    Args.notNull(x, "avgPool2d", "x");
    return avgPool2d(x, pair(kernel), pair(stride), pair(padding));
  }

  /**
   * 2-D average pooling: {@code r[n, c, y, x] = Σ_{i,j} x[n, c, y·sh − ph + i, x·sw − pw + j] / (kh·kw)},
   * the padding counting as zeros that are included in the count (PyTorch's default
   * {@code count_include_pad=True}).
   *
   * @param x the images {@code [N, C, H, W]}
   * @param kernel {@code {kh, kw}}
   * @param stride {@code {sh, sw}} (PyTorch's default is the kernel size)
   * @param padding {@code {ph, pw}}, at most half the kernel size
   * @return {@code [N, C, H', W']}
   */
  public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
    Args.notNull(x, "avgPool2d", "x");
    Window win = poolWindow("avgPool2d", x, kernel, stride, padding);
    int[] s = x.shape();
    Tensor cols = new Convolution.Unfold(win).apply(x);
    return cols.reshape(s[0], s[1], win.taps(), -1).mean(2)
        .reshape(s[0], s[1], win.outputHeight(s[2]), win.outputWidth(s[3]));
  }

  private static Window poolWindow(String op, Tensor x, int[] kernel, int[] stride, int[] padding) {
    Window win = window(op, kernel, stride, padding, pair(1));
    int[] s = rank4(op, "input", x, "[N, C, H, W]");
    if (2 * win.paddingH() > win.kernelH() || 2 * win.paddingW() > win.kernelW()) {
      throw new IllegalArgumentException(
          op + ": padding " + java.util.Arrays.toString(padding) + " must be at most half the kernel size "
              + java.util.Arrays.toString(kernel));
    }
    win.checkFits(op, s, s[2], s[3]);
    return win;
  }

  // ================================================================ checks

  private static int[] pair(int v) {
    return new int[] {v, v};
  }

  private static Window window(String op, int[] kernel, int[] stride, int[] padding, int[] dilation) {
    Args.notNull(kernel, op, "kernel");
    Args.notNull(stride, op, "stride");
    Args.notNull(padding, op, "padding");
    Args.notNull(dilation, op, "dilation");
    return Window.of(op, kernel, stride, padding, dilation);
  }

  private static int[] rank4(String op, String what, Tensor t, String layout) {
    return rank(op, what, t, layout, 4);
  }

  private static int[] rank3(String op, String what, Tensor t, String layout) {
    return rank(op, what, t, layout, 3);
  }

  private static int[] rank(String op, String what, Tensor t, String layout, int rank) {
    int[] s = t.shape();
    if (s.length != rank) {
      throw new IllegalArgumentException(
          op + ": " + what + " of shape " + Shape.str(s) + " has rank " + s.length + "; expected " + layout
              + " (rank " + rank + ")");
    }
    return s;
  }
}
