package dev.autograd.ops;

import dev.autograd.Node;
import dev.autograd.Shape;
import dev.autograd.Tensor;

/**
 * Cumulative operations along one axis (PyTorch's {@code cumsum} and {@code cumprod}). Notation as
 * in {@link Elementwise}; {@code rev} is the reversed cumulative sum, {@code rev(t)ᵢ = Σ_{j≥i} tⱼ}.
 */
public final class Scan {
  private Scan() {}

  /** The axis normalised against a shape, refusing scalars; errors name {@code op}. */
  static int axisOf(String op, int axis, int[] shape) {
    if (shape.length == 0) {
      throw new IllegalArgumentException(op + ": needs a tensor of rank 1 or more; got a scalar");
    }
    return Shape.axis(op, axis, shape.length);
  }

  /**
   * {@code rᵢ = Σ_{j≤i} xⱼ} along an axis (or {@code Σ_{j≥i} xⱼ} when reversed);
   * {@code dx = rev(g)}: the vjp of a cumulative sum is the cumulative sum the other way.
   */
  public static final class Cumsum extends BuiltIn {
    private final int axis;
    private final boolean reverse;

    /**
     * A cumulative sum along one axis.
     *
     * @param axis the axis to accumulate along; negative counts from the end
     * @param reverse true to accumulate from the end of the axis towards its start
     */
    public Cumsum(int axis, boolean reverse) {
      this.axis = axis;
      this.reverse = reverse;
    }

    @Override public String name() { return "cumsum"; }
    @Override protected boolean computesFloat32() { return false; }   // computes on float64 copies
    @Override public String toString() { return "cumsum(axis " + axis + (reverse ? ", reversed)" : ")"); }

    @Override protected Tensor forward(Tensor... in) {
      int[] shape = in[0].shape();
      int[] b = Movement.blocks(shape, axisOf(name(), axis, shape));
      double[] src = in[0].storage();
      double[] out = new double[src.length];
      for (int o = 0; o < b[0]; o++) {
        for (int j = 0; j < b[2]; j++) {
          double s = 0;
          for (int k = 0; k < b[1]; k++) {
            int p = (o * b[1] + (reverse ? b[1] - 1 - k : k)) * b[2] + j;
            s += src[p];
            out[p] = s;
          }
        }
      }
      return Tensor.wrap(out, shape);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {new Cumsum(axis, !reverse).apply(g)};
    }
  }

  /**
   * {@code rᵢ = Π_{j≤i} xⱼ} along an axis;  {@code dxᵢ = Σ_{j≥i} gⱼ·Π_{k≤j, k≠i} xₖ}, which is
   * {@code rev(g·r)ᵢ / xᵢ} in a slice without zeros. In a slice whose first zero is at z the rule is
   * still exact, with no division by zero: {@code rev(g·r)ᵢ / xᵢ} for {@code i < z},
   * {@code rev(g·r')_z} at z (r' the cumulative product with {@code x_z} replaced by 1), and
   * {@code x_z·rev(g·r')ᵢ/xᵢ = 0} after z (with 1 in place of other zeros). Written with
   * {@code where}, cumprod, cumsum and mul, so it has second derivatives too: exact away from zeros
   * and in slices with one zero.
   */
  public static final class Cumprod extends BuiltIn {
    private final int axis;

    /**
     * A cumulative product along one axis.
     *
     * @param axis the axis to accumulate along; negative counts from the end
     */
    public Cumprod(int axis) {
      this.axis = axis;
    }

    @Override public String name() { return "cumprod"; }
    @Override protected boolean computesFloat32() { return false; }   // computes on float64 copies
    @Override public String toString() { return "cumprod(axis " + axis + ")"; }

    @Override protected Tensor forward(Tensor... in) {
      int[] shape = in[0].shape();
      int[] b = Movement.blocks(shape, axisOf(name(), axis, shape));
      double[] src = in[0].storage();
      double[] out = new double[src.length];
      for (int o = 0; o < b[0]; o++) {
        for (int j = 0; j < b[2]; j++) {
          double s = 1;
          for (int k = 0; k < b[1]; k++) {
            int p = (o * b[1] + k) * b[2] + j;
            s *= src[p];
            out[p] = s;
          }
        }
      }
      return Tensor.wrap(out, shape);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor x = node.input(0);
      int[] shape = x.shape();
      int ax = Shape.axis(name(), axis, shape.length);
      int[] b = Movement.blocks(shape, ax);
      double[] d = Precision.values(x);
      double[] before = new double[d.length];   // 1 before the slice's first zero (everywhere without one)
      double[] at = new double[d.length];       // 1 at the slice's first zero
      boolean anyZero = false;
      for (int o = 0; o < b[0]; o++) {
        for (int j = 0; j < b[2]; j++) {
          boolean seen = false;
          for (int k = 0; k < b[1]; k++) {
            int p = (o * b[1] + k) * b[2] + j;
            if (!seen && d[p] == 0) {
              seen = true;
              anyZero = true;
              at[p] = 1;
            } else if (!seen) {
              before[p] = 1;
            }
          }
        }
      }
      Cumsum reversed = new Cumsum(ax, true);
      Tensor gr = reversed.apply(g.mul(node.result()));
      if (!anyZero) {
        return new Tensor[] {gr.div(x)};
      }
      Tensor one = Tensor.scalar(1);
      Tensor isBefore = Tensor.wrap(before, shape);
      Tensor isAt = Tensor.wrap(at, shape);
      Tensor early = gr.div(Tensor.where(isBefore, x, one));
      Tensor grWithout = reversed.apply(g.mul(new Cumprod(ax).apply(Tensor.where(isAt, one, x))));
      // After z the value is 0, but as x_z times the rest, so that its derivative in x_z is right.
      Tensor xz = x.mul(isAt).sum(new int[] {ax}, true);
      Tensor late = grWithout.div(Tensor.where(x.eq(Tensor.scalar(0)), one, x)).mul(xz);
      return new Tensor[] {Tensor.where(isBefore, early, Tensor.where(isAt, grWithout, late))};
    }
  }
}
