package dev.autograd.ops;

import dev.autograd.Args;
import dev.autograd.DType;
import dev.autograd.Node;
import dev.autograd.Primitive;
import dev.autograd.Shape;
import dev.autograd.Tensor;
import dev.autograd.internal.FloatLoops;
import dev.autograd.internal.Loops;
import java.util.Arrays;

/**
 * Reductions over a set of axes (an empty set means all axes), optionally keeping the reduced axes
 * as size 1. Notation as in {@link Elementwise}; {@code g↑} is the incoming gradient reshaped to
 * keep-dims form and broadcast back to the input's shape.
 *
 * <p>Ties. {@code max} and {@code min} over any set of axes (PyTorch's full {@code max}/{@code min}
 * and {@code amax}/{@code amin}) split the gradient evenly among the elements that attain the
 * extreme; the reduction along one axis that also returns indices (PyTorch's {@code max(dim)},
 * {@code Tensor.maxWithIndices}) is a {@link Movement.Gather} of the first extreme of each slice and
 * sends the gradient to it.
 */
public final class Reduce {
  private Reduce() {}

  /** Shared bookkeeping: which axes are reduced, derived from the input's shape each time. */
  abstract static class Reduction extends BuiltIn {
    final int[] axes;
    final boolean keepDims;

    Reduction(int[] axes, boolean keepDims) {
      Args.notNull(axes, getClass().getSimpleName(), "axes");
      this.axes = axes.clone();
      this.keepDims = keepDims;
    }

    @Override protected boolean computesFloat32() { return false; }   // computes on float64 copies

    @Override public String toString() {
      return name() + (axes.length == 0 ? "" : Arrays.toString(axes)) + (keepDims ? " keepDims" : "");
    }

    /** Which axes of an input of this shape are reduced. */
    boolean[] reduced(int[] inShape) {
      return Shape.axes(name(), axes, inShape.length);
    }

    /** A result-shaped tensor in keep-dims form (it then broadcasts against the input). */
    Tensor kept(Tensor t, int[] inShape) {
      return keepDims ? t : t.reshape(Shape.reduced(inShape, reduced(inShape), true));
    }
  }

  static boolean all(boolean[] reduce) {
    for (boolean r : reduce) {
      if (!r) {
        return false;
      }
    }
    return true;
  }

  /** {@code r = Σ x} over the axes;  {@code dx = g↑}. */
  public static final class Sum extends Reduction {
    /**
     * A sum over the given axes.
     *
     * @param axes the axes to sum over
     * @param keepDims whether the summed axes stay in the result with length 1
     */
    public Sum(int[] axes, boolean keepDims) {
      super(axes, keepDims);
    }

    @Override public String name() { return "sum"; }
    @Override protected boolean computesFloat32() { return true; }

    @Override protected Tensor forward(Tensor... in) {
      int[] shape = in[0].shape();
      boolean[] reduce = reduced(shape);
      int[] out = Shape.reduced(shape, reduce, keepDims);
      if (in[0].dtype() == DType.FLOAT32) {   // accumulated in double, rounded once
        return Tensor.wrap(FloatLoops.sumTo(in[0].floatStorage(), shape, Shape.reduced(shape, reduce, true)), out);
      }
      double[] d = in[0].storage();
      if (all(reduce)) {
        double s = 0;
        for (double v : d) {
          s += v;
        }
        return Tensor.wrap(new double[] {s}, out);
      }
      return Tensor.wrap(Loops.sumTo(d, shape, Shape.reduced(shape, reduce, true)), out);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      int[] shape = node.input(0).shape();
      return new Tensor[] {kept(g, shape).broadcastTo(shape)};
    }
  }

  /**
   * {@code r = Π x} over the axes;  {@code dxᵢ = g↑·Π_{k≠i} xₖ}, the product of the other elements
   * of its slice. Without a zero in the slice that is {@code g↑·r↑/x}. With zeros it is still exact
   * and divides by no zero: the slice's first zero gets the product of the slice with itself replaced
   * by 1 (a recorded prod), every other element {@code r↑/x = 0} (with 1 in place of the zeros), so
   * one zero leaves the gradient of that element the product of the others and two or more zeros
   * make every gradient 0. Written with {@code where}, prod and div, so second derivatives exist; they
   * are exact away from zeros and in slices with one zero.
   */
  public static final class Prod extends Reduction {
    /**
     * A product over the given axes.
     *
     * @param axes the axes to multiply over
     * @param keepDims whether the reduced axes stay in the result with length 1
     */
    public Prod(int[] axes, boolean keepDims) {
      super(axes, keepDims);
    }

