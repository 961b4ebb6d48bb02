package dev.autograd.internal;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Elementwise and reduction kernels over contiguous row-major {@code double[]} arrays, each
 * returning a new array. Shapes are plain {@code int[]}; they are checked by the callers (the
 * primitives), so a kernel trusts what it is given. Not part of the public API, and dependent on
 * nothing else in the project.
 *
 * <p>The loops are kept small so that the JIT inlines them into each primitive, where the lambda is
 * a constant and is inlined in turn.
 */
public final class Loops {
  private Loops() {}

  /** {@code out[i] = f(x[i])}. */
  public static double[] map(double[] x, DoubleUnaryOperator f) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = f.applyAsDouble(x[i]);
    }
    return out;
  }

  /** {@code out[i] = f(x[i], y[i])} for arrays of one shape. */
  public static double[] zipSame(double[] x, double[] y, DoubleBinaryOperator f) {
    double[] out = new double[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.applyAsDouble(x[i], y[i]);
    }
    return out;
  }

  /**
   * {@code out = f(x, y)} with NumPy broadcasting of {@code x} (shape {@code xs}) and {@code y}
   * (shape {@code ys}) to {@code shape}, their broadcast. This method only dispatches; each case is
   * a small method of its own, so that the JIT inlines the case into the calling primitive and, with
   * it, the primitive's constant lambda (a loop calling a shared lambda would not be inlined).
   */
  public static double[] zip(double[] x, int[] xs, double[] y, int[] ys, int[] shape, DoubleBinaryOperator f) {
    int n = size(shape);
    if (x.length == n && y.length == n) {
      return zipSame(x, y, f);
    }
    if (y.length == 1 && x.length == n) {
      return scalarRight(x, y[0], f);
    }
    if (x.length == 1 && y.length == n) {
      return scalarLeft(x[0], y, f);
    }
    if (x.length == n && isSuffix(ys, xs)) {
      return rowsRight(x, y, f);
    }
    if (y.length == n && isSuffix(xs, ys)) {
      return rowsLeft(x, y, f);
    }
    return zipBroadcast(x, xs, y, ys, shape, f);
  }

  private static double[] scalarRight(double[] x, double s, DoubleBinaryOperator f) {
    double[] out = new double[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.applyAsDouble(x[i], s);
    }
    return out;
  }

  private static double[] scalarLeft(double s, double[] y, DoubleBinaryOperator f) {
    double[] out = new double[y.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.applyAsDouble(s, y[i]);
    }
    return out;
  }

  /** {@code out = f(big, small repeated along the leading axes)}. */
  private static double[] rowsRight(double[] big, double[] small, DoubleBinaryOperator f) {
    double[] out = new double[big.length];
    int m = small.length;
    for (int o = 0; o < big.length; o += m) {
      for (int j = 0; j < m; j++) {
        out[o + j] = f.applyAsDouble(big[o + j], small[j]);
      }
    }
    return out;
  }

  /** {@code out = f(small repeated along the leading axes, big)}. */
  private static double[] rowsLeft(double[] small, double[] big, DoubleBinaryOperator f) {
    double[] out = new double[big.length];
    int m = small.length;
    for (int o = 0; o < big.length; o += m) {
      for (int j = 0; j < m; j++) {
        out[o + j] = f.applyAsDouble(small[j], big[o + j]);
      }
    }
    return out;
  }

  /** True when {@code small} equals the trailing dimensions of {@code big} (a row broadcast). */
  private static boolean isSuffix(int[] small, int[] big) {
    int off = big.length - small.length;
    if (off < 0) {
      return false;
    }
    for (int i = 0; i < small.length; i++) {
      if (small[i] != big[i + off]) {
        return false;
      }
    }
    return true;
  }

  private static double[] zipBroadcast(
      double[] x, int[] xs, double[] y, int[] ys, int[] shape, DoubleBinaryOperator f) {
    int n = size(shape);
    double[] out = new double[n];
    int[] sa = broadcastStrides(xs, shape);
    int[] sb = broadcastStrides(ys, shape);
    int rank = shape.length;
    int inner = shape[rank - 1];
    int ia = sa[rank - 1];
    int ib = sb[rank - 1];
    int[] idx = new int[rank];
    int offA = 0;
    int offB = 0;
    for (int o = 0; o < n; o += inner) {
      int pa = offA;
      int pb = offB;
      for (int j = 0; j < inner; j++) {
        out[o + j] = f.applyAsDouble(x[pa], y[pb]);
        pa += ia;
        pb += ib;
      }
      for (int d = rank - 2; d >= 0; d--) {
        idx[d]++;
        offA += sa[d];
        offB += sb[d];
        if (idx[d] < shape[d]) {
          break;
        }
        offA -= sa[d] * shape[d];
        offB -= sb[d] * shape[d];
        idx[d] = 0;
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- dedicated loops for hot ops
  // A loop that calls a lambda is fast only where the JIT inlines it together with the lambda, which
  // it decides differently from run to run. The ops that dominate training get loops of their own,
  // split over threads when long (see Parallel; short ones call their range loop directly).

  /** Same-shape {@code x + y}. */
  public static double[] add(double[] x, double[] y) {
    double[] out = new double[x.length];
    if (Parallel.splits(out.length)) {
      Parallel.forRange(out.length, (lo, hi) -> add(x, y, out, lo, hi));
    } else {
      add(x, y, out, 0, out.length);
    }
    return out;
  }

  private static void add(double[] x, double[] y, double[] out, int lo, int hi) {
    for (int i = lo; i < hi; i++) {
      out[i] = x[i] + y[i];
    }
  }

  /** Same-shape {@code x - y}. */
  public static double[] sub(double[] x, double[] y) {
    double[] out = new double[x.length];
    if (Parallel.splits(out.length)) {
      Parallel.forRange(out.length, (lo, hi) -> sub(x, y, out, lo, hi));
    } else {
      sub(x, y, out, 0, out.length);
    }
    return out;
  }

  private static void sub(double[] x, double[] y, double[] out, int lo, int hi) {
    for (int i = lo; i < hi; i++) {
      out[i] = x[i] - y[i];
    }
  }

  /** Same-shape {@code x · y}. */
  public static double[] mul(double[] x, double[] y) {
    double[] out = new double[x.length];
    if (Parallel.splits(out.length)) {
      Parallel.forRange(out.length, (lo, hi) -> mul(x, y, out, lo, hi));
    } else {
      mul(x, y, out, 0, out.length);
    }
    return out;
  }

  private static void mul(double[] x, double[] y, double[] out, int lo, int hi) {
    for (int i = lo; i < hi; i++) {
      out[i] = x[i] * y[i];
    }
  }

  /** Same-shape {@code g · s · (1 - s)}. */
  public static double[] sigmoidGrad(double[] g, double[] s) {
    double[] out = new double[g.length];
    sigmoidGrad(g, s, out);
    return out;
  }

  /** Same-shape {@code g · s · (1 - s)} into {@code out}, which may be {@code g}. */
  public static void sigmoidGrad(double[] g, double[] s, double[] out) {
    if (Parallel.splits(out.length)) {
      Parallel.forRange(out.length, (lo, hi) -> sigmoidGrad(g, s, out, lo, hi));
    } else {
      sigmoidGrad(g, s, out, 0, out.length);
    }
  }

  private static void sigmoidGrad(double[] g, double[] s, double[] out, int lo, int hi) {
    for (int i = lo; i < hi; i++) {
      out[i] = g[i] * s[i] * (1 - s[i]);
    }
  }

  /** Same-shape {@code g · (1 - t²)}. */
  public static double[] tanhGrad(double[] g, double[] t) {
    double[] out = new double[g.length];
    tanhGrad(g, t, out);
    return out;
  }

  /** Same-shape {@code g · (1 - t²)} into {@code out}, which may be {@code g}. */
  public static void tanhGrad(double[] g, double[] t, double[] out) {
    if (Parallel.splits(out.length)) {
      Parallel.forRange(out.length, (lo, hi) -> tanhGrad(g, t, out, lo, hi));
    } else {
      tanhGrad(g, t, out, 0, out.length);
    }
  }

  private static void tanhGrad(double[] g, double[] t, double[] out, int lo, int hi) {
    for (int i = lo; i < hi; i++) {
      out[i] = g[i] * (1 - t[i] * t[i]);
    }
  }

  /**
   * Same-shape {@code g · [x > 0]}, NaN where x is NaN (a NaN is never hidden); a new array.
   *
   * <p>Written on the bits of x so that the JIT vectorizes it: a branch on the sign of x, which is
   * a coin toss for a layer's pre-activations, costs a misprediction per element (four times the
   * time of this loop, measured). x > 0 exactly when its bits, as a signed long, lie in
   * (0, bits(+∞)]: +0, every negative number and every NaN fall outside.
   */
  public static double[] reluGrad(double[] g, double[] x) {
    double[] out = new double[g.length];
    reluGrad(g, x, out);
    return out;
  }

  /**
   * {@link #reluGrad(double[], double[])} into {@code out}, which may be {@code g} itself.
   *
   * @param g the incoming gradient
   * @param x the relu's input, as long as g
   * @param out where the gradient goes, as long as g
   */
  public static void reluGrad(double[] g, double[] x, double[] out) {
    if (Parallel.splits(out.length)) {
      Parallel.forRange(out.length, (lo, hi) -> reluGrad(g, x, out, lo, hi));
    } else {
      reluGrad(g, x, out, 0, out.length);
    }
  }

  private static void reluGrad(double[] g, double[] x, double[] out, int lo, int hi) {
    for (int i = lo; i < hi; i++) {
      long bits = Double.doubleToRawLongBits(x[i]);
      long t = bits - 1;   // in [0, bits(+∞)) exactly when x > 0
      long outside = (t | (0x7FEF_FFFF_FFFF_FFFFL - t)) >> 63;
      long nan = (0x7FF0_0000_0000_0000L - (bits & 0x7FFF_FFFF_FFFF_FFFFL)) >> 63;
      out[i] = Double.longBitsToDouble((Double.doubleToRawLongBits(g[i]) & ~outside) | (bits & nan));
    }
  }

  /**
   * The logistic function, elementwise, without overflow: with {@code e = e^-|x|}, {@code 1 / (1 + e)}
   * for x ≥ 0 and {@code e / (1 + e)} below, the numerator chosen without a branch as
   * {@code max(e, copySign(1, x))} (e ≤ 1). On a layer's pre-activations a branch on the sign is
   * mispredicted half the time; the values are the same bits as the branching form's.
   */
  public static double[] sigmoid(double[] x) {
    double[] out = new double[x.length];
    if (Parallel.splits(out.length)) {
      Parallel.forRange(out.length, (lo, hi) -> sigmoid(x, out, lo, hi));
    } else {
      sigmoid(x, out, 0, out.length);
    }
    return out;
  }

  private static void sigmoid(double[] x, double[] out, int lo, int hi) {
    for (int i = lo; i < hi; i++) {
      out[i] = sigmoid(x[i]);
    }
  }

  /**
   * {@code σ(v) = 1/(1 + e^−v)} of one number, without overflow or a branch (see {@link #sigmoid(double[])}).
   *
   * @param v any number
   * @return the logistic of v, in [0, 1]; NaN for NaN
   */
  public static double sigmoid(double v) {
    double e = Math.exp(-Math.abs(v));
    return Math.max(e, Math.copySign(1.0, v)) / (1 + e);
  }

  /**
   * {@code log(1 + eᵛ)} of one number, without overflow: {@code max(v, 0) + log1p(e^−|v|)}.
   *
   * @param v any number
   * @return the softplus of v, at least 0 (and at least v); NaN for NaN
   */
  public static double softplus(double v) {
    return Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v)));
  }

  /** {@code softplus(z) − y·z} of one logit and target: its binary cross-entropy. */
  public static double bceWithLogits(double z, double y) {
    return softplus(z) - y * z;
  }

  /**
   * {@code Σᵢ softplus(zᵢ) − yᵢ·zᵢ}, the binary cross-entropy of targets y under {@code σ(z)} summed
   * ({@link #bceWithLogits(double, double)} per element, no overflow at any z), in index order.
   */
  public static double bceWithLogitsSum(double[] z, double[] y) {
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      sum += bceWithLogits(z[i], y[i]);
    }
    return sum;
  }

  /**
   * {@code c·(σ(zᵢ) − yᵢ)}, elementwise: the derivative of {@link #bceWithLogitsSum} times c, σ
   * by {@link #sigmoid(double)}.
   */
  public static double[] bceWithLogitsGrad(double c, double[] z, double[] y) {
    double[] out = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      out[i] = c * (sigmoid(z[i]) - y[i]);
    }
    return out;
  }

  /** {@code max(x, 0)}, elementwise (Math.max: vectorized, -0 gives +0); NaN stays NaN. */
  public static double[] relu(double[] x) {
    double[] out = new double[x.length];
    if (Parallel.splits(out.length)) {
      Parallel.forRange(out.length, (lo, hi) -> relu(x, out, lo, hi));
    } else {
      relu(x, out, 0, out.length);
    }
    return out;
  }

  private static void relu(double[] x, double[] out, int lo, int hi) {
    for (int i = lo; i < hi; i++) {
      out[i] = Math.max(x[i], 0.0);
    }
  }

  // ---------------------------------------------------------------- shapes

  /** Number of elements of a shape (the caller has checked it fits in an int). */
  public static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** Row-major strides: the distance in elements between neighbours along each axis. */
  public static int[] strides(int[] shape) {
    int[] s = new int[shape.length];
    int acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= shape[i];
    }
    return s;
  }

  /** Strides of {@code from} seen in the broadcast shape {@code to}: 0 along stretched axes. */
  public static int[] broadcastStrides(int[] from, int[] to) {
    int[] own = strides(from);
    int[] s = new int[to.length];
    int off = to.length - from.length;
    for (int i = 0; i < from.length; i++) {
      s[i + off] = from[i] == 1 ? 0 : own[i];
    }
    return s;
  }

  /** Materialises {@code x} broadcast to {@code shape}. */
  public static double[] expand(double[] x, int[] from, int[] shape) {
    int n = size(shape);
    double[] out = new double[n];
    if (x.length == 1) {
      Arrays.fill(out, x[0]);
      return out;
    }
    int[] sx = broadcastStrides(from, shape);
    int rank = shape.length;
    int inner = shape[rank - 1];
    int ix = sx[rank - 1];
    int[] idx = new int[rank];
    int off = 0;
    for (int o = 0; o < n; o += inner) {
      if (ix == 1) {
        System.arraycopy(x, off, out, o, inner);
      } else {
        double v = x[off];
        for (int j = 0; j < inner; j++) {
          out[o + j] = ix == 0 ? v : x[off + j * ix];
        }
      }
      for (int d = rank - 2; d >= 0; d--) {
        idx[d]++;
        off += sx[d];
        if (idx[d] < shape[d]) {
          break;
        }
        off -= sx[d] * shape[d];
        idx[d] = 0;
      }
    }
    return out;
  }

  /** Sums {@code x} of shape {@code from} down to {@code to}, which must broadcast to {@code from}. */
  public static double[] sumTo(double[] x, int[] from, int[] to) {
    int m = size(to);
    double[] out = new double[m];
    if (m == 1) {
      double s = 0;
      for (double v : x) {
        s += v;
      }
      out[0] = s;
      return out;
    }
    int[] so = broadcastStrides(to, from);
    int rank = from.length;
    int inner = from[rank - 1];
    int io = so[rank - 1];
    int[] idx = new int[rank];
    int off = 0;
    for (int o = 0; o < x.length; o += inner) {
      if (io == 0) {
        double s = 0;
        for (int j = 0; j < inner; j++) {
          s += x[o + j];
        }
        out[off] += s;
      } else {
        for (int j = 0; j < inner; j++) {
          out[off + j * io] += x[o + j];
        }
      }
      for (int d = rank - 2; d >= 0; d--) {
        idx[d]++;
        off += so[d];
        if (idx[d] < from[d]) {
          break;
        }
        off -= so[d] * from[d];
        idx[d] = 0;
      }
    }
    return out;
  }

  /**
   * Views a reduction over a set of axes as: for each input element, the output element it is
   * reduced into. Returns {@code map[i]} = output offset of input element i.
   */
  public static int[] reductionMap(int[] shape, boolean[] reduce) {
    int n = size(shape);
    int[] keep = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      keep[i] = reduce[i] ? 1 : shape[i];
    }
    int[] ks = strides(keep);
    int[] map = new int[n];
    int[] idx = new int[shape.length];
    int off = 0;
    for (int i = 0; i < n; i++) {
      map[i] = off;
      for (int d = shape.length - 1; d >= 0; d--) {
        idx[d]++;
        if (!reduce[d]) {
          off += ks[d];
        }
        if (idx[d] < shape[d]) {
          break;
        }
        if (!reduce[d]) {
          off -= ks[d] * shape[d];
        }
        idx[d] = 0;
      }
    }
    return map;
  }
}
