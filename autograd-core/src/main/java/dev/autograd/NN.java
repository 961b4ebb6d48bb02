package dev.autograd;

import dev.autograd.ops.Convolution;
import dev.autograd.ops.Convolution.Window;
import dev.autograd.ops.LinearAlgebra;
import dev.autograd.ops.NeuralNet;
import dev.autograd.ops.Precision;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Neural-network functions on tensors, like PyTorch's {@code torch.nn.functional}: convolution,
 * pooling, normalisation, dropout, embedding and losses. Every function is built from the
 * primitives in {@code dev.autograd.ops} (convolution is {@link Convolution.Unfold im2col} followed
 * by a batched matrix product, one GEMM per image), so every gradient is checked and differentiable again.
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

  /**
   * {@link #unfold(Tensor, int[], int[], int[], int[])} with one value for both axes of each argument.
   *
   * @param x the images {@code [N, C, H, W]}
   * @param kernel the window size {@code kh = kw}
   * @param stride the step between windows, the same along both axes
   * @param padding zeros added on each side, the same along both axes
   * @param dilation the spacing of the kernel's taps, the same along both axes
   * @return the columns {@code [N, C·kernel², L]}, a new tensor
   */
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
          "fold: outputSize needs 2 values (height, width); got " + Arrays.toString(outputSize));
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

  /**
   * {@link #conv2d(Tensor, Tensor, Tensor, int[], int[], int[])} without bias.
   *
   * @param x the images {@code [N, C, H, W]}
   * @param w the kernels {@code [O, C, kh, kw]}
   * @param stride {@code {sh, sw}}
   * @param padding {@code {ph, pw}}, zeros added on each side
   * @param dilation {@code {dh, dw}}
   * @return {@code [N, O, H', W']}
   */
  public static Tensor conv2d(Tensor x, Tensor w, int[] stride, int[] padding, int[] dilation) {
    Args.notNull(x, "conv2d", "x");
    Args.notNull(w, "conv2d", "w");
    return conv2d("conv2d", x, w, null, stride, padding, dilation);
  }

  /**
   * {@link #conv2d(Tensor, Tensor, Tensor, int[], int[], int[])} with one value for both axes.
   *
   * @param x the images {@code [N, C, H, W]}
   * @param w the kernels {@code [O, C, kh, kw]}
   * @param b the bias {@code [O]}
   * @param stride the step between windows, the same along both axes
   * @param padding zeros added on each side, the same along both axes
   * @param dilation the spacing of the kernel's taps, the same along both axes
   * @return {@code [N, O, H', W']}
   */
  public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int stride, int padding, int dilation) {
    Args.notNull(x, "conv2d", "x");
    Args.notNull(w, "conv2d", "w");
    Args.notNull(b, "conv2d", "b");
    return conv2d("conv2d", x, w, b, pair(stride), pair(padding), pair(dilation));
  }

  /**
   * {@link #conv2d(Tensor, Tensor, int[], int[], int[])} with one value for both axes.
   *
   * @param x the images {@code [N, C, H, W]}
   * @param w the kernels {@code [O, C, kh, kw]}
   * @param stride the step between windows, the same along both axes
   * @param padding zeros added on each side, the same along both axes
   * @param dilation the spacing of the kernel's taps, the same along both axes
   * @return {@code [N, O, H', W']}
   */
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

  /**
   * The convolution of checked operands: unfold, then one matrix product per image
   * ({@code [O, CK]·[CK, L]}, as a batched matmul over the unfolded batch, so no axis is moved), plus
   * the bias.
   */
  private static Tensor convolve(Tensor x, Tensor w, Tensor b, Window win) {
    int n = x.dim(0);
    int o = w.dim(0);
    int oh = win.outputHeight(x.dim(2));
    int ow = win.outputWidth(x.dim(3));
    Tensor cols = new Convolution.Unfold(win).apply(x);                   // [N, CK, L]
    if (b == null) {
      return w.reshape(o, cols.dim(1)).matmul(cols).reshape(n, o, oh, ow);   // [N, O, L]
    }
    // The bias is added by the product itself (no pass of its own); the kernels are stretched over
    // the batch as matmul would stretch them.
    Tensor kernels = w.reshape(1, o, cols.dim(1)).expand(n, o, cols.dim(1));
    return new LinearAlgebra.BatchedMatMul(false, false).apply(kernels, cols, b.reshape(o, 1))
        .reshape(n, o, oh, ow);
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

  /**
   * {@link #conv1d(Tensor, Tensor, Tensor, int, int, int)} without bias.
   *
   * @param x the sequences {@code [N, C, L]}
   * @param w the kernels {@code [O, C, k]}
   * @param stride the step between windows
   * @param padding zeros added at each end
   * @param dilation the spacing of the kernel's taps
   * @return {@code [N, O, L']}
   */
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

  /**
   * {@link #maxPool2d(Tensor, int[], int[], int[])} with one value for both axes.
   *
   * @param x the images {@code [N, C, H, W]}
   * @param kernel the window size {@code kh = kw}
   * @param stride the step between windows, the same along both axes
   * @param padding added on each side, the same along both axes; at most half the kernel size
   * @return {@code [N, C, H', W']}
   */
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

  /**
   * {@link #avgPool2d(Tensor, int[], int[], int[])} with one value for both axes.
   *
   * @param x the images {@code [N, C, H, W]}
   * @param kernel the window size {@code kh = kw}
   * @param stride the step between windows, the same along both axes
   * @param padding zeros added on each side, the same along both axes; at most half the kernel size
   * @return {@code [N, C, H', W']}
   */
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
          op + ": padding " + Arrays.toString(padding) + " must be at most half the kernel size "
              + Arrays.toString(kernel));
    }
    win.checkFits(op, s, s[2], s[3]);
    return win;
  }

  // ================================================================ normalisation

  /**
   * Layer normalisation without an affine part: over the trailing axes given by
   * {@code normalizedShape}, {@code r = (x − mean) / √(var + eps)} with the biased variance.
   *
   * @param x the input, whose trailing dimensions are {@code normalizedShape}
   * @param normalizedShape the shape of the normalised trailing axes
   * @param eps added to the variance (PyTorch's default is 1e-5)
   * @return the normalised tensor, of x's shape
   */
  public static Tensor layerNorm(Tensor x, int[] normalizedShape, double eps) {
    Args.notNull(x, "layerNorm", "x");
    Args.notNull(normalizedShape, "layerNorm", "normalizedShape");
    return layerNormChecked(x, normalizedShape, null, null, eps);
  }

  /**
   * Layer normalisation (PyTorch's {@code F.layer_norm}): {@code r = (x − mean) / √(var + eps)·weight +
   * bias}, with the mean and biased variance over the trailing axes {@code normalizedShape}.
   *
   * @param x the input, whose trailing dimensions are {@code normalizedShape}
   * @param normalizedShape the shape of the normalised trailing axes
   * @param weight the scale, of shape {@code normalizedShape}
   * @param bias the shift, of shape {@code normalizedShape}
   * @param eps added to the variance (PyTorch's default is 1e-5)
   * @return the normalised tensor, of x's shape
   */
  public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
    Args.notNull(x, "layerNorm", "x");
    Args.notNull(normalizedShape, "layerNorm", "normalizedShape");
    Args.notNull(weight, "layerNorm", "weight");
    Args.notNull(bias, "layerNorm", "bias");
    return layerNormChecked(x, normalizedShape, weight, bias, eps);
  }

  private static Tensor layerNormChecked(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
    int[] s = x.shape();
    int k = normalizedShape.length;
    boolean ok = k >= 1 && k <= s.length;
    for (int i = 0; ok && i < k; i++) {
      ok = s[s.length - k + i] == normalizedShape[i];
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "layerNorm: normalizedShape " + Shape.str(normalizedShape) + " must be the trailing dimensions of the input "
              + Shape.str(s));
    }
    checkEps("layerNorm", eps);
    for (Tensor t : new Tensor[] {weight, bias}) {
      if (t != null && !Arrays.equals(t.shape(), normalizedShape)) {
        throw new IllegalArgumentException(
            "layerNorm: " + (t == weight ? "weight" : "bias") + " of shape " + Shape.str(t.shape())
                + " must have the normalized shape " + Shape.str(normalizedShape));
      }
    }
    int[] axes = new int[k];
    for (int i = 0; i < k; i++) {
      axes[i] = s.length - k + i;
    }
    Tensor y = standardise(x, axes, eps);
    return weight == null ? y : y.mul(weight).add(bias);
  }

  /** {@code (x − mean) / √(var + eps)} over the axes, with the biased variance of the centred values (stable). */
  private static Tensor standardise(Tensor x, int[] axes, double eps) {
    Tensor centred = x.sub(x.mean(axes, true));
    Tensor var = centred.square().mean(axes, true);
    return centred.div(var.add(eps).sqrt());
  }

  private static void checkEps(String op, double eps) {
    if (!(eps > 0) || Double.isInfinite(eps)) {
      throw new IllegalArgumentException(op + ": eps must be positive and finite; got " + eps);
    }
  }

  /**
   * Batch normalisation without an affine part; see
   * {@link #batchNorm(Tensor, Tensor, Tensor, Tensor, Tensor, boolean, double, double)}.
   *
   * @param x the input {@code [N, C, ...]}
   * @param runningMean the running means {@code [C]}, updated in place when training
   * @param runningVar the running variances {@code [C]}, updated in place when training
   * @param training whether to normalise with the batch statistics (and update the running ones)
   * @param momentum the weight of the batch statistics in the running ones (PyTorch's default is 0.1)
   * @param eps added to the variance (PyTorch's default is 1e-5)
   * @return the normalised tensor, of x's shape
   */
  public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, boolean training, double momentum,
      double eps) {
    Args.notNull(x, "batchNorm", "x");
    Args.notNull(runningMean, "batchNorm", "runningMean");
    Args.notNull(runningVar, "batchNorm", "runningVar");
    return batchNormChecked(x, runningMean, runningVar, null, null, training, momentum, eps);
  }

  /**
   * Batch normalisation (PyTorch's {@code F.batch_norm}) over every axis but axis 1 (the channels):
   * {@code r = (x − μ) / √(σ² + eps)·weight + bias}, broadcast per channel. When training, μ and σ² are
   * the batch's mean and biased variance, and the running statistics are updated in place, outside
   * the graph: {@code running = (1 − momentum)·running + momentum·batch}, with the unbiased variance
   * for {@code runningVar}. Otherwise μ and σ² are the running statistics.
   *
   * @param x the input {@code [N, C, ...]}
   * @param runningMean the running means {@code [C]}, updated in place when training
   * @param runningVar the running variances {@code [C]}, updated in place when training
   * @param weight the scale {@code [C]}
   * @param bias the shift {@code [C]}
   * @param training whether to normalise with the batch statistics (and update the running ones)
   * @param momentum the weight of the batch statistics in the running ones (PyTorch's default is 0.1)
   * @param eps added to the variance (PyTorch's default is 1e-5)
   * @return the normalised tensor, of x's shape
   */
  public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
      boolean training, double momentum, double eps) {
    Args.notNull(x, "batchNorm", "x");
    Args.notNull(runningMean, "batchNorm", "runningMean");
    Args.notNull(runningVar, "batchNorm", "runningVar");
    Args.notNull(weight, "batchNorm", "weight");
    Args.notNull(bias, "batchNorm", "bias");
    return batchNormChecked(x, runningMean, runningVar, weight, bias, training, momentum, eps);
  }

  private static Tensor batchNormChecked(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
      boolean training, double momentum, double eps) {
    int[] s = x.shape();
    if (s.length < 2) {
      throw new IllegalArgumentException(
          "batchNorm: input of shape " + Shape.str(s) + " has rank " + s.length + "; expected [N, C, ...] (rank >= 2)");
    }
    int c = s[1];
    String[] names = {"runningMean", "runningVar", "weight", "bias"};
    Tensor[] perChannel = {runningMean, runningVar, weight, bias};
    for (int i = 0; i < perChannel.length; i++) {
      Tensor t = perChannel[i];
      if (t != null && !(t.rank() == 1 && t.dim(0) == c)) {
        throw new IllegalArgumentException(
            "batchNorm: " + names[i] + " of shape " + Shape.str(t.shape()) + " does not fit the input " + Shape.str(s)
                + "; expected [" + c + "]");
      }
    }
    checkEps("batchNorm", eps);
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException("batchNorm: momentum must be in [0, 1]; got " + momentum);
    }
    int[] axes = new int[s.length - 1];
    axes[0] = 0;
    for (int i = 2; i < s.length; i++) {
      axes[i - 1] = i;
    }
    int[] channelShape = new int[s.length];
    Arrays.fill(channelShape, 1);
    channelShape[1] = c;
    Tensor y;
    if (training) {
      int count = x.size() / c;
      if (count < 2) {
        throw new IllegalArgumentException(
            "batchNorm: expected more than 1 value per channel when training; got input of shape " + Shape.str(s));
      }
      Tensor mean = x.mean(axes, true);
      Tensor centred = x.sub(mean);
      Tensor var = centred.square().mean(axes, true);
      y = centred.div(var.add(eps).sqrt());
      // The running statistics, outside the graph: PyTorch's update with the unbiased variance.
      double[] m = Precision.values(mean);
      double[] v = Precision.values(var);
      double unbias = count / (count - 1.0);
      if (runningMean.dtype() == DType.FLOAT32) {
        float[] rm = runningMean.floatStorage();
        float[] rv = runningVar.floatStorage();
        for (int i = 0; i < c; i++) {
          rm[i] = (float) ((1 - momentum) * rm[i] + momentum * m[i]);
          rv[i] = (float) ((1 - momentum) * rv[i] + momentum * v[i] * unbias);
        }
      } else {
        double[] rm = runningMean.storage();
        double[] rv = runningVar.storage();
        for (int i = 0; i < c; i++) {
          rm[i] = (1 - momentum) * rm[i] + momentum * m[i];
          rv[i] = (1 - momentum) * rv[i] + momentum * v[i] * unbias;
        }
      }
    } else {
      Tensor mean = runningMean.detach().reshape(channelShape);
      Tensor var = runningVar.detach().reshape(channelShape);
      y = x.sub(mean).div(var.add(eps).sqrt());
    }
    return weight == null ? y : y.mul(weight.reshape(channelShape)).add(bias.reshape(channelShape));
  }

  // ================================================================ dropout

  /**
   * Dropout (PyTorch's {@code F.dropout}): when training, each element is zeroed with probability
   * {@code p} and the others are scaled by {@code 1/(1 − p)}, with a mask drawn from a generator
   * seeded with {@code seed} (the same seed draws the same mask); the mask is saved on the node for
   * the gradient. Outside training, or for p = 0, x itself is returned; for p = 1 the result is zeros.
   *
   * @param x the input
   * @param p the probability of zeroing an element, in [0, 1]
   * @param training whether to drop (false: identity)
   * @param seed the seed of the mask
   * @return x with dropped elements
   */
  public static Tensor dropout(Tensor x, double p, boolean training, long seed) {
    Args.notNull(x, "dropout", "x");
    NeuralNet.Dropout op = new NeuralNet.Dropout(p, seed);
    return !training || p == 0 ? x : op.apply(x);
  }

  /**
   * {@link #dropout(Tensor, double, boolean, long)} with the mask's seed drawn from {@code rng}
   * (when training and 0 &lt; p).
   *
   * @param x the input
   * @param p the probability of zeroing an element, in [0, 1]
   * @param training whether to drop (false: identity)
   * @param rng the generator the seed is drawn from
   * @return x with dropped elements
   */
  public static Tensor dropout(Tensor x, double p, boolean training, RandomGenerator rng) {
    Args.notNull(x, "dropout", "x");
    Args.notNull(rng, "dropout", "rng");
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("dropout: p must be in [0, 1]; got " + p);
    }
    return !training || p == 0 ? x : new NeuralNet.Dropout(p, rng.nextLong()).apply(x);
  }

  // ================================================================ embedding

  /**
   * Rows of an embedding table (PyTorch's {@code F.embedding}): {@code r[i..., :] = weight[indices[i...], :]};
   * the gradient of each row is the sum over the places it was looked up.
   *
   * @param indices row numbers, row-major in {@code shape}
   * @param shape the shape of the index array (its element count is {@code indices.length})
   * @param weight the table {@code [V, D]}
   * @return {@code [shape..., D]}
   */
  public static Tensor embedding(int[] indices, int[] shape, Tensor weight) {
    Args.notNull(indices, "embedding", "indices");
    Args.notNull(shape, "embedding", "shape");
    Args.notNull(weight, "embedding", "weight");
    Shape.check("embedding", shape);
    if (Shape.size(shape) != indices.length) {
      throw new IllegalArgumentException(
          "embedding: " + indices.length + " indices do not fill the shape " + Shape.str(shape) + " ("
              + Shape.size(shape) + " elements)");
    }
    if (weight.rank() != 2) {
      throw new IllegalArgumentException(
          "embedding: weight of shape " + Shape.str(weight.shape()) + " has rank " + weight.rank()
              + "; expected [V, D] (rank 2)");
    }
    int v = weight.dim(0);
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= v) {
        throw new IndexOutOfBoundsException(
            "embedding: index " + indices[i] + " at position " + i + " is out of range for a weight of " + v
                + " rows (expected 0 .. " + (v - 1) + ")");
      }
    }
    int[] out = Arrays.copyOf(shape, shape.length + 1);
    out[shape.length] = weight.dim(1);
    return weight.indexSelect(0, indices).reshape(out);
  }

  /**
   * {@link #embedding(int[], int[], Tensor)} for a vector of indices: {@code [indices.length, D]}.
   *
   * @param indices row numbers
   * @param weight the table {@code [V, D]}
   * @return {@code [indices.length, D]}
   */
  public static Tensor embedding(int[] indices, Tensor weight) {
    Args.notNull(indices, "embedding", "indices");
    Args.notNull(weight, "embedding", "weight");
    return embedding(indices, new int[] {indices.length}, weight);
  }

  // ================================================================ losses

  /**
   * Binary cross-entropy from logits (PyTorch's {@code F.binary_cross_entropy_with_logits}, mean
   * reduction): the mean of {@code softplus(z) − y·z = −[y log σ(z) + (1 − y) log(1 − σ(z))]} over
   * all elements, finite at any logit. One primitive ({@link NeuralNet.BinaryCrossEntropyWithLogits})
   * whose rule {@code dz = (σ(z) − y)/n} is one pass too: no intermediate array in either direction.
   *
   * @param logits the logits z
   * @param targets the targets y (probabilities or labels 0 and 1), of the logits' shape
   * @return a scalar
   */
  public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets) {
    Args.notNull(logits, "binaryCrossEntropyWithLogits", "logits");
    Args.notNull(targets, "binaryCrossEntropyWithLogits", "targets");
    return NeuralNet.BCE_WITH_LOGITS.apply(logits, targets);
  }

  /**
   * Huber loss (PyTorch's {@code F.huber_loss}, mean reduction): the mean of
   * {@code ½d²} where {@code |d| < delta} and {@code delta·(|d| − ½delta)} elsewhere, {@code d = input − target}.
   *
   * @param input the predictions
   * @param target the targets, of input's shape
   * @param delta where the loss turns from quadratic to linear, positive
   * @return a scalar
   */
  public static Tensor huberLoss(Tensor input, Tensor target, double delta) {
    Args.notNull(input, "huberLoss", "input");
    Args.notNull(target, "huberLoss", "target");
    sameShape("huberLoss", input, target);
    if (!(delta > 0)) {
      throw new IllegalArgumentException("huberLoss: delta must be positive; got " + delta);
    }
    Tensor d = input.sub(target);
    Tensor a = d.abs();
    return Tensor.where(a.lt(delta), d.square().mul(0.5), a.sub(0.5 * delta).mul(delta)).mean();
  }

  /**
   * Smooth L1 loss (PyTorch's {@code F.smooth_l1_loss}, mean reduction): the mean of {@code ½d²/beta}
   * where {@code |d| < beta} and {@code |d| − ½beta} elsewhere; the L1 loss for beta = 0.
   *
   * @param input the predictions
   * @param target the targets, of input's shape
   * @param beta where the loss turns from quadratic to linear, non-negative
   * @return a scalar
   */
  public static Tensor smoothL1Loss(Tensor input, Tensor target, double beta) {
    Args.notNull(input, "smoothL1Loss", "input");
    Args.notNull(target, "smoothL1Loss", "target");
    sameShape("smoothL1Loss", input, target);
    if (!(beta >= 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("smoothL1Loss: beta must be non-negative and finite; got " + beta);
    }
    Tensor d = input.sub(target);
    Tensor a = d.abs();
    if (beta == 0) {
      return a.mean();
    }
    return Tensor.where(a.lt(beta), d.square().mul(0.5 / beta), a.sub(0.5 * beta)).mean();
  }

  /**
   * Negative log-likelihood (PyTorch's {@code F.nll_loss}, mean reduction):
   * {@code −mean_i logProbs[i, targets[i]]}; with {@code logSoftmax(1)} of logits, the cross-entropy.
   *
   * @param logProbs log-probabilities {@code [N, C]}
   * @param targets one class index per row, in {@code 0 .. C−1}
   * @return a scalar
   */
  public static Tensor nllLoss(Tensor logProbs, int[] targets) {
    Args.notNull(logProbs, "nllLoss", "logProbs");
    Args.notNull(targets, "nllLoss", "targets");
    int[] s = logProbs.shape();
    if (s.length != 2 || s[0] != targets.length) {
      throw new IllegalArgumentException(
          "nllLoss: expects log-probabilities [N, C] with one target per row; got shape " + Shape.str(s) + " and "
              + targets.length + " targets");
    }
    for (int i = 0; i < targets.length; i++) {
      if (targets[i] < 0 || targets[i] >= s[1]) {
        throw new IndexOutOfBoundsException(
            "nllLoss: target " + targets[i] + " at position " + i + " is out of range for " + s[1]
                + " classes (expected 0 .. " + (s[1] - 1) + ")");
      }
    }
    return logProbs.pick(targets).mean().neg();
  }

  private static void sameShape(String op, Tensor input, Tensor target) {
    if (!input.sameShape(target)) {
      throw new IllegalArgumentException(
          op + ": input of shape " + Shape.str(input.shape()) + " and target of shape " + Shape.str(target.shape())
              + " must have the same shape");
    }
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