    @Override public String name() { return "prod"; }

    @Override protected Tensor forward(Tensor... in) {
      int[] shape = in[0].shape();
      boolean[] reduce = reduced(shape);
      double[] d = in[0].storage();
      int[] map = Loops.reductionMap(shape, reduce);
      int[] out = Shape.reduced(shape, reduce, keepDims);
      double[] p = new double[Shape.size(out)];
      Arrays.fill(p, 1.0);
      for (int i = 0; i < d.length; i++) {
        p[map[i]] *= d[i];
      }
      return Tensor.wrap(p, out);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor x = node.input(0);
      int[] shape = x.shape();
      Tensor r = kept(node.result(), shape);
      double[] d = Precision.values(x);
      int[] map = Loops.reductionMap(shape, reduced(shape));
      boolean[] seen = new boolean[Shape.size(r.shape())];
      double[] first = new double[d.length];
      double[] zero = new double[d.length];
      boolean anyZero = false;
      for (int i = 0; i < d.length; i++) {
        if (d[i] == 0) {
          anyZero = true;
          zero[i] = 1;
          if (!seen[map[i]]) {
            seen[map[i]] = true;
            first[i] = 1;
          }
        }
      }
      if (!anyZero) {
        return new Tensor[] {kept(g, shape).mul(r).div(x)};
      }
      Tensor one = Tensor.scalar(1);
      Tensor isFirst = Tensor.wrap(first, shape);
      Tensor withoutFirst = new Prod(axes, true).apply(Tensor.where(isFirst, one, x));
      Tensor others = Tensor.where(isFirst, withoutFirst, r.div(Tensor.where(Tensor.wrap(zero, shape), one, x)));
      return new Tensor[] {kept(g, shape).mul(others)};
    }
  }

  /**
   * {@code r = max x} (or {@code min x}) over the axes;  {@code dx = g↑·[x = r↑] / #{x = r↑}}: the
   * gradient is split evenly among the elements that attain the extreme of their slice (a kink of
   * max). A slice holding a NaN has a NaN extreme and a NaN gradient for every element. The
   * tie-splitting mask is computed in the forward and saved on the node.
   */
  public static final class Extremum extends Reduction {
    private final boolean max;

    /**
     * @param axes the axes to reduce over; empty means every axis
     * @param keepDims whether the reduced axes stay in the result with length 1
     * @param max true for the maximum, false for the minimum
     */
    public Extremum(int[] axes, boolean keepDims, boolean max) {
      super(axes, keepDims);
      this.max = max;
    }

    @Override public String name() { return max ? "max" : "min"; }
    @Override protected boolean computesFloat32() { return true; }

    @Override protected Tensor forward(Saver saver, Tensor... in) {
      int[] shape = in[0].shape();
      boolean[] reduce = reduced(shape);
      if (in[0].dtype() == DType.FLOAT32) {
        return forward32(saver, in[0].floatStorage(), shape, reduce);
      }
      double[] d = in[0].storage();
      int[] map = Loops.reductionMap(shape, reduce);
      int[] out = Shape.reduced(shape, reduce, keepDims);
      int m = Shape.size(out);
      double[] best = new double[m];
      Arrays.fill(best, max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
      for (int i = 0; i < d.length; i++) {
        int o = map[i];
        double v = d[i];
        if (max ? v > best[o] : v < best[o]) {
          best[o] = v;
        } else if (Double.isNaN(v)) {
          best[o] = v;   // a NaN wins: it is never hidden
        }
      }
      if (saver.isRecording()) {
        double[] count = new double[m];
        for (int i = 0; i < d.length; i++) {
          if (d[i] == best[map[i]]) {
            count[map[i]]++;
          }
        }
        double[] mask = new double[d.length];
        for (int i = 0; i < d.length; i++) {
          int o = map[i];
          mask[i] = Double.isNaN(best[o]) ? Double.NaN : d[i] == best[o] ? 1.0 / count[o] : 0.0;
        }
        saver.save(Tensor.wrap(mask, shape));
      }
      return Tensor.wrap(best, out);
    }

    /** The same in float32: the extremes are float values, the mask holds 1/count in float. */
    private Tensor forward32(Saver saver, float[] d, int[] shape, boolean[] reduce) {
      int[] map = Loops.reductionMap(shape, reduce);
      int[] out = Shape.reduced(shape, reduce, keepDims);
      int m = Shape.size(out);
      float[] best = new float[m];
      Arrays.fill(best, max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY);
      for (int i = 0; i < d.length; i++) {
        int o = map[i];
        float v = d[i];
        if (max ? v > best[o] : v < best[o]) {
          best[o] = v;
        } else if (Float.isNaN(v)) {
          best[o] = v;
        }
      }
      if (saver.isRecording()) {
        int[] count = new int[m];
        for (int i = 0; i < d.length; i++) {
          if (d[i] == best[map[i]]) {
            count[map[i]]++;
          }
        }
        float[] mask = new float[d.length];
        for (int i = 0; i < d.length; i++) {
          int o = map[i];
          mask[i] = Float.isNaN(best[o]) ? Float.NaN : d[i] == best[o] ? (float) (1.0 / count[o]) : 0f;
        }
        saver.save(Tensor.wrap(mask, shape));
      }
      return Tensor.wrap(best, out);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor mask = node.saved(0);
      return new Tensor[] {kept(g, mask.shape()).mul(mask)};
    }
  }

