package dev.autograd.ops;

import dev.autograd.Args;
import dev.autograd.DType;
import dev.autograd.Node;
import dev.autograd.Shape;
import dev.autograd.Tensor;
import dev.autograd.internal.Im2col;
import java.util.Arrays;

/**
 * Sliding windows over NCHW images: {@link Unfold} (im2col) and its adjoint {@link Fold} (col2im),
 * each the other's derivative rule, so that convolution and pooling written with them can be
 * differentiated to any order.
 */
public final class Convolution {
  private Convolution() {}

  /**
   * The geometry of a 2-D sliding window: kernel size, stride, zero padding on each side and
   * dilation, each for height and width. Immutable.
   *
   * @param kernelH kernel height, at least 1
   * @param kernelW kernel width, at least 1
   * @param strideH vertical stride, at least 1
   * @param strideW horizontal stride, at least 1
   * @param paddingH rows added above and below, at least 0
   * @param paddingW columns added left and right, at least 0
   * @param dilationH vertical spacing of the kernel's taps, at least 1
   * @param dilationW horizontal spacing of the kernel's taps, at least 1
   */
  public record Window(int kernelH, int kernelW, int strideH, int strideW, int paddingH, int paddingW,
      int dilationH, int dilationW) {

    /**
     * Checks the geometry.
     *
     * @param kernelH kernel height, at least 1
     * @param kernelW kernel width, at least 1
     * @param strideH vertical stride, at least 1
     * @param strideW horizontal stride, at least 1
     * @param paddingH rows added above and below, at least 0
     * @param paddingW columns added left and right, at least 0
     * @param dilationH vertical spacing of the kernel's taps, at least 1
     * @param dilationW horizontal spacing of the kernel's taps, at least 1
     * @throws IllegalArgumentException when a kernel size, stride or dilation is below 1 or a padding is negative
     */
    public Window {
      check("window", kernelH, kernelW, strideH, strideW, paddingH, paddingW, dilationH, dilationW);
    }

    /**
     * A window from PyTorch-style pairs {@code {height, width}}, with errors that name {@code op}.
     *
     * @param op the operation, for error messages
     * @param kernel {@code {kh, kw}}
     * @param stride {@code {sh, sw}}
     * @param padding {@code {ph, pw}}
     * @param dilation {@code {dh, dw}}
     * @return the window
     * @throws IllegalArgumentException when a pair does not hold two values, or a value is out of range
     */
    public static Window of(String op, int[] kernel, int[] stride, int[] padding, int[] dilation) {
      Args.notNull(op, "of", "op");
      Args.notNull(kernel, "of", "kernel");
      Args.notNull(stride, "of", "stride");
      Args.notNull(padding, "of", "padding");
      Args.notNull(dilation, "of", "dilation");
      pair(op, "kernel size", kernel);
      pair(op, "stride", stride);
      pair(op, "padding", padding);
      pair(op, "dilation", dilation);
      check(op, kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1]);
      return new Window(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1]);
    }

    private static void pair(String op, String what, int[] values) {
      if (values.length != 2) {
        throw new IllegalArgumentException(
            op + ": " + what + " needs 2 values (height, width); got " + Arrays.toString(values));
      }
    }

    private static void check(String op, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw) {
      if (kh < 1 || kw < 1) {
        throw new IllegalArgumentException(op + ": kernel size must be positive; got [" + kh + ", " + kw + "]");
      }
      if (sh < 1 || sw < 1) {
        throw new IllegalArgumentException(op + ": stride must be positive; got [" + sh + ", " + sw + "]");
      }
      if (ph < 0 || pw < 0) {
        throw new IllegalArgumentException(op + ": padding must be non-negative; got [" + ph + ", " + pw + "]");
      }
      if (dh < 1 || dw < 1) {
        throw new IllegalArgumentException(op + ": dilation must be positive; got [" + dh + ", " + dw + "]");
      }
    }

    /**
     * Number of taps, {@code kh·kw}.
     *
     * @return {@code kernelH · kernelW}, at least 1
     */
    public int taps() {
      return kernelH * kernelW;
    }

    /**
     * Number of window positions along the height of an image {@code h} rows high (below 1: none fits).
     *
     * @param h the image height in rows, before padding
     * @return the output height {@code ⌊(h + 2·paddingH − dilationH·(kernelH − 1) − 1) / strideH⌋ + 1}
     */
    public int outputHeight(int h) {
      return Im2col.outputSize(h, kernelH, strideH, paddingH, dilationH);
    }

    /**
     * Number of window positions along the width of an image {@code w} columns wide (below 1: none fits).
     *
     * @param w the image width in columns, before padding
     * @return the output width {@code ⌊(w + 2·paddingW − dilationW·(kernelW − 1) − 1) / strideW⌋ + 1}
     */
    public int outputWidth(int w) {
      return Im2col.outputSize(w, kernelW, strideW, paddingW, dilationW);
    }

    /**
     * Fails unless the (dilated) kernel fits in an image of this height and width once padded.
     *
     * @param op the operation, for the message
     * @param input the input's shape, for the message
     * @param h the image height
     * @param w the image width
     * @throws IllegalArgumentException when it does not fit
     */
    public void checkFits(String op, int[] input, int h, int w) {
      Args.notNull(op, "checkFits", "op");
      Args.notNull(input, "checkFits", "input");
      if (outputHeight(h) < 1 || outputWidth(w) < 1) {
        int eh = dilationH * (kernelH - 1) + 1;
        int ew = dilationW * (kernelW - 1) + 1;
        throw new IllegalArgumentException(
            op + ": the kernel " + kernelH + "x" + kernelW + (eh != kernelH || ew != kernelW
                ? " (dilated to " + eh + "x" + ew + ")" : "")
                + " is larger than the padded input " + (h + 2 * paddingH) + "x" + (w + 2 * paddingW)
                + " (input " + Shape.str(input) + " with padding " + paddingH + "x" + paddingW + ")");
      }
    }

    @Override
    public String toString() {
      return "kernel " + kernelH + "x" + kernelW + ", stride " + strideH + "x" + strideW + ", padding " + paddingH
          + "x" + paddingW + ", dilation " + dilationH + "x" + dilationW;
    }
  }

  /**
   * {@code r[n, (c·kh + i)·kw + j, y·ow + x] = x[n, c, y·sh − ph + i·dh, x·sw − pw + j·dw]} (im2col:
   * every window of an image {@code [N, C, H, W]} as a column of {@code [N, C·kh·kw, L]}, with
   * {@code padValue} outside the image; PyTorch's {@code F.unfold} for 0);
   * {@code dx = fold(g)}: each column element added back where it came from.
   */
  public static final class Unfold extends BuiltIn {
    private final Window window;
    private final double padValue;

    /**
     * Im2col with zero padding.
     *
     * @param window the window's geometry
     */
    public Unfold(Window window) {
      this(window, 0.0);
    }

    /**
     * Im2col with a given value outside the image (−∞ for max pooling).
     *
     * @param window the window's geometry
     * @param padValue the value of padded positions
     */
    public Unfold(Window window, double padValue) {
      this.window = Args.notNull(window, "Unfold", "window");
      this.padValue = padValue;
    }

    @Override public String name() { return "unfold"; }
    @Override public String toString() {
      return "unfold(" + window + (padValue == 0 ? "" : ", pad value " + padValue) + ")";
    }

    @Override protected Tensor forward(Tensor... in) {
      int[] s = in[0].shape();
      if (s.length != 4) {
        throw new IllegalArgumentException(
            "unfold: input of shape " + Shape.str(s) + " has rank " + s.length + "; expected [N, C, H, W] (rank 4)");
      }
      window.checkFits("unfold", s, s[2], s[3]);
      int oh = window.outputHeight(s[2]);
      int ow = window.outputWidth(s[3]);
      int rows = s[1] * window.taps();
      if (in[0].dtype() == DType.FLOAT32) {
        float[] out = new float[s[0] * rows * oh * ow];
        Im2col.unfold(in[0].floatStorage(), s[0], s[1], s[2], s[3], window.kernelH(), window.kernelW(),
            window.strideH(), window.strideW(), window.paddingH(), window.paddingW(), window.dilationH(),
            window.dilationW(), oh, ow, (float) padValue, out);
        return Tensor.wrap(out, s[0], rows, oh * ow);
      }
      double[] out = new double[s[0] * rows * oh * ow];
      Im2col.unfold(in[0].storage(), s[0], s[1], s[2], s[3], window.kernelH(), window.kernelW(), window.strideH(),
          window.strideW(), window.paddingH(), window.paddingW(), window.dilationH(), window.dilationW(), oh, ow,
          padValue, out);
      return Tensor.wrap(out, s[0], rows, oh * ow);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor x = node.input(0);
      return new Tensor[] {new Fold(window, x.dim(2), x.dim(3)).apply(g)};
    }
  }

  /**
   * {@code r[n, c, y·sh − ph + i·dh, x·sw − pw + j·dw] += x[n, (c·kh + i)·kw + j, y·ow + x]}
   * (col2im: columns {@code [N, C·kh·kw, L]} summed into an image {@code [N, C, H, W]}, positions
   * outside it dropped; PyTorch's {@code F.fold});  {@code dx = unfold(g)}.
   */
  public static final class Fold extends BuiltIn {
    private final Window window;
    private final int height;
    private final int width;

    /**
     * Col2im into an image of the given size.
     *
     * @param window the window's geometry
     * @param height the image height H
     * @param width the image width W
     */
    public Fold(Window window, int height, int width) {
      this.window = Args.notNull(window, "Fold", "window");
      if (height < 1 || width < 1) {
        throw new IllegalArgumentException("fold: output size must be positive; got [" + height + ", " + width + "]");
      }
      this.height = height;
      this.width = width;
    }

    @Override public String name() { return "fold"; }
    @Override public String toString() { return "fold(" + height + "x" + width + ", " + window + ")"; }

    @Override protected Tensor forward(Tensor... in) {
      int[] s = in[0].shape();
      if (s.length != 3) {
        throw new IllegalArgumentException(
            "fold: input of shape " + Shape.str(s) + " has rank " + s.length + "; expected [N, C·kh·kw, L] (rank 3)");
      }
      int[] image = {s[0], s[1] / window.taps(), height, width};
      window.checkFits("fold", image, height, width);
      int oh = window.outputHeight(height);
      int ow = window.outputWidth(width);
      if (s[1] % window.taps() != 0 || s[2] != oh * ow) {
        throw new IllegalArgumentException(
            "fold: input of shape " + Shape.str(s) + " does not hold the windows of a " + height + "x" + width
                + " image: expected [N, C·" + window.taps() + ", " + (oh * ow) + "] for " + window);
      }
      int c = s[1] / window.taps();
      if (in[0].dtype() == DType.FLOAT32) {
        float[] out = new float[s[0] * c * height * width];
        Im2col.fold(in[0].floatStorage(), s[0], c, height, width, window.kernelH(), window.kernelW(), window.strideH(),
            window.strideW(), window.paddingH(), window.paddingW(), window.dilationH(), window.dilationW(), oh, ow, out);
        return Tensor.wrap(out, s[0], c, height, width);
      }
      double[] out = new double[s[0] * c * height * width];
      Im2col.fold(in[0].storage(), s[0], c, height, width, window.kernelH(), window.kernelW(), window.strideH(),
          window.strideW(), window.paddingH(), window.paddingW(), window.dilationH(), window.dilationW(), oh, ow, out);
      return Tensor.wrap(out, s[0], c, height, width);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {new Unfold(window).apply(g)};
    }
  }
}
