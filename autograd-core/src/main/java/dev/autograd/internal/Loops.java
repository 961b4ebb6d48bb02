package dev.autograd.internal;

import dev.autograd.Shape;
import dev.autograd.Tensor;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Elementwise and reduction kernels over contiguous row-major arrays. Not part of the public API.
 *
 * <p>The loops are kept small so that the JIT inlines them into each primitive, where the lambda is
 * a constant and is inlined in turn.
 */
public final class Loops {
  private Loops() {}

  /** {@code out[i] = f(x[i])}. */
  public static Tensor map(Tensor x, DoubleUnaryOperator f) {
    double[] a = x.storage();
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = f.applyAsDouble(a[i]);
    }
    return Tensor.wrapLike(out, x);
  }

  /**
   * {@code out[i] = f(a[i], b[i])} with NumPy broadcasting. This method only dispatches; each case
   * is a small method of its own, so that the JIT inlines the case into the calling primitive and,
   * with it, the primitive's constant lambda (a loop calling a shared lambda would not be inlined).
   */
  public static Tensor zip(String op, Tensor a, Tensor b, DoubleBinaryOperator f) {
    double[] x = a.storage();
    double[] y = b.storage();
    if (sameShape(a, b)) {
      return Tensor.wrapLike(same(x, y, f), a);
    }
    int[] shape = Shape.broadcast(op, a.shape(), b.shape());
    int n = Shape.size(shape);
    if (y.length == 1 && x.length == n && a.rank() == shape.length) {
      return Tensor.wrapLike(scalarRight(x, y[0], f), a);
    }
    if (x.length == 1 && y.length == n && b.rank() == shape.length) {
      return Tensor.wrapLike(scalarLeft(x[0], y, f), b);
    }
    if (a.rank() == shape.length && x.length == n && isSuffix(b, a)) {
      return Tensor.wrapLike(rowsRight(x, y, f), a);
    }
    if (b.rank() == shape.length && y.length == n && isSuffix(a, b)) {
      return Tensor.wrapLike(rowsLeft(x, y, f), b);
    }
    return zipBroadcast(a, b, shape, f);
  }

  private static double[] same(double[] x, double[] y, DoubleBinaryOperator f) {
    double[] out = new double[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.applyAsDouble(x[i], y[i]);
    }
    return out;
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

  // ---------------------------------------------------------------- dedicated loops for hot ops
  // A loop that calls a lambda is fast only where the JIT inlines it together with the lambda, which
  // it decides differently from run to run. The ops that dominate training get loops of their own.

  /** Same-shape {@code a + b}. */
  public static Tensor add(Tensor a, Tensor b) {
    double[] x = a.storage();
    double[] y = b.storage();
    double[] out = new double[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i] + y[i];
    }
    return Tensor.wrapLike(out, a);
  }

  /** Same-shape {@code a - b}. */
  public static Tensor sub(Tensor a, Tensor b) {
    double[] x = a.storage();
    double[] y = b.storage();
    double[] out = new double[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i] - y[i];
    }
    return Tensor.wrapLike(out, a);
  }

  /** Same-shape {@code a · b}. */
  public static Tensor mul(Tensor a, Tensor b) {
    double[] x = a.storage();
    double[] y = b.storage();
    double[] out = new double[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i] * y[i];
    }
    return Tensor.wrapLike(out, a);
  }

  /** Same-shape {@code g · s · (1 - s)}. */
  public static Tensor sigmoidGrad(Tensor g, Tensor s) {
    double[] x = g.storage();
    double[] y = s.storage();
    double[] out = new double[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i] * y[i] * (1 - y[i]);
    }
    return Tensor.wrapLike(out, g);
  }

  /** Same-shape {@code g · (1 - t²)}. */
  public static Tensor tanhGrad(Tensor g, Tensor t) {
    double[] x = g.storage();
    double[] y = t.storage();
    double[] out = new double[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i] * (1 - y[i] * y[i]);
    }
    return Tensor.wrapLike(out, g);
  }

  /** Same-shape {@code g · [x > 0]}. */
  public static Tensor reluGrad(Tensor g, Tensor x) {
    double[] a = g.storage();
    double[] b = x.storage();
    double[] out = new double[a.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = b[i] > 0 ? a[i] : 0.0;
    }
    return Tensor.wrapLike(out, g);
  }

  /** The logistic function, elementwise, without overflow. */
  public static Tensor sigmoid(Tensor t) {
    double[] x = t.storage();
    double[] out = new double[x.length];
    for (int i = 0; i < out.length; i++) {
      double v = x[i];
      double e = Math.exp(-Math.abs(v));
      out[i] = v >= 0 ? 1 / (1 + e) : e / (1 + e);
    }
    return Tensor.wrapLike(out, t);
  }

  /** {@code max(x, 0)}, elementwise. */
  public static Tensor relu(Tensor t) {
    double[] x = t.storage();
    double[] out = new double[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i] > 0 ? x[i] : 0.0;
    }
    return Tensor.wrapLike(out, t);
  }

  /** True when both tensors have exactly the same shape. */
  public static boolean sameShape(Tensor a, Tensor b) {
    return a.size() == b.size() && a.rank() == b.rank() && equalDims(a, b);
  }

  private static boolean equalDims(Tensor a, Tensor b) {
    for (int i = 0; i < a.rank(); i++) {
      if (a.dim(i) != b.dim(i)) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code small}'s shape equals the trailing dimensions of {@code big}'s (a row broadcast). */
  private static boolean isSuffix(Tensor small, Tensor big) {
    int off = big.rank() - small.rank();
    for (int i = 0; i < small.rank(); i++) {
      if (small.dim(i) != big.dim(i + off)) {
        return false;
      }
    }
    return true;
  }

  private static Tensor zipBroadcast(Tensor a, Tensor b, int[] shape, DoubleBinaryOperator f) {
    int n = Shape.size(shape);
    double[] out = new double[n];
    int[] sa = broadcastStrides(a.shape(), shape);
    int[] sb = broadcastStrides(b.shape(), shape);
    double[] x = a.storage();
    double[] y = b.storage();
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
    return Tensor.wrap(out, shape);
  }

  /** Strides of {@code from} seen in the broadcast shape {@code to}: 0 along stretched axes. */
  public static int[] broadcastStrides(int[] from, int[] to) {
    int[] own = Shape.strides(from);
    int[] s = new int[to.length];
    int off = to.length - from.length;
    for (int i = 0; i < from.length; i++) {
      s[i + off] = from[i] == 1 ? 0 : own[i];
    }
    return s;
  }

  /** Materialises {@code x} broadcast to {@code shape}. */
  public static double[] expand(double[] x, int[] from, int[] shape) {
    int n = Shape.size(shape);
    double[] out = new double[n];
    if (x.length == 1) {
      java.util.Arrays.fill(out, x[0]);
      return out;
    }
    if (shape.length == 0) {
      out[0] = x[0];
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
    int m = Shape.size(to);
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
   * Views a reduction over a set of axes as: for each output element, the list of input offsets it
   * reduces. Returns {@code map[i]} = output offset of input element i.
   */
  public static int[] reductionMap(int[] shape, boolean[] reduce) {
    int n = Shape.size(shape);
    int[] keep = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      keep[i] = reduce[i] ? 1 : shape[i];
    }
    int[] ks = Shape.strides(keep);
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