  /**
   * The index of the first maximum (or minimum) of every slice along {@code axis}, in row-major
   * order of the remaining axes; a NaN counts as the extreme. Not differentiable (integers).
   *
   * @param x the tensor, of rank at least 1
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @param max true for the maximum, false for the minimum
   * @return a new array of indices {@code 0 .. dim(axis)-1}, one per slice
   */
  public static int[] argExtreme(Tensor x, int axis, boolean max) {
    Args.notNull(x, "argExtreme", "x");
    int[] shape = x.shape();
    if (shape.length == 0) {
      throw new IllegalArgumentException((max ? "argmax" : "argmin") + ": needs a tensor of rank 1 or more; got a scalar");
    }
    int ax = Shape.axis(max ? "argmax" : "argmin", axis, shape.length);
    int[] b = Movement.blocks(shape, ax);
    double[] d = Precision.values(x);
    int[] out = new int[b[0] * b[2]];
    for (int o = 0; o < b[0]; o++) {
      for (int j = 0; j < b[2]; j++) {
        int best = 0;
        double bv = d[o * b[1] * b[2] + j];
        for (int k = 1; k < b[1] && !Double.isNaN(bv); k++) {
          double v = d[(o * b[1] + k) * b[2] + j];
          if (max ? v > bv : v < bv) {
            best = k;
            bv = v;
          } else if (Double.isNaN(v)) {
            best = k;
            bv = v;
          }
        }
        out[o * b[2] + j] = best;
      }
    }
    return out;
  }

  /**
   * {@code e^(x - max)} of a slice's element, with an infinite maximum counting the elements equal
   * to it (so that a slice holding +∞ or only −∞ gets the limit, not NaN).
   */
  private static double shiftedExp(double x, double max) {
    return Double.isInfinite(max) ? (x == max ? 1.0 : 0.0) : Math.exp(x - max);
  }

  /** {@code max + log(sum)} of a slice's {@link #shiftedExp} sum; an infinite maximum is the result itself. */
  private static double logSumExp(double max, double sum) {
    return Double.isInfinite(max) ? max : max + Math.log(sum);
  }

  /**
   * {@code r = log Σ eˣ} over the axes;  {@code dx = g↑·exp(x - r↑)} (the softmax). A primitive for
   * stability: evaluated as {@code m + log Σ e^(x-m)} with m the maximum, so it neither overflows nor
   * loses everything to underflow; the rule's exponent is never positive.
   */
  public static final class LogSumExp extends Reduction {
    /**
     * A log-sum-exp over the given axes.
     *
     * @param axes the axes to reduce
     * @param keepDims whether the reduced axes stay in the result with length 1
     */
    public LogSumExp(int[] axes, boolean keepDims) {
      super(axes, keepDims);
    }

    @Override public String name() { return "logSumExp"; }

    @Override protected Tensor forward(Tensor... in) {
      int[] shape = in[0].shape();
      boolean[] reduce = reduced(shape);
      double[] d = in[0].storage();
      int[] map = Loops.reductionMap(shape, reduce);
      int[] out = Shape.reduced(shape, reduce, keepDims);
      int m = Shape.size(out);
      double[] max = new double[m];
      Arrays.fill(max, Double.NEGATIVE_INFINITY);
      for (int i = 0; i < d.length; i++) {
        if (d[i] > max[map[i]] || Double.isNaN(d[i])) {
          max[map[i]] = d[i];
        }
      }
      double[] sum = new double[m];
      for (int i = 0; i < d.length; i++) {
        double mx = max[map[i]];
        sum[map[i]] += shiftedExp(d[i], mx);
      }
      for (int o = 0; o < m; o++) {
        sum[o] = logSumExp(max[o], sum[o]);
      }
      return Tensor.wrap(sum, out);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor x = node.input(0);
      int[] shape = x.shape();
      Tensor softmax = x.sub(kept(node.result(), shape)).exp();
      return new Tensor[] {kept(g, shape).mul(softmax)};
    }
  }

