package dev.autograd.ops;

import dev.autograd.Node;
import dev.autograd.Primitive;
import dev.autograd.Shape;
import dev.autograd.Tensor;
import dev.autograd.internal.Loops;
import java.util.Arrays;

/**
 * Reductions over a set of axes (an empty set means all axes), optionally keeping the reduced axes
 * as size 1. Notation as in {@link Elementwise}; {@code g↑} is the incoming gradient reshaped to
 * keep-dims form and broadcast back to the input's shape.
 */
public final class Reduce {
  private Reduce() {}

  /** Shared bookkeeping: which axes are reduced and the shapes before and after. */
  abstract static class Reduction extends Primitive {
    final int[] axes;
    final boolean keepDims;
    int[] inShape;
    boolean[] reduce;
    int[] keptShape;

    Reduction(int[] axes, boolean keepDims) {
      this.axes = axes.clone();
      this.keepDims = keepDims;
    }

    @Override public String toString() {
      return name() + (axes.length == 0 ? "" : Arrays.toString(axes)) + (keepDims ? " keepDims" : "");
    }

    int[] prepare(Tensor x) {
      inShape = x.shape();
      reduce = Shape.axes(name(), axes, inShape.length);
      keptShape = Shape.reduced(inShape, reduce, true);
      return Shape.reduced(inShape, reduce, keepDims);
    }

    boolean reducesAll() {
      for (boolean r : reduce) {
        if (!r) {
          return false;
        }
      }
      return true;
    }

    /** The incoming gradient (or any result-shaped tensor) in keep-dims form. */
    Tensor kept(Tensor t) {
      return keepDims ? t : t.reshape(keptShape);
    }
  }

  /** {@code r = Σ x} over the axes;  {@code dx = g↑}. */
  public static final class Sum extends Reduction {
    public Sum(int[] axes, boolean keepDims) {
      super(axes, keepDims);
    }

    @Override public String name() { return "sum"; }

    @Override protected Tensor forward(Tensor... in) {
      Tensor x = in[0];
      int[] out = prepare(x);
      double[] d = x.storage();
      if (reducesAll()) {
        double s = 0;
        for (double v : d) {
          s += v;
        }
        return Tensor.wrap(new double[] {s}, out);
      }
      return Tensor.wrap(Loops.sumTo(d, inShape, keptShape), out);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {kept(g).broadcastTo(inShape)};
    }
  }

  /**
   * {@code r = max x} over the axes;  {@code dx = g↑·[x is the first arg-max of its slice]}. Ties
   * send the whole gradient to the first maximal element (a kink of max).
   */
  public static final class Max extends Reduction {
    private double[] argmaxMask;

    public Max(int[] axes, boolean keepDims) {
      super(axes, keepDims);
    }

    @Override public String name() { return "max"; }

    @Override protected Tensor forward(Tensor... in) {
      Tensor x = in[0];
      int[] out = prepare(x);
      double[] d = x.storage();
      int[] map = Loops.reductionMap(inShape, reduce);
      int m = Shape.size(out);
      double[] best = new double[m];
      int[] arg = new int[m];
      Arrays.fill(best, Double.NEGATIVE_INFINITY);
      Arrays.fill(arg, -1);
      for (int i = 0; i < d.length; i++) {
        int o = map[i];
        if (arg[o] < 0 || d[i] > best[o] || Double.isNaN(d[i]) && !Double.isNaN(best[o])) {
          best[o] = d[i];
          arg[o] = i;
        }
      }
      argmaxMask = new double[d.length];
      for (int a : arg) {
        argmaxMask[a] = 1.0;
      }
      return Tensor.wrap(best, out);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor mask = Tensor.wrap(argmaxMask, inShape);
      return new Tensor[] {kept(g).broadcastTo(inShape).mul(mask)};
    }
  }

  /**
   * {@code r = log Σ eˣ} over the axes;  {@code dx = g↑·exp(x - r↑)} (the softmax). A primitive for
   * stability: evaluated as {@code m + log Σ e^(x-m)} with m the maximum, so it neither overflows nor
   * loses everything to underflow; the rule's exponent is never positive.
   */
  public static final class LogSumExp extends Reduction {
    public LogSumExp(int[] axes, boolean keepDims) {
      super(axes, keepDims);
    }

    @Override public String name() { return "logSumExp"; }

    @Override protected Tensor forward(Tensor... in) {
      Tensor x = in[0];
      int[] out = prepare(x);
      double[] d = x.storage();
      int[] map = Loops.reductionMap(inShape, reduce);
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
        sum[map[i]] += Double.isInfinite(mx) ? (d[i] == mx ? 1.0 : 0.0) : Math.exp(d[i] - mx);
      }
      for (int o = 0; o < m; o++) {
        sum[o] = max[o] + Math.log(sum[o]);
        if (Double.isInfinite(max[o])) {
          sum[o] = max[o];
        }
      }
      return Tensor.wrap(sum, out);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor x = node.input(0);
      Tensor softmax = x.sub(kept(node.result())).exp();
      return new Tensor[] {kept(g).mul(softmax)};
    }
  }
}
