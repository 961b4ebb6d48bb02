package dev.autograd.ops;

import dev.autograd.Args;
import dev.autograd.DType;
import dev.autograd.Node;
import dev.autograd.Primitive;
import dev.autograd.Tensor;
import dev.autograd.internal.FloatLoops;

/**
 * Conversions between precisions, as primitives: {@code x.to(FLOAT32)} and {@code x.to(FLOAT64)}.
 * Each one's rule is the other conversion, so a gradient always has its input's precision.
 */
public final class Precision {
  private Precision() {}

  /** The shared instance of {@link ToFloat32}. */
  public static final Primitive TO_FLOAT32 = new ToFloat32();
  /** The shared instance of {@link ToFloat64}. */
  public static final Primitive TO_FLOAT64 = new ToFloat64();

  /**
   * The conversion into a precision.
   *
   * @param dtype the precision of the result
   * @return {@link #TO_FLOAT32} or {@link #TO_FLOAT64}
   */
  public static Primitive to(DType dtype) {
    Args.notNull(dtype, "to", "dtype");
    return dtype == DType.FLOAT32 ? TO_FLOAT32 : TO_FLOAT64;
  }

  /**
   * A tensor's values as doubles, to read: its storage itself when it is float64, else a copy.
   *
   * @param x any tensor
   * @return an array of {@code x.size()} values, never to be written into
   */
  public static double[] values(Tensor x) {
    Args.notNull(x, "values", "x");
    return x.dtype() == DType.FLOAT64 ? x.storage() : x.toArray();
  }

  /**
   * A float64 copy of a tensor's values, outside any graph (what an op without float32 kernels
   * computes on).
   *
   * @param x any tensor
   * @return {@code x} itself (detached) when it is float64, else a new float64 tensor of its values
   */
  public static Tensor widen(Tensor x) {
    Args.notNull(x, "widen", "x");
    return x.dtype() == DType.FLOAT64 ? x : Tensor.wrapLike(FloatLoops.widen(x.floatStorage()), x);
  }

  /**
   * A float32 copy of a tensor's values rounded to nearest, outside any graph.
   *
   * @param x any tensor
   * @return {@code x} itself when it is float32, else a new float32 tensor of its rounded values
   */
  public static Tensor narrow(Tensor x) {
    Args.notNull(x, "narrow", "x");
    return x.dtype() == DType.FLOAT32 ? x : Tensor.wrapLike(FloatLoops.narrow(x.storage()), x);
  }

  /** {@code r = float32(x)} (rounded to nearest);  {@code dx = float64(g)}. */
  public static final class ToFloat32 extends BuiltIn {
    @Override public String name() { return "toFloat32"; }
    @Override protected boolean computesFloat32() { return true; }
    @Override protected Tensor forward(Tensor... in) {
      return in[0].dtype() == DType.FLOAT32 ? in[0].copy() : narrow(in[0]);
    }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return new Tensor[] {g.to(node.input(0).dtype())}; }
  }

  /** {@code r = float64(x)} (exact);  {@code dx = float32(g)}. */
  public static final class ToFloat64 extends BuiltIn {
    @Override public String name() { return "toFloat64"; }
    @Override protected boolean computesFloat32() { return true; }
    @Override protected Tensor forward(Tensor... in) {
      return in[0].dtype() == DType.FLOAT64 ? in[0].copy() : widen(in[0]);
    }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return new Tensor[] {g.to(node.input(0).dtype())}; }
  }
}