  /**
   * {@code r = x − log Σₐ eˣ} along axis a (log-softmax);  {@code dx = g − eʳ·Σₐ g}. A primitive
   * for stability and memory: one pass per slice with the slice's maximum taken out, as in
   * {@link LogSumExp}, and a rule of one array (written into a dead g, see
   * {@link Primitive#vjpOverwriting}); the composite {@code x − logSumExp(x)} makes five.
   */
  public static final class LogSoftmax extends BuiltIn {
    private final int axis;

    /**
     * A log-softmax along {@code axis}.
     *
     * @param axis the axis, {@code -rank .. rank-1}
     */
    public LogSoftmax(int axis) {
      this.axis = axis;
    }

    @Override public String name() { return "logSoftmax"; }
    @Override public String toString() { return "logSoftmax(" + axis + ")"; }

    @Override protected Tensor forward(Tensor... in) {
      int[] shape = in[0].shape();
      int ax = Scan.axisOf(name(), axis, shape);
      int n = shape[ax];
      int inner = Loops.strides(shape)[ax];
      if (in[0].dtype() == DType.FLOAT32) {
        return Tensor.wrapLike(logSoftmax(in[0].floatStorage(), n, inner), in[0]);
      }
      double[] x = in[0].storage();
      double[] r = new double[x.length];
      for (int base = 0; base < x.length; base += n * inner) {
        for (int j = base; j < base + inner; j++) {
          int end = j + n * inner;
          double max = Double.NEGATIVE_INFINITY;
          for (int i = j; i < end; i += inner) {
            if (x[i] > max || Double.isNaN(x[i])) {
              max = x[i];
            }
          }
          double sum = 0;
          for (int i = j; i < end; i += inner) {
            sum += shiftedExp(x[i], max);
          }
          double lse = logSumExp(max, sum);
          for (int i = j; i < end; i += inner) {
            r[i] = x[i] - lse;
          }
        }
      }
      return Tensor.wrapLike(r, in[0]);
    }

    /** The float32 forward: each slice's maximum, sum and logarithm in double, each result rounded once. */
    private static float[] logSoftmax(float[] x, int n, int inner) {
      float[] r = new float[x.length];
      for (int base = 0; base < x.length; base += n * inner) {
        for (int j = base; j < base + inner; j++) {
          int end = j + n * inner;
          double max = Double.NEGATIVE_INFINITY;
          for (int i = j; i < end; i += inner) {
            if (x[i] > max || Float.isNaN(x[i])) {
              max = x[i];
            }
          }
          double sum = 0;
          for (int i = j; i < end; i += inner) {
            sum += shiftedExp(x[i], max);
          }
          double lse = logSumExp(max, sum);
          for (int i = j; i < end; i += inner) {
            r[i] = (float) (x[i] - lse);
          }
        }
      }
      return r;
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      int ax = Scan.axisOf(name(), axis, g.shape());
      return new Tensor[] {g.sub(node.result().exp().mul(g.sum(new int[] {ax}, true)))};
    }

    @Override protected Tensor[] vjpOverwriting(Node node, Tensor g) {
      int[] shape = g.shape();
      int ax = Scan.axisOf(name(), axis, shape);
      int n = shape[ax];
      int inner = Loops.strides(shape)[ax];
      if (g.dtype() == DType.FLOAT32) {
        float[] d = g.floatStorage();
        float[] r = node.result().floatStorage();
        for (int base = 0; base < d.length; base += n * inner) {
          for (int j = base; j < base + inner; j++) {
            int end = j + n * inner;
            double s = 0;
            for (int i = j; i < end; i += inner) {
              s += d[i];
            }
            float sum = (float) s;   // the same roundings as the rule's ops in float32: sum, exp, product, difference
            for (int i = j; i < end; i += inner) {
              d[i] -= (float) Math.exp(r[i]) * sum;
            }
          }
        }
        return new Tensor[] {g};
      }
      double[] d = g.storage();
      double[] r = node.result().storage();
      for (int base = 0; base < d.length; base += n * inner) {
        for (int j = base; j < base + inner; j++) {
          int end = j + n * inner;
          double sum = 0;
          for (int i = j; i < end; i += inner) {
            sum += d[i];
          }
          for (int i = j; i < end; i += inner) {
            d[i] -= Math.exp(r[i]) * sum;
          }
        }
      }
      return new Tensor[] {g};
    }
  }
}
