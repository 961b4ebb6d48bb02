package dev.autograd;

import dev.autograd.ops.Decompositions;
import dev.autograd.ops.Elementwise;
import dev.autograd.ops.LinearAlgebra;
import dev.autograd.ops.Movement;
import dev.autograd.ops.Piecewise;
import dev.autograd.ops.Precision;
import dev.autograd.ops.Reduce;
import dev.autograd.ops.Scan;
import dev.autograd.ops.SpecialFunctions;
import dev.autograd.ops.Trigonometric;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import java.util.random.RandomGenerator;
import java.util.SplittableRandom;

/**
 * An N-dimensional array of numbers (rank 0 is a scalar) that can take part in a computation
 * graph.
 *
 * <p>Values live in one contiguous row-major array: a {@code double[]} for {@link DType#FLOAT64}
 * (the default), a {@code float[]} for {@link DType#FLOAT32} ({@link #to(DType)} converts, and is
 * differentiable; every op computes in its operands' precision, see {@link DType} for mixed
 * operands). A tensor computed from tensors that
 * {@linkplain #requiresGrad() require a gradient} remembers the {@link Node} that produced it, so
 * that {@link #backward()} or {@link Autograd} can differentiate it. Operations never modify their
 * operands; they return new tensors (which may share storage, as {@link #reshape} does).
 *
 * <p>Elementwise operations broadcast like NumPy: shapes are aligned on the right and a dimension
 * of 1 stretches to match; each input's gradient is summed back to the input's own shape.
 *
 * <p>A tensor is safe to read from several threads; a graph should be built and differentiated by
 * one thread at a time.
 */
public final class Tensor {
  /** The values of a float64 tensor; null for float32. */
  final double[] data;
  /** The values of a float32 tensor; null for float64. */
  final float[] fdata;
  final int[] shape;
  Node node;
  boolean requiresGrad;
  Tensor grad;
  boolean gradOwned;
  /** {@link System#identityHashCode} of this tensor, cached (0 until first asked; engine only). */
  private int identity;
  private String label;

  private Tensor(double[] data, int[] shape) {
    this.data = data;
    this.fdata = null;
    this.shape = shape;
  }

  private Tensor(float[] fdata, int[] shape) {
    this.data = null;
    this.fdata = fdata;
    this.shape = shape;
  }

  /** A tensor of {@code shape} over the same kind of array as {@code values} (engine only). */
  static Tensor over(Object values, int[] shape) {
    return values instanceof float[] ? new Tensor((float[]) values, shape) : new Tensor((double[]) values, shape);
  }

  // ---------------------------------------------------------------- factories

  /**
   * Wraps an array without copying it: the tensor takes ownership, and the caller must not modify
   * {@code data} afterwards. For implementing primitives and kernels; users normally want {@link #of}.
   *
   * @param data the values in row-major order, exactly {@code Shape.size(shape)} of them; kept, not copied
   * @param shape the dimension sizes, each at least 1 (none for a scalar); the array is not kept
   * @return a new tensor over {@code data}
   */
  public static Tensor wrap(double[] data, int... shape) {
    Args.notNull(data, "wrap", "data");
    return new Tensor(data, shapeFor(data.length, shape));
  }

  /** The checked shape for an array of {@code length} values. */
  private static int[] shapeFor(int length, int[] shape) {
    Args.notNull(shape, "wrap", "shape");
    int[] s = Shape.check("tensor", shape);
    if (length != Shape.size(s)) {
      throw new IllegalArgumentException(
          "tensor: shape " + Shape.str(s) + " needs " + Shape.size(s) + " values; got " + length);
    }
    return s;
  }

  /** {@code like}'s shape, checked against an array of {@code length} values. */
  private static int[] shapeLike(int length, Tensor like) {
    Args.notNull(like, "wrapLike", "like");
    if (length != like.size()) {
      throw new IllegalArgumentException(
          "tensor: shape " + Shape.str(like.shape) + " needs " + like.size() + " values; got " + length);
    }
    return like.shape;
  }

  /**
   * Like {@link #wrap} with the shape of {@code like}; no checks beyond the element count.
   *
   * @param data the values in row-major order, {@code like.size()} of them; kept, not copied
   * @param like the tensor whose shape the result takes
   * @return a new tensor over {@code data}, shaped like {@code like}
   */
  public static Tensor wrapLike(double[] data, Tensor like) {
    Args.notNull(data, "wrapLike", "data");
    return new Tensor(data, shapeLike(data.length, like));
  }

  /**
   * A float32 tensor over {@code data}, without copying it; as {@link #wrap(double[], int...)}.
   *
   * @param data the values in row-major order, exactly {@code Shape.size(shape)} of them; kept, not copied
   * @param shape the dimension sizes, each at least 1 (none for a scalar); the array is not kept
   * @return a new float32 tensor over {@code data}
   */
  public static Tensor wrap(float[] data, int... shape) {
    Args.notNull(data, "wrap", "data");
    return new Tensor(data, shapeFor(data.length, shape));
  }

  /**
   * A float32 tensor over {@code data} with the shape of {@code like}; no checks beyond the element count.
   *
   * @param data the values in row-major order, {@code like.size()} of them; kept, not copied
   * @param like the tensor whose shape the result takes
   * @return a new float32 tensor over {@code data}, shaped like {@code like}
   */
  public static Tensor wrapLike(float[] data, Tensor like) {
    Args.notNull(data, "wrapLike", "data");
    return new Tensor(data, shapeLike(data.length, like));
  }

  /**
   * A float32 tensor of the given shape holding a copy of {@code data} in row-major order.
   *
   * @param data the values in row-major order, exactly the product of {@code shape} of them
   * @param shape the dimension sizes, each at least 1 (none for a scalar); the array is not kept
   * @return a new float32 tensor that owns its copy of the values
   */
  public static Tensor of(float[] data, int... shape) {
    Args.notNull(data, "of", "data");
    Args.notNull(shape, "of", "shape");
    return wrap(data.clone(), shape);
  }

  /**
   * A tensor of the given shape holding a copy of {@code data} in row-major order.
   *
   * @param data the values in row-major order, exactly the product of {@code shape} of them
   * @param shape the dimension sizes, each at least 1 (none for a scalar); the array is not kept
   * @return a new tensor that owns its copy of the values
   */
  public static Tensor of(double[] data, int... shape) {
    Args.notNull(data, "of", "data");
    Args.notNull(shape, "of", "shape");
    return wrap(data.clone(), shape);
  }

  /**
   * A rank-0 tensor.
   *
   * @param value the single element
   * @return a new tensor of shape {@code []}
   */
  public static Tensor scalar(double value) {
    return new Tensor(new double[] {value}, new int[0]);
  }

  /**
   * A rank-0 tensor of the given precision.
   *
   * @param dtype the precision; a float32 scalar holds {@code (float) value}
   * @param value the single element
   * @return a new tensor of shape {@code []}
   */
  public static Tensor scalar(DType dtype, double value) {
    Args.notNull(dtype, "scalar", "dtype");
    return dtype == DType.FLOAT32 ? new Tensor(new float[] {(float) value}, new int[0]) : scalar(value);
  }

  /** A rank-0 constant of this tensor's precision: what a Java {@code double} operand becomes. */
  private Tensor constant(double value) {
    return fdata != null ? new Tensor(new float[] {(float) value}, new int[0]) : new Tensor(new double[] {value}, new int[0]);
  }

  /**
   * A rank-1 tensor.
   *
   * @param values the elements, at least one; copied
   * @return a new tensor of shape {@code [values.length]}
   */
  public static Tensor vector(double... values) {
    Args.notNull(values, "vector", "values");
    if (values.length == 0) {
      throw new IllegalArgumentException("vector: needs at least one value");
    }
    return new Tensor(values.clone(), new int[] {values.length});
  }

  /**
   * A rank-2 tensor from rows, which must all have the same positive length.
   *
   * @param rows the rows, at least one, none null; copied
   * @return a new tensor of shape {@code [rows.length, rows[0].length]}
   */
  public static Tensor matrix(double[][] rows) {
    Args.noNulls(rows, "matrix", "rows");
    return matrix(rows, "matrix");
  }

  /** {@link #matrix(double[][])} once the caller has checked that no row is null; errors name {@code op}. */
  private static Tensor matrix(double[][] rows, String op) {
    if (rows.length == 0 || rows[0].length == 0) {
      throw new IllegalArgumentException(op + ": needs at least one row of at least one value");
    }
    int n = rows[0].length;
    double[] d = new double[rows.length * n];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != n) {
        throw new IllegalArgumentException(
            op + ": row " + i + " has " + rows[i].length + " values; row 0 has " + n
                + " (rows must have equal length)");
      }
      System.arraycopy(rows[i], 0, d, i * n, n);
    }
    return new Tensor(d, new int[] {rows.length, n});
  }

  /**
   * A rank-2 tensor; same as {@link #matrix}.
   *
   * @param rows the rows, at least one, none null; copied
   * @return a new tensor of shape {@code [rows.length, rows[0].length]}
   */
  public static Tensor of(double[][] rows) {
    Args.noNulls(rows, "of", "rows");
    return matrix(rows, "matrix");
  }

  /**
   * A rank-3 tensor from nested arrays, which must be rectangular.
   *
   * @param blocks the matrices, at least one, all of one shape {@code [r, c]}; copied
   * @return a new tensor of shape {@code [blocks.length, r, c]}
   */
  public static Tensor of(double[][][] blocks) {
    Args.noNulls(blocks, "of", "blocks");
    for (int b = 0; b < blocks.length; b++) {
      Args.noNulls(blocks[b], "of", "blocks[" + b + "]");
    }
    if (blocks.length == 0) {
      throw new IllegalArgumentException("tensor: needs at least one block");
    }
    Tensor first = matrix(blocks[0], "matrix");
    int r = first.shape[0];
    int c = first.shape[1];
    double[] d = new double[blocks.length * r * c];
    for (int b = 0; b < blocks.length; b++) {
      Tensor m = matrix(blocks[b], "matrix");
      if (m.shape[0] != r || m.shape[1] != c) {
        throw new IllegalArgumentException(
            "tensor: block " + b + " has shape " + Shape.str(m.shape) + "; block 0 has " + Shape.str(first.shape));
      }
      System.arraycopy(m.data, 0, d, b * r * c, r * c);
    }
    return new Tensor(d, new int[] {blocks.length, r, c});
  }

  /**
   * All zeros.
   *
   * @param shape the dimension sizes, each at least 1 (none for a scalar); the array is not kept
   * @return a new tensor
   */
  public static Tensor zeros(int... shape) {
    Args.notNull(shape, "zeros", "shape");
    int[] s = Shape.check("zeros", shape);
    return new Tensor(new double[Shape.size(s)], s);
  }

  /**
   * All zeros, in the given precision.
   *
   * @param dtype the precision of the result
   * @param shape the dimension sizes, each at least 1 (none for a scalar); the array is not kept
   * @return a new tensor
   */
  public static Tensor zeros(DType dtype, int... shape) {
    Args.notNull(dtype, "zeros", "dtype");
    Args.notNull(shape, "zeros", "shape");
    int[] s = Shape.check("zeros", shape);
    return dtype == DType.FLOAT32 ? new Tensor(new float[Shape.size(s)], s) : new Tensor(new double[Shape.size(s)], s);
  }

  /**
   * All ones, in the given precision.
   *
   * @param dtype the precision of the result
   * @param shape the dimension sizes, each at least 1 (none for a scalar); the array is not kept
   * @return a new tensor
   */
  public static Tensor ones(DType dtype, int... shape) {
    Args.notNull(dtype, "ones", "dtype");
    Args.notNull(shape, "ones", "shape");
    return full(dtype, 1.0, shape);
  }

  /**
   * Every element equal to {@code value}, in the given precision.
   *
   * @param dtype the precision of the result; float32 elements hold {@code (float) value}
   * @param value the value of every element
   * @param shape the dimension sizes, each at least 1 (none for a scalar); the array is not kept
   * @return a new tensor
   */
  public static Tensor full(DType dtype, double value, int... shape) {
    Args.notNull(dtype, "full", "dtype");
    Args.notNull(shape, "full", "shape");
    if (dtype == DType.FLOAT64) {
      return full(value, shape);
    }
    int[] s = Shape.check("full", shape);
    float[] d = new float[Shape.size(s)];
    Arrays.fill(d, (float) value);
    return new Tensor(d, s);
  }

  /**
   * All ones.
   *
   * @param shape the dimension sizes, each at least 1 (none for a scalar); the array is not kept
   * @return a new tensor
   */
  public static Tensor ones(int... shape) {
    Args.notNull(shape, "ones", "shape");
    int[] s = Shape.check("ones", shape);
    double[] d = new double[Shape.size(s)];
    Arrays.fill(d, 1.0);
    return new Tensor(d, s);
  }

  /**
   * Every element equal to {@code value}.
   *
   * @param value the value of every element
   * @param shape the dimension sizes, each at least 1 (none for a scalar); the array is not kept
   * @return a new tensor
   */
  public static Tensor full(double value, int... shape) {
    Args.notNull(shape, "full", "shape");
    int[] s = Shape.check("full", shape);
    double[] d = new double[Shape.size(s)];
    Arrays.fill(d, value);
    return new Tensor(d, s);
  }

  /**
   * Zeros with the shape and precision of {@code like}.
   *
   * @param like the tensor whose shape and {@link #dtype()} the result takes
   * @return a new tensor, not connected to {@code like}'s graph
   */
  public static Tensor zerosLike(Tensor like) {
    Args.notNull(like, "zerosLike", "like");
    return like.fdata != null ? new Tensor(new float[like.fdata.length], like.shape)
        : new Tensor(new double[like.data.length], like.shape);
  }

  /**
   * Ones with the shape and precision of {@code like}.
   *
   * @param like the tensor whose shape and {@link #dtype()} the result takes
   * @return a new tensor, not connected to {@code like}'s graph
   */
  public static Tensor onesLike(Tensor like) {
    Args.notNull(like, "onesLike", "like");
    if (like.fdata != null) {
      return full(DType.FLOAT32, 1.0, like.shape);
    }
    double[] d = new double[like.data.length];
    Arrays.fill(d, 1.0);
    return new Tensor(d, like.shape);
  }

  /**
   * {@code 0, 1, ..., n-1} as a vector.
   *
   * @param n the number of values, at least 1
   * @return a new tensor of shape {@code [n]}
   * @throws IllegalArgumentException when {@code n < 1}: a tensor has at least one element
   */
  public static Tensor arange(int n) {
    if (n < 1) {
      throw new IllegalArgumentException(
          "arange: needs n >= 1 (a tensor has at least one element); got n = " + n);
    }
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = i;
    }
    return wrap(d, n);
  }

  /**
   * {@code n} evenly spaced values from {@code from} to {@code to} inclusive.
   *
   * @param from the first value
   * @param to the last value
   * @param n the number of values, at least 2
   * @return a new tensor of shape {@code [n]}
   */
  public static Tensor linspace(double from, double to, int n) {
    if (n < 2) {
      throw new IllegalArgumentException("linspace: needs at least 2 points; got " + n);
    }
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = from + (to - from) * i / (n - 1);
    }
    return wrap(d, n);
  }

  /**
   * Independent uniform values in [0, 1) from a generator seeded with {@code seed}.
   *
   * @param seed the generator's seed; equal seeds give equal tensors
   * @param shape the dimension sizes, each at least 1 (none for a scalar); the array is not kept
   * @return a new tensor
   */
  public static Tensor rand(long seed, int... shape) {
    Args.notNull(shape, "rand", "shape");
    return uniform(new SplittableRandom(seed), 0, 1, shape);
  }

  /**
   * Independent standard normal values from a generator seeded with {@code seed}.
   *
   * @param seed the generator's seed; equal seeds give equal tensors
   * @param shape the dimension sizes, each at least 1 (none for a scalar); the array is not kept
   * @return a new tensor
   */
  public static Tensor randn(long seed, int... shape) {
    Args.notNull(shape, "randn", "shape");
    return normal(new SplittableRandom(seed), 0, 1, shape);
  }

  /**
   * Independent uniform values in [lo, hi) drawn from {@code rng}.
   *
   * @param rng the source of randomness; advanced by one draw per element
   * @param lo the lower bound (inclusive)
   * @param hi the upper bound (exclusive)
   * @param shape the dimension sizes, each at least 1 (none for a scalar); the array is not kept
   * @return a new tensor
   */
  public static Tensor uniform(RandomGenerator rng, double lo, double hi, int... shape) {
    Args.notNull(rng, "uniform", "rng");
    Args.notNull(shape, "uniform", "shape");
    int[] s = Shape.check("uniform", shape);
    double[] d = new double[Shape.size(s)];
    for (int i = 0; i < d.length; i++) {
      d[i] = lo + (hi - lo) * rng.nextDouble();
    }
    return new Tensor(d, s);
  }

  /**
   * Independent normal values with the given mean and standard deviation drawn from {@code rng}.
   *
   * @param rng the source of randomness; advanced by the draws
   * @param mean the mean of every element
   * @param std the standard deviation of every element
   * @param shape the dimension sizes, each at least 1 (none for a scalar); the array is not kept
   * @return a new tensor
   */
  public static Tensor normal(RandomGenerator rng, double mean, double std, int... shape) {
    Args.notNull(rng, "normal", "rng");
    Args.notNull(shape, "normal", "shape");
    int[] s = Shape.check("normal", shape);
    double[] d = new double[Shape.size(s)];
    for (int i = 0; i < d.length; i++) {
      d[i] = mean + std * rng.nextGaussian();
    }
    return new Tensor(d, s);
  }

  /**
   * A leaf that requires a gradient; shorthand for {@code of(...).requiresGrad(true)}.
   *
   * @param data the values in row-major order, exactly the product of {@code shape} of them; copied
   * @param shape the dimension sizes, each at least 1 (none for a scalar); the array is not kept
   * @return a new leaf tensor with {@link #requiresGrad()} true
   */
  public static Tensor param(double[] data, int... shape) {
    Args.notNull(data, "param", "data");
    Args.notNull(shape, "param", "shape");
    return of(data, shape).requiresGrad(true);
  }

  // ---------------------------------------------------------------- values

  /**
   * A copy of the shape.
   *
   * @return a new array of the dimension sizes; empty for a scalar
   */
  public int[] shape() {
    return shape.clone();
  }

  /**
   * Size of one dimension; negative axes count from the end.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return the length of that axis, at least 1
   */
  public int dim(int axis) {
    return shape[Shape.axis("dim", axis, shape.length)];
  }

  /** This tensor's identity hash, computed once: every thread computes the same value (engine only). */
  int identity() {
    int h = identity;
    if (h == 0) {
      h = System.identityHashCode(this) | 1;
      identity = h;
    }
    return h;
  }

  /**
   * True when {@code other} has exactly this tensor's shape.
   *
   * @param other the tensor to compare with
   * @return whether both shapes are the same (values are not compared)
   */
  public boolean sameShape(Tensor other) {
    Args.notNull(other, "sameShape", "other");
    return Arrays.equals(shape, other.shape);
  }

  /**
   * Number of dimensions (0 for a scalar).
   *
   * @return the rank, 0 or more
   */
  public int rank() {
    return shape.length;
  }

  /**
   * Number of elements.
   *
   * @return the product of the dimension sizes, at least 1
   */
  public int size() {
    return data != null ? data.length : fdata.length;
  }

  /**
   * The precision of the values.
   *
   * @return {@link DType#FLOAT64} (a {@code double[]} storage) or {@link DType#FLOAT32} ({@code float[]})
   */
  public DType dtype() {
    return fdata != null ? DType.FLOAT32 : DType.FLOAT64;
  }

  /**
   * This tensor in another precision, like {@code torch.Tensor.to(dtype)}: this tensor itself when
   * it already has that precision, else a converted copy (rounded to nearest for float64 to
   * float32). Recorded: the gradient flows back converted to this tensor's precision.
   *
   * @param dtype the precision wanted
   * @return this tensor, or a new tensor of the same shape in {@code dtype}
   */
  public Tensor to(DType dtype) {
    Args.notNull(dtype, "to", "dtype");
    return dtype == dtype() ? this : Recorder.record1(Precision.to(dtype), this);
  }

  /** The value at a flat offset, whatever the precision. */
  private double value(int i) {
    return data != null ? data[i] : fdata[i];
  }

  /** The backing array, {@code double[]} or {@code float[]} (engine only: identity comparisons). */
  Object array() {
    return data != null ? data : fdata;
  }

  /**
   * True for a tensor of shape {@code []}.
   *
   * @return whether the rank is 0
   */
  public boolean isScalar() {
    return shape.length == 0;
  }

  /**
   * The value of a one-element tensor.
   *
   * @return the single element
   */
  public double item() {
    if (size() != 1) {
      throw new IllegalStateException(
          "item(): needs a tensor with exactly one element; got shape " + Shape.str(shape));
    }
    return value(0);
  }

  /**
   * The element at a multi-index, which must name every dimension.
   *
   * @param index one coordinate per axis, each {@code 0 .. dim(axis)-1}
   * @return the element at that position
   */
  public double get(int... index) {
    Args.notNull(index, "get", "index");
    return value(offset("get", index));
  }

  /**
   * The flat row-major offset of a multi-index.
   *
   * @param op the operation's name, used in the error message for a bad index
   * @param index one coordinate per axis, each {@code 0 .. dim(axis)-1}
   * @return the offset into {@link #storage()}, {@code 0 .. size()-1}
   */
  public int offset(String op, int... index) {
    Args.notNull(op, "offset", "op");
    Args.notNull(index, op, "index");
    if (index.length != shape.length) {
      throw new IllegalArgumentException(
          op + ": index " + Arrays.toString(index) + " has " + index.length + " coordinates for shape "
              + Shape.str(shape));
    }
    int off = 0;
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        throw new IndexOutOfBoundsException(
            op + ": index " + Arrays.toString(index) + " is out of bounds for shape " + Shape.str(shape));
      }
      off = off * shape[i] + index[i];
    }
    return off;
  }

  /**
   * The multi-index of a flat row-major offset.
   *
   * @param offset the position in {@link #storage()}
   * @return a new array of one coordinate per axis; empty for a scalar
   * @throws IndexOutOfBoundsException unless {@code 0 <= offset < size()}
   */
  public int[] index(int offset) {
    if (offset < 0 || offset >= size()) {
      throw new IndexOutOfBoundsException(
          "index: offset " + offset + " is out of range for shape " + Shape.str(shape)
              + " (expected 0 .. " + (size() - 1) + ")");
    }
    int[] idx = new int[shape.length];
    for (int i = shape.length - 1; i >= 0; i--) {
      idx[i] = offset % shape[i];
      offset /= shape[i];
    }
    return idx;
  }

  /**
   * A copy of the values in row-major order, as doubles whatever the precision.
   *
   * @return a new array of {@link #size()} values
   */
  public double[] toArray() {
    if (data != null) {
      return data.clone();
    }
    double[] out = new double[fdata.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = fdata[i];
    }
    return out;
  }

  /**
   * A copy of a rank-2 tensor's values as rows.
   *
   * @return a new array of {@code dim(0)} rows, each of {@code dim(1)} values
   */
  public double[][] toMatrix() {
    if (shape.length != 2) {
      throw new IllegalStateException("toMatrix(): needs a rank-2 tensor; got shape " + Shape.str(shape));
    }
    double[][] rows = new double[shape[0]][];
    for (int i = 0; i < shape[0]; i++) {
      rows[i] = new double[shape[1]];
      for (int j = 0; j < shape[1]; j++) {
        rows[i][j] = value(i * shape[1] + j);
      }
    }
    return rows;
  }

  /**
   * The live backing array, row-major. Writing into it changes this tensor (and every tensor that
   * shares its storage, such as reshapes). Meant for kernels, primitives and optimizers updating
   * leaf parameters outside any graph; never modify a tensor that a recorded graph still uses.
   *
   * @return the array itself, not a copy
   * @throws IllegalStateException for a float32 tensor (use {@link #floatStorage()})
   */
  public double[] storage() {
    if (data == null) {
      throw new IllegalStateException("storage(): this tensor of shape " + Shape.str(shape)
          + " is float32, stored as float[]: use floatStorage(), or toArray() for a copy as doubles");
    }
    return data;
  }

  /**
   * The live backing array of a float32 tensor, row-major; as {@link #storage()} for float64.
   *
   * @return the array itself, not a copy
   * @throws IllegalStateException for a float64 tensor (use {@link #storage()})
   */
  public float[] floatStorage() {
    if (fdata == null) {
      throw new IllegalStateException("floatStorage(): this tensor of shape " + Shape.str(shape)
          + " is float64, stored as double[]: use storage(), or to(DType.FLOAT32) for a float32 copy");
    }
    return fdata;
  }

  /**
   * A new tensor with a copy of the values and no graph.
   *
   * @return a new leaf tensor that does not require a gradient
   */
  public Tensor copy() {
    return data != null ? new Tensor(data.clone(), shape) : new Tensor(fdata.clone(), shape);
  }

  /**
   * A tensor sharing these values but cut from the graph: it has no history and does not require a
   * gradient, so nothing flows back through it.
   *
   * @return a new leaf tensor over the same storage
   */
  public Tensor detach() {
    Tensor t = data != null ? new Tensor(data, shape) : new Tensor(fdata, shape);
    t.label = label;
    return t;
  }

  /**
   * Applies {@code f} to every element. The result is a constant: it is not recorded and no gradient
   * flows through it (write a {@link Primitive} for a differentiable function).
   *
   * @param f the function, applied once per element in row-major order (to a float32 element
   *     widened to double; the result is rounded back)
   * @return a new constant tensor of this tensor's shape and precision
   */
  public Tensor map(DoubleUnaryOperator f) {
    Args.notNull(f, "map", "f");
    if (fdata != null) {
      float[] out = new float[fdata.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) f.applyAsDouble(fdata[i]);
      }
      return new Tensor(out, shape);
    }
    double[] out = new double[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.applyAsDouble(data[i]);
    }
    return new Tensor(out, shape);
  }

  /**
   * True when every element is finite (no NaN, no infinity).
   *
   * @return whether no element is NaN or infinite
   */
  public boolean isFinite() {
    return Anomaly.allFinite(array());
  }

  /**
   * True when shapes are equal and {@code |a - b| <= atol + rtol·|b|} for every element (NaNs are
   * equal to nothing).
   *
   * @param other the tensor to compare with (the {@code b} above)
   * @param rtol the tolerance relative to {@code |b|}, at least 0
   * @param atol the absolute tolerance, at least 0
   * @return whether the shapes are equal and every pair of elements is close
   */
  public boolean allClose(Tensor other, double rtol, double atol) {
    Args.notNull(other, "allClose", "other");
    if (!Arrays.equals(shape, other.shape)) {
      return false;
    }
    for (int i = 0; i < size(); i++) {
      double a = value(i);
      double b = other.value(i);
      if (a == b) {
        continue;
      }
      if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b))) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@link #allClose(Tensor, double, double)} with rtol 1e-9 and atol 1e-12.
   *
   * @param other the tensor to compare with
   * @return whether the shapes are equal and every pair of elements is close
   */
  public boolean allClose(Tensor other) {
    Args.notNull(other, "allClose", "other");
    return allClose(other, 1e-9, 1e-12);
  }

  /**
   * Largest absolute elementwise difference; infinite when shapes differ.
   *
   * @param other the tensor to compare with
   * @return the largest {@code |this - other|}, 0 or more
   */
  public double maxAbsDiff(Tensor other) {
    Args.notNull(other, "maxAbsDiff", "other");
    if (!Arrays.equals(shape, other.shape)) {
      return Double.POSITIVE_INFINITY;
    }
    double m = 0;
    for (int i = 0; i < size(); i++) {
      double d = Math.abs(value(i) - other.value(i));
      if (!(d <= m)) {
        m = d;
      }
    }
    return m;
  }

  /**
   * An optional name shown in reports and graph drawings.
   *
   * @return the name, or null if none was set
   */
  public String label() {
    return label;
  }

  /**
   * Sets the name shown in reports and graph drawings; returns this tensor.
   *
   * @param name the name, not null
   * @return this tensor
   */
  public Tensor label(String name) {
    Args.notNull(name, "label", "name");
    this.label = name;
    return this;
  }

  // ---------------------------------------------------------------- graph

  /**
   * True when gradients flow to or through this tensor.
   *
   * @return whether this tensor is a marked leaf or was computed from one
   */
  public boolean requiresGrad() {
    return requiresGrad;
  }

  /**
   * Marks a leaf as a parameter whose gradient {@link #backward()} accumulates; returns this tensor.
   *
   * @param on true to require a gradient, false to stop requiring one
   * @return this tensor
   * @throws IllegalStateException on a tensor computed by a recorded op (only leaves can be marked)
   */
  public Tensor requiresGrad(boolean on) {
    if (node != null) {
      throw new IllegalStateException(
          "requiresGrad: only leaf tensors can be marked; this one was computed by '" + node.op().name()
              + "' (use detach() to make a leaf)");
    }
    requiresGrad = on;
    return this;
  }

  /**
   * The node that computed this tensor, or null for leaves and constants.
   *
   * @return the producing node, or null
   */
  public Node node() {
    return node;
  }

  /**
   * True when this tensor was not computed by a recorded op.
   *
   * @return whether this tensor has no producing node
   */
  public boolean isLeaf() {
    return node == null;
  }

  /**
   * The gradient accumulated by {@link #backward()}, or null if none has arrived. Read-only: it may
   * share storage with other gradients of the same pass (the engine does not copy), so never write
   * into its {@link #storage()}.
   *
   * @return the gradient, of this tensor's shape, or null
   */
  public Tensor grad() {
    return grad;
  }

  /** Forgets the accumulated gradient. */
  public void zeroGrad() {
    synchronized (this) {
      grad = null;
      gradOwned = false;
    }
  }

  /**
   * Adds a finished pass's gradient into {@link #grad()} (engine only). The first gradient is
   * stored as it is, without a copy (it may share storage with another gradient, which is why
   * gradients are read-only); a later one is added into a tensor that this leaf owns.
   *
   * @param passOwned the pass allocated {@code g} and nobody else holds it
   */
  void accumulateGrad(Tensor g, boolean passOwned, boolean createGraph) {
    synchronized (this) {
      if (createGraph) {
        grad = grad == null ? g : grad.add(g);
        gradOwned = false;
      } else if (grad == null) {
        grad = g.requiresGrad ? g.detach() : g;
        gradOwned = passOwned;
      } else if (gradOwned) {
        Backprop.addInto(grad.array(), g.array());
      } else {
        grad = over(Backprop.sum(grad.array(), g.array()), shape);
        gradOwned = true;
      }
    }
  }

  /**
   * Accumulates {@code d(this)/d(leaf)} into the {@link #grad()} of every leaf that requires a
   * gradient, then frees the graph. This tensor must be a scalar.
   *
   * @throws IllegalArgumentException when this tensor is not a scalar: pass a seed gradient
   */
  public void backward() {
    if (size() != 1) {
      throw new IllegalArgumentException(
          "backward() needs a scalar output or an explicit seed gradient; got shape " + Shape.str(shape));
    }
    backward(onesLike(this), false);
  }

  /**
   * Like {@link #backward()} with a seed gradient of this tensor's shape (a vector-Jacobian product).
   *
   * @param seed the gradient of the final result with respect to this tensor, of this tensor's shape
   */
  public void backward(Tensor seed) {
    Args.notNull(seed, "backward", "seed");
    backward(seed, false);
  }

  /**
   * Like {@link #backward(Tensor)}; with {@code retainGraph} the graph's saved tensors are kept so
   * that it can be differentiated again.
   *
   * @param seed the gradient of the final result with respect to this tensor, of this tensor's shape
   * @param retainGraph keep the saved tensors so the graph can be differentiated again
   */
  public void backward(Tensor seed, boolean retainGraph) {
    Args.notNull(seed, "backward", "seed");
    if (!requiresGrad) {
      throw new IllegalStateException(
          "backward(): this tensor does not depend on any tensor that requires a gradient "
              + "(mark parameters with requiresGrad(true), and do not compute it under GradMode.noGrad())");
    }
    Backprop.run(this, seed, null, false, retainGraph);
  }

  /**
   * Applies a primitive to this tensor and others. Same as {@code op.apply(this, others...)}.
   *
   * @param op the primitive to apply
   * @param others its further operands, after this tensor; none may be null
   * @return the primitive's result, recorded if any operand requires a gradient
   */
  public Tensor apply(Primitive op, Tensor... others) {
    Args.notNull(op, "apply", "op");
    Args.noNulls(others, "apply", "others");
    Tensor[] in = new Tensor[others.length + 1];
    in[0] = this;
    System.arraycopy(others, 0, in, 1, others.length);
    return op.apply(in);
  }

  // ---------------------------------------------------------------- arithmetic (broadcasting)

  /**
   * {@code this + other}.
   *
   * @param other the other operand; broadcast against this tensor
   * @return a new tensor of the broadcast shape of the operands
   */
  public Tensor add(Tensor other) {
    Args.notNull(other, "add", "other");
    return Recorder.record2(Elementwise.ADD, this, other);
  }

  /**
   * {@code this + c}.
   *
   * @param c the constant operand
   * @return a new tensor of this tensor's shape
   */
  public Tensor add(double c) {
    return add(constant(c));
  }

  /**
   * {@code this - other}.
   *
   * @param other the operand to subtract; broadcast against this tensor
   * @return a new tensor of the broadcast shape of the operands
   */
  public Tensor sub(Tensor other) {
    Args.notNull(other, "sub", "other");
    return Recorder.record2(Elementwise.SUB, this, other);
  }

  /**
   * {@code this - c}.
   *
   * @param c the constant operand
   * @return a new tensor of this tensor's shape
   */
  public Tensor sub(double c) {
    return sub(constant(c));
  }

  /**
   * {@code c - this}.
   *
   * @param c the constant to subtract this tensor from
   * @return a new tensor of this tensor's shape
   */
  public Tensor rsub(double c) {
    return constant(c).sub(this);
  }

  /**
   * {@code this · other}, elementwise.
   *
   * @param other the other operand; broadcast against this tensor
   * @return a new tensor of the broadcast shape of the operands
   */
  public Tensor mul(Tensor other) {
    Args.notNull(other, "mul", "other");
    return Recorder.record2(Elementwise.MUL, this, other);
  }

  /**
   * {@code this · c}.
   *
   * @param c the constant operand
   * @return a new tensor of this tensor's shape
   */
  public Tensor mul(double c) {
    return mul(constant(c));
  }

  /**
   * {@code this / other}, elementwise.
   *
   * @param other the divisor; broadcast against this tensor
   * @return a new tensor of the broadcast shape of the operands
   */
  public Tensor div(Tensor other) {
    Args.notNull(other, "div", "other");
    return Recorder.record2(Elementwise.DIV, this, other);
  }

  /**
   * {@code this / c}.
   *
   * @param c the divisor
   * @return a new tensor of this tensor's shape
   */
  public Tensor div(double c) {
    return div(constant(c));
  }

  /**
   * {@code c / this}.
   *
   * @param c the dividend
   * @return a new tensor of this tensor's shape
   */
  public Tensor rdiv(double c) {
    return constant(c).div(this);
  }

  /**
   * {@code -this}.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor neg() {
    return Recorder.record1(Elementwise.NEG, this);
  }

  // Operator names: Kotlin maps a + b, a - b, a * b and -a to these; a / b is div.

  /**
   * {@code this + other}: the same as {@link #add(Tensor)}, under the name Kotlin's {@code +}
   * operator calls.
   *
   * @param other the other operand; broadcast against this tensor
   * @return a new tensor of the broadcast shape of the operands
   */
  public Tensor plus(Tensor other) {
    Args.notNull(other, "plus", "other");
    return add(other);
  }

  /**
   * {@code this + c}: the same as {@link #add(double)}, for Kotlin's {@code +}.
   *
   * @param c the constant operand
   * @return a new tensor of this tensor's shape
   */
  public Tensor plus(double c) {
    return add(c);
  }

  /**
   * {@code this - other}: the same as {@link #sub(Tensor)}, under the name Kotlin's {@code -}
   * operator calls.
   *
   * @param other the operand to subtract; broadcast against this tensor
   * @return a new tensor of the broadcast shape of the operands
   */
  public Tensor minus(Tensor other) {
    Args.notNull(other, "minus", "other");
    return sub(other);
  }

  /**
   * {@code this - c}: the same as {@link #sub(double)}, for Kotlin's {@code -}.
   *
   * @param c the constant operand
   * @return a new tensor of this tensor's shape
   */
  public Tensor minus(double c) {
    return sub(c);
  }

  /**
   * {@code this · other}, elementwise: the same as {@link #mul(Tensor)}, under the name Kotlin's
   * {@code *} operator calls.
   *
   * @param other the other operand; broadcast against this tensor
   * @return a new tensor of the broadcast shape of the operands
   */
  public Tensor times(Tensor other) {
    Args.notNull(other, "times", "other");
    return mul(other);
  }

  /**
   * {@code this · c}: the same as {@link #mul(double)}, for Kotlin's {@code *}.
   *
   * @param c the constant operand
   * @return a new tensor of this tensor's shape
   */
  public Tensor times(double c) {
    return mul(c);
  }

  /**
   * {@code -this}: the same as {@link #neg()}, for Kotlin's unary {@code -}.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor unaryMinus() {
    return neg();
  }

  /**
   * {@code thisᵖ} for a constant exponent.
   *
   * @param p the exponent, any real number
   * @return a new tensor of this tensor's shape
   */
  public Tensor pow(double p) {
    return Recorder.record1(new Elementwise.PowConst(p), this);
  }

  /**
   * {@code this^exponent}, elementwise with broadcasting, wherever PyTorch defines it: a negative
   * base with an integer-valued exponent gives the real power ({@code (-2)³ = -8}) and the base's
   * gradient {@code t·xᵗ⁻¹} there; the exponent's gradient {@code r·log x} is NaN where the base is
   * negative. At {@code 0⁰} the base's gradient is 0, and where the base is 0 and the exponent is
   * non-negative the exponent's gradient is 0 (PyTorch's conventions).
   *
   * @param exponent the exponent; broadcast against this tensor
   * @return a new tensor of the broadcast shape of the operands
   */
  public Tensor pow(Tensor exponent) {
    Args.notNull(exponent, "pow", "exponent");
    return Recorder.record2(Elementwise.POW, this, exponent);
  }

  /**
   * {@code this²}.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor square() {
    return pow(2);
  }

  /**
   * {@code eˣ}.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor exp() {
    return Recorder.record1(Elementwise.EXP, this);
  }

  /**
   * Natural logarithm.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor log() {
    return Recorder.record1(Elementwise.LOG, this);
  }

  /**
   * {@code log(1 + x)}, accurate for small x.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor log1p() {
    return Recorder.record1(Elementwise.LOG1P, this);
  }

  /**
   * Square root.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor sqrt() {
    return Recorder.record1(Elementwise.SQRT, this);
  }

  /**
   * Absolute value.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor abs() {
    return Recorder.record1(Elementwise.ABS, this);
  }

  /**
   * Logistic sigmoid {@code 1 / (1 + e⁻ˣ)}, finite for every input.
   *
   * @return a new tensor of this tensor's shape, every value in [0, 1]
   */
  public Tensor sigmoid() {
    return Recorder.record1(Elementwise.SIGMOID, this);
  }

  /**
   * Hyperbolic tangent.
   *
   * @return a new tensor of this tensor's shape, every value in [-1, 1]
   */
  public Tensor tanh() {
    return Recorder.record1(Elementwise.TANH, this);
  }

  /**
   * {@code max(x, 0)}.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor relu() {
    return Recorder.record1(Elementwise.RELU, this);
  }

  /**
   * {@code log(1 + eˣ)}, computed without overflow; same as {@link #log1pExp()}.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor softplus() {
    return Recorder.record1(Elementwise.SOFTPLUS, this);
  }

  /**
   * {@code log(1 + eˣ)}, computed without overflow.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor log1pExp() {
    return softplus();
  }

  /**
   * Clamps every element into {@code [lo, hi]}; the gradient is 1 inside, 0 outside.
   *
   * @param lo the lower bound
   * @param hi the upper bound, at least {@code lo}
   * @return a new tensor of this tensor's shape
   */
  public Tensor clamp(double lo, double hi) {
    return new Elementwise.Clamp(lo, hi).apply(this);
  }

  /**
   * Elementwise choice: {@code mask ≠ 0 ? a : b}, broadcasting all three. The mask is a constant;
   * gradients flow to {@code a} where it is chosen and to {@code b} elsewhere. A NaN or infinity in
   * the branch not chosen stays out of the result; but that branch's own derivative rule still runs
   * at its (bad) point, and {@code 0 · ∞} there is NaN. To keep the gradient clean too, guard the
   * branch's input as well: {@code where(m, where(m, x, 1).sqrt(), 0)}.
   *
   * @param mask the condition; nonzero chooses {@code a}
   * @param a the values where the mask is nonzero
   * @param b the values where the mask is zero
   * @return a new tensor of the broadcast shape of all three
   */
  public static Tensor where(Tensor mask, Tensor a, Tensor b) {
    Args.notNull(mask, "where", "mask");
    Args.notNull(a, "where", "a");
    Args.notNull(b, "where", "b");
    return Elementwise.WHERE.apply(mask, a, b);
  }

  /**
   * {@code 1.0} where {@code this > other}, else {@code 0.0}; a constant mask.
   *
   * @param other the right-hand side; broadcast against this tensor
   * @return a new constant tensor of the broadcast shape, each element 0.0 or 1.0
   */
  public Tensor gt(Tensor other) {
    Args.notNull(other, "gt", "other");
    return Elementwise.compare("gt", this, other, (x, y) -> x > y);
  }

  /**
   * {@code 1.0} where {@code this > c}, else {@code 0.0}; a constant mask.
   *
   * @param c the right-hand side
   * @return a new constant tensor of this tensor's shape (values in {0, 1})
   */
  public Tensor gt(double c) {
    return gt(constant(c));
  }

  /**
   * {@code 1.0} where {@code this < other}, else {@code 0.0}; a constant mask.
   *
   * @param other the right-hand side; broadcast against this tensor
   * @return a new constant tensor of the broadcast shape, each element 0.0 or 1.0
   */
  public Tensor lt(Tensor other) {
    Args.notNull(other, "lt", "other");
    return Elementwise.compare("lt", this, other, (x, y) -> x < y);
  }

  /**
   * {@code 1.0} where {@code this < c}, else {@code 0.0}; a constant mask.
   *
   * @param c the right-hand side
   * @return a new constant tensor of this tensor's shape (values in {0, 1})
   */
  public Tensor lt(double c) {
    return lt(constant(c));
  }

  /**
   * {@code 1.0} where {@code this == other}, else {@code 0.0}; a constant mask.
   *
   * @param other the right-hand side; broadcast against this tensor
   * @return a new constant tensor of the broadcast shape, each element 0.0 or 1.0
   */
  public Tensor eq(Tensor other) {
    Args.notNull(other, "eq", "other");
    return Elementwise.compare("eq", this, other, (x, y) -> x == y);
  }

  /**
   * The sign of every element: -1, 0 or 1 (NaN for NaN). Recorded, with gradient 0 (as for
   * {@link #floor}, {@link #ceil} and {@link #round}).
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor sign() {
    return Recorder.record1(Piecewise.SIGN, this);
  }

  // ---------------------------------------------------------------- elementwise math

  /**
   * Sine (radians).
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor sin() {
    return Recorder.record1(Trigonometric.SIN, this);
  }

  /**
   * Cosine (radians).
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor cos() {
    return Recorder.record1(Trigonometric.COS, this);
  }

  /**
   * Tangent (radians).
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor tan() {
    return Recorder.record1(Trigonometric.TAN, this);
  }

  /**
   * Inverse sine, in [-π/2, π/2]; NaN outside [-1, 1].
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor asin() {
    return Recorder.record1(Trigonometric.ASIN, this);
  }

  /**
   * Inverse cosine, in [0, π]; NaN outside [-1, 1].
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor acos() {
    return Recorder.record1(Trigonometric.ACOS, this);
  }

  /**
   * Inverse tangent, in (-π/2, π/2).
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor atan() {
    return Recorder.record1(Trigonometric.ATAN, this);
  }

  /**
   * Hyperbolic sine.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor sinh() {
    return Recorder.record1(Trigonometric.SINH, this);
  }

  /**
   * Hyperbolic cosine.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor cosh() {
    return Recorder.record1(Trigonometric.COSH, this);
  }

  /**
   * Inverse hyperbolic sine.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor asinh() {
    return Recorder.record1(Trigonometric.ASINH, this);
  }

  /**
   * Inverse hyperbolic cosine; NaN below 1.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor acosh() {
    return Recorder.record1(Trigonometric.ACOSH, this);
  }

  /**
   * Inverse hyperbolic tangent; ±∞ at ±1, NaN outside [-1, 1].
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor atanh() {
    return Recorder.record1(Trigonometric.ATANH, this);
  }

  /**
   * The error function {@code 2/√π ∫₀ˣ e^(-t²) dt}.
   *
   * @return a new tensor of this tensor's shape, every value in [-1, 1]
   */
  public Tensor erf() {
    return Recorder.record1(SpecialFunctions.ERF, this);
  }

  /**
   * The complementary error function {@code 1 - erf x}, accurate where it is tiny.
   *
   * @return a new tensor of this tensor's shape, every value in [0, 2]
   */
  public Tensor erfc() {
    return Recorder.record1(SpecialFunctions.ERFC, this);
  }

  /**
   * {@code log|Γ(x)|}, the logarithm of the gamma function's absolute value (torch.lgamma); its
   * derivative is {@link #digamma()}.
   *
   * @return a new tensor of this tensor's shape; {@code +∞} at 0 and the negative integers
   */
  public Tensor lgamma() {
    return Recorder.record1(SpecialFunctions.LGAMMA, this);
  }

  /**
   * The digamma function {@code ψ(x) = d/dx log Γ(x)} (torch.digamma); its derivative is
   * {@code polygamma(1)}.
   *
   * @return a new tensor of this tensor's shape; {@code -∞} at +0, NaN at the negative integers
   */
  public Tensor digamma() {
    return Recorder.record1(SpecialFunctions.DIGAMMA, this);
  }

  /**
   * The polygamma function {@code ψ⁽ⁿ⁾(x)}, the n-th derivative of {@link #digamma()}
   * (torch.polygamma(n, x)); its derivative is {@code polygamma(n + 1)}.
   *
   * @param n the order, {@code ≥ 0}; 0 gives {@link #digamma()}
   * @return a new tensor of this tensor's shape; at 0 and the negative integers the limit from the
   *     right, {@code (-1)ⁿ⁺¹·∞}
   * @throws IllegalArgumentException if {@code n < 0}
   */
  public Tensor polygamma(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("polygamma: the order n must be >= 0; got " + n);
    }
    return n == 0 ? digamma() : Recorder.record1(new SpecialFunctions.Polygamma(n), this);
  }

  /**
   * {@code eˣ - 1}, accurate for small x.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor expm1() {
    return Recorder.record1(SpecialFunctions.EXPM1, this);
  }

  /**
   * Base-2 logarithm (exact at powers of two).
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor log2() {
    return Recorder.record1(SpecialFunctions.LOG2, this);
  }

  /**
   * Base-10 logarithm.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor log10() {
    return Recorder.record1(SpecialFunctions.LOG10, this);
  }

  /**
   * {@code 1/√x}.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor rsqrt() {
    return Recorder.record1(SpecialFunctions.RSQRT, this);
  }

  /**
   * {@code 1/x}.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor reciprocal() {
    return Recorder.record1(SpecialFunctions.RECIPROCAL, this);
  }

  /**
   * Rounds down to an integer; the gradient is 0.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor floor() {
    return Recorder.record1(Piecewise.FLOOR, this);
  }

  /**
   * Rounds up to an integer; the gradient is 0.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor ceil() {
    return Recorder.record1(Piecewise.CEIL, this);
  }

  /**
   * Rounds to the nearest integer, halves to the even one ({@code 2.5 → 2}, like {@code
   * torch.round}); the gradient is 0.
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor round() {
    return Recorder.record1(Piecewise.ROUND, this);
  }

  /**
   * {@code log σ(x) = -softplus(-x)}, finite for every finite input (PyTorch's {@code F.logsigmoid}).
   *
   * @return a new tensor of this tensor's shape, every value at most 0
   */
  public Tensor logSigmoid() {
    return Recorder.record1(SpecialFunctions.LOG_SIGMOID, this);
  }

  /**
   * GELU in its exact (erf) form, {@code x·Φ(x)}, Φ the standard normal distribution function;
   * finite far out (PyTorch's {@code F.gelu} with {@code approximate='none'}).
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor gelu() {
    return Recorder.record1(SpecialFunctions.GELU, this);
  }

  /**
   * SiLU (swish), {@code x·σ(x)}, finite for every finite input (PyTorch's {@code F.silu}).
   *
   * @return a new tensor of this tensor's shape
   */
  public Tensor silu() {
    return Recorder.record1(SpecialFunctions.SILU, this);
  }

  /**
   * {@code x / (1 + |x|)} (PyTorch's {@code F.softsign}).
   *
   * @return a new tensor of this tensor's shape, every value in (-1, 1)
   */
  public Tensor softsign() {
    return Recorder.record1(SpecialFunctions.SOFTSIGN, this);
  }

  /**
   * {@code atan2(this, x)}: the angle of the point {@code (x, this)} in (-π, π], elementwise with
   * broadcasting ({@code this} is the y coordinate).
   *
   * @param x the x coordinates; broadcast against this tensor
   * @return a new tensor of the broadcast shape of the operands
   */
  public Tensor atan2(Tensor x) {
    Args.notNull(x, "atan2", "x");
    return Recorder.record2(Trigonometric.ATAN2, this, x);
  }

  /**
   * The smaller of {@code this} and {@code other}, elementwise with broadcasting; a tie splits the
   * gradient evenly.
   *
   * @param other the other operand; broadcast against this tensor
   * @return a new tensor of the broadcast shape of the operands
   */
  public Tensor minimum(Tensor other) {
    Args.notNull(other, "minimum", "other");
    return Recorder.record2(Piecewise.MINIMUM, this, other);
  }

  /**
   * The larger of {@code this} and {@code other}, elementwise with broadcasting; a tie splits the
   * gradient evenly.
   *
   * @param other the other operand; broadcast against this tensor
   * @return a new tensor of the broadcast shape of the operands
   */
  public Tensor maximum(Tensor other) {
    Args.notNull(other, "maximum", "other");
    return Recorder.record2(Piecewise.MAXIMUM, this, other);
  }

  /**
   * {@code log(exp(this) + exp(other))}, elementwise with broadcasting, computed without overflow
   * (PyTorch's {@code logaddexp}).
   *
   * @param other the other operand; broadcast against this tensor
   * @return a new tensor of the broadcast shape of the operands
   */
  public Tensor logAddExp(Tensor other) {
    Args.notNull(other, "logAddExp", "other");
    return Recorder.record2(SpecialFunctions.LOG_ADD_EXP, this, other);
  }

  /**
   * {@code base^exponent}, elementwise, for a constant base (PyTorch's {@code torch.pow(number, tensor)}).
   *
   * @param base the base, the same for every element
   * @param exponent the exponents
   * @return a new tensor of the exponent's shape
   */
  public static Tensor pow(double base, Tensor exponent) {
    Args.notNull(exponent, "pow", "exponent");
    return scalar(base).pow(exponent);
  }

  // ---------------------------------------------------------------- linear algebra

  /**
   * Matrix product with {@code torch.matmul}'s rules: matrix × matrix {@code [m,k]×[k,n] → [m,n]},
   * matrix × vector {@code [m,k]×[k] → [m]}, vector × matrix {@code [k]×[k,n] → [n]}, vector · vector
   * {@code [k]·[k] → []}; and with an operand of rank 3 or more, a batch of matrix products over the
   * leading axes, which broadcast: {@code [2,1,4,3]×[5,3,6] → [2,5,4,6]}, {@code [b,m,k]×[k,n] →
   * [b,m,n]}. A vector operand is promoted to a matrix ({@code [1,k]} on the left, {@code [k,1]} on
   * the right) and the added axis removed from the result: {@code [k]×[b,k,n] → [b,n]}. Scalars are
   * refused (use {@link #mul(Tensor)}); so are inner dimensions that differ and batch dimensions that
   * do not broadcast.
   *
   * @param other the right operand, of rank at least 1
   * @return a new tensor shaped by the rules above
   */
  public Tensor matmul(Tensor other) {
    Args.notNull(other, "matmul", "other");
    return LinearAlgebra.matmul(this, other);
  }

  /**
   * {@code this·w + b}: a matrix product plus a term that broadcasts to it (a layer's bias), in one
   * fused op. Same value and gradients as {@code matmul(w).add(b)}, with one pass and one array fewer.
   *
   * @param w the right operand of the product, a matrix {@code [k, n]} for this {@code [m, k]}
   * @param b the term added, broadcast to the product's shape (typically {@code [n]})
   * @return a new tensor of the product's shape, {@code [m, n]}
   */
  public Tensor matmulAdd(Tensor w, Tensor b) {
    Args.notNull(w, "matmulAdd", "w");
    Args.notNull(b, "matmulAdd", "b");
    return LinearAlgebra.matmulAdd(this, w, b);
  }

  // Square matrices (see Linalg for the rest: slogdet, cholesky, solve, solveTriangular).

  /**
   * {@code this⁻¹} of a square matrix (or of every matrix of a batch); the same as {@link Linalg#inv}.
   *
   * @return a new tensor of this tensor's shape {@code [..., n, n]}
   */
  public Tensor inverse() {
    return Decompositions.inverse(this);
  }

  /**
   * The determinant of a square matrix, a scalar (one per matrix of a batch); the same as {@link Linalg#det}.
   *
   * @return a new tensor of shape {@code []}, or of the batch shape {@code [...]} for {@code [..., n, n]}
   */
  public Tensor det() {
    return Decompositions.det(this);
  }

  /**
   * {@code log det} of a square matrix (NaN for a negative determinant); the same as {@link Linalg#logdet}.
   *
   * @return a new tensor of shape {@code []}, or of the batch shape {@code [...]} for {@code [..., n, n]}
   */
  public Tensor logdet() {
    return Decompositions.logdet(this);
  }

  /**
   * Swaps the two axes of a matrix.
   *
   * @return a new tensor of shape {@code [n, m]} for this {@code [m, n]}
   */
  public Tensor transpose() {
    if (shape.length != 2) {
      throw new IllegalArgumentException(
          "transpose: expects a matrix (rank 2); got shape " + Shape.str(shape) + " (use permute for other ranks)");
    }
    return permute(1, 0);
  }

  /**
   * Diagonal {@code offset} of the planes spanned by {@code axis1} and {@code axis2} (0 the main
   * diagonal, positive above it, negative below), as {@code torch.diagonal}: those two axes are
   * removed and the diagonal becomes the last axis. {@code [3, 4].diagonal(1, 0, 1) → [3]};
   * {@code [2, 3, 3].diagonal(0, 1, 2) → [2, 3]}.
   *
   * @param offset the diagonal: 0 the main one, positive above it, negative below
   * @param axis1 the first axis of the planes, {@code -rank .. rank-1}
   * @param axis2 the second axis of the planes, distinct from {@code axis1}
   * @return a new tensor of rank one less
   * @throws IllegalArgumentException for a rank below 2, equal axes, or an offset with no diagonal
   */
  public Tensor diagonal(int offset, int axis1, int axis2) {
    return new LinearAlgebra.Diagonal(offset, axis1, axis2).apply(this);
  }

  /**
   * The main diagonal of axes 0 and 1: {@code diagonal(0, 0, 1)}.
   *
   * @return a new tensor of rank one less
   */
  public Tensor diagonal() {
    return diagonal(0, 0, 1);
  }

  /**
   * The last axis laid on diagonal {@code offset} of new square planes at result axes {@code axis1}
   * and {@code axis2}, zeros elsewhere, as {@code torch.diag_embed}: {@code [2, 3].diagEmbed(0, -2, -1)
   * → [2, 3, 3]}; the planes are {@code n + |offset|} wide for a last axis of length n. The adjoint
   * of {@link #diagonal(int, int, int)}.
   *
   * @param offset the diagonal: 0 the main one, positive above it, negative below
   * @param axis1 the first plane axis of the result, {@code -(rank + 1) .. rank}
   * @param axis2 the second plane axis of the result, distinct from {@code axis1}
   * @return a new tensor of rank one more
   */
  public Tensor diagEmbed(int offset, int axis1, int axis2) {
    if (shape.length == 0) {
      throw new IllegalArgumentException("diagEmbed: expects a tensor of rank at least 1; got a scalar (shape [])");
    }
    int n = shape[shape.length - 1] + Math.abs(offset);
    return new LinearAlgebra.DiagEmbed(offset, axis1, axis2, n, n).apply(this);
  }

  /**
   * {@link #diagEmbed(int, int, int)} on the main diagonal of the last two result axes.
   *
   * @return a new tensor of shape {@code [..., n, n]} for this {@code [..., n]}
   */
  public Tensor diagEmbed() {
    return diagEmbed(0, -2, -1);
  }

  /**
   * As {@code torch.diag}: a vector becomes a square matrix with it on diagonal {@code k} (zeros
   * elsewhere); a matrix gives its diagonal {@code k} as a vector.
   *
   * @param k the diagonal: 0 the main one, positive above it, negative below
   * @return a new tensor: {@code [n + |k|, n + |k|]} from a vector {@code [n]}, or a vector from a matrix
   * @throws IllegalArgumentException unless this is a vector or a matrix
   */
  public Tensor diag(int k) {
    if (shape.length == 1) {
      int n = shape[0] + Math.abs(k);
      return new LinearAlgebra.DiagEmbed(k, 0, 1, n, n).apply(this);
    }
    if (shape.length == 2) {
      return diagonal(k, 0, 1);
    }
    throw new IllegalArgumentException(
        "diag: expects a vector or a matrix; got shape " + Shape.str(shape) + " (use diagonal or diagEmbed)");
  }

  /**
   * {@link #diag(int)} of the main diagonal.
   *
   * @return a new tensor: a square matrix from a vector, or a vector from a matrix
   */
  public Tensor diag() {
    return diag(0);
  }

  /**
   * The sum of a matrix's main diagonal (a scalar), as {@code torch.trace}.
   *
   * @return a new scalar tensor (shape {@code []})
   */
  public Tensor trace() {
    if (shape.length != 2) {
      throw new IllegalArgumentException("trace: expects a matrix (rank 2); got shape " + Shape.str(shape));
    }
    return diagonal().sum();
  }

  /**
   * The outer product of two vectors, {@code r[i, j] = this[i]·other[j]}, as a broadcasting {@code mul}.
   *
   * @param other the second vector, of any length
   * @return a new tensor of shape {@code [this.dim(0), other.dim(0)]}
   */
  public Tensor outer(Tensor other) {
    Args.notNull(other, "outer", "other");
    if (shape.length != 1 || other.shape.length != 1) {
      throw new IllegalArgumentException(
          "outer: expects two vectors; got shapes " + Shape.str(shape) + " and " + Shape.str(other.shape));
    }
    return reshape(shape[0], 1).mul(other.reshape(1, other.shape[0]));
  }

  /**
   * The {@code n × n} identity matrix (a constant).
   *
   * @param n the number of rows and columns, at least 1
   * @return a new tensor of shape {@code [n, n]}
   */
  public static Tensor eye(int n) {
    return eye(n, n);
  }

  /**
   * The {@code n × m} matrix with ones on the main diagonal and zeros elsewhere (a constant).
   *
   * @param n the number of rows, at least 1
   * @param m the number of columns, at least 1
   * @return a new tensor of shape {@code [n, m]}
   * @throws IllegalArgumentException unless both sizes are positive
   */
  public static Tensor eye(int n, int m) {
    if (n < 1 || m < 1) {
      throw new IllegalArgumentException("eye: needs n >= 1 and m >= 1; got n = " + n + ", m = " + m);
    }
    double[] d = new double[Shape.size(Shape.check("eye", new int[] {n, m}))];
    for (int i = 0; i < Math.min(n, m); i++) {
      d[i * m + i] = 1;
    }
    return new Tensor(d, new int[] {n, m});
  }

  /**
   * The lower triangle of the matrices in the last two axes, on and below diagonal {@code k}
   * ({@code j - i <= k}; positive k above the main diagonal), zeros above, as {@code torch.tril}.
   *
   * @param k the diagonal: 0 the main one, positive above it, negative below
   * @return a new tensor of this tensor's shape (rank at least 2)
   */
  public Tensor tril(int k) {
    return new LinearAlgebra.Triangle(k, true).apply(this);
  }

  /**
   * {@link #tril(int)} of the main diagonal.
   *
   * @return a new tensor of this tensor's shape (rank at least 2)
   */
  public Tensor tril() {
    return tril(0);
  }

  /**
   * The upper triangle of the matrices in the last two axes, on and above diagonal {@code k}
   * ({@code j - i >= k}), zeros below, as {@code torch.triu}.
   *
   * @param k the diagonal: 0 the main one, positive above it, negative below
   * @return a new tensor of this tensor's shape (rank at least 2)
   */
  public Tensor triu(int k) {
    return new LinearAlgebra.Triangle(k, false).apply(this);
  }

  /**
   * {@link #triu(int)} of the main diagonal.
   *
   * @return a new tensor of this tensor's shape (rank at least 2)
   */
  public Tensor triu() {
    return triu(0);
  }

  /**
   * Einstein summation, as {@code torch.einsum}: one letter per axis of each operand, operands
   * separated by commas, the output's letters after {@code ->}. A letter shared by operands
   * multiplies along it; a letter missing from the output is summed over; a letter repeated in one
   * operand takes a diagonal. {@code einsum("ij,jk->ik", a, b)} is {@code a.matmul(b)},
   * {@code "bij,bjk->bik"} a batch of products, {@code "ii->"} the trace, {@code "ii->i"} the
   * diagonal, {@code "ij->ji"} the transpose, {@code "i,j->ij"} the outer product, {@code "ij->i"}
   * row sums. Without {@code ->} the output is the letters that appear once, in alphabetical order
   * (NumPy's rule). Any number of operands, contracted left to right; no ellipsis ({@code ...}).
   * Recorded as diagonals, sums, permutes, reshapes, matrix products and products, so gradients of
   * any order follow.
   *
   * @param equation the subscripts, such as {@code "ij,jk->ik"}
   * @param operands the tensors, one per comma-separated term, at least one
   * @return a new tensor with one axis per output letter ({@code []} if there are none)
   * @throws IllegalArgumentException naming the equation and what is wrong with it: a subscript
   *     count that differs from an operand's rank, a letter whose sizes differ, an output letter in
   *     no operand or repeated
   */
  public static Tensor einsum(String equation, Tensor... operands) {
    Args.notNull(equation, "einsum", "equation");
    Args.noNulls(operands, "einsum", "operands");
    return LinearAlgebra.einsum(equation, operands);
  }

  /**
   * Reorders axes: result axis i is this tensor's axis {@code order[i]} (negative axes count from the end).
   *
   * @param order a permutation of the axes, one entry per axis
   * @return a new tensor of shape {@code shape[order[i]]} at axis i
   */
  public Tensor permute(int... order) {
    Args.notNull(order, "permute", "order");
    int[] normalised = order.clone();
    for (int i = 0; i < normalised.length; i++) {
      if (normalised[i] < 0 && normalised[i] >= -shape.length) {
        normalised[i] += shape.length;
      }
    }
    return new Movement.Permute(normalised).apply(this);
  }

  /**
   * Same values in a new shape with the same element count; one dimension may be -1 (inferred).
   *
   * @param newShape the sizes, whose product is {@link #size()}; at most one -1
   * @return a tensor of the new shape sharing this tensor's storage
   */
  public Tensor reshape(int... newShape) {
    Args.notNull(newShape, "reshape", "newShape");
    return new Movement.Reshape(Movement.inferShape(shape, newShape)).apply(this);
  }

  /**
   * A vector of all elements.
   *
   * @return a tensor of shape {@code [size()]} sharing this tensor's storage
   */
  public Tensor flatten() {
    return reshape(size());
  }

  /**
   * Repeats along dimensions of size 1 (and new leading dimensions) to reach {@code target}.
   *
   * @param target the shape to reach, which this shape broadcasts to
   * @return a new tensor of shape {@code target}, or this tensor when it has that shape already
   */
  public Tensor broadcastTo(int... target) {
    Args.notNull(target, "broadcastTo", "target");
    Shape.check("broadcastTo", target);
    return Movement.broadcastTo(this, target);
  }

  /**
   * Sums over broadcast dimensions to reach {@code target}; the reverse of {@link #broadcastTo}.
   *
   * @param target the shape to reach, which broadcasts to this shape
   * @return a new tensor of shape {@code target}, or this tensor when it has that shape already
   */
  public Tensor sumTo(int... target) {
    Args.notNull(target, "sumTo", "target");
    Shape.check("sumTo", target);
    return Movement.sumTo(this, target);
  }

  /**
   * Concatenates tensors along an axis; all other dimensions must agree.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @param parts the tensors to join, at least one; none may be null
   * @return a new tensor whose length along {@code axis} is the sum of the parts'
   */
  public static Tensor concat(int axis, Tensor... parts) {
    Args.noNulls(parts, "concat", "parts");
    return new Movement.Concat(axis).apply(parts);
  }

  /**
   * Elements {@code start} (inclusive) to {@code end} (exclusive) along an axis.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @param start the first index taken, {@code 0 .. end}
   * @param end one past the last index taken, at most {@code dim(axis)}
   * @return a new tensor of length {@code end - start} along {@code axis}
   */
  public Tensor slice(int axis, int start, int end) {
    return new Movement.Slice(axis, start, end, shape).apply(this);
  }

  /**
   * Selects entries along an axis by integer index (repeats allowed), e.g. rows of a matrix.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @param indices the positions to take, in order, each {@code 0 .. dim(axis)-1}
   * @return a new tensor of length {@code indices.length} along {@code axis}
   */
  public Tensor indexSelect(int axis, int... indices) {
    Args.notNull(indices, "indexSelect", "indices");
    return new Movement.IndexSelect(axis, indices).apply(this);
  }

  /**
   * Rows of a matrix (or first-axis slices of any tensor) by integer index.
   *
   * @param indices the positions along axis 0, in order, each {@code 0 .. dim(0)-1}
   * @return a new tensor of length {@code indices.length} along axis 0
   */
  public Tensor rows(int... indices) {
    Args.notNull(indices, "rows", "indices");
    return indexSelect(0, indices);
  }

  /**
   * One element per row of a matrix: {@code result[i] = this[i, columns[i]]}. With log-probabilities
   * and class labels this picks each example's log-likelihood (softmax cross-entropy). A
   * {@link #gather} along axis 1 with one index per row.
   *
   * @param columns one column per row, {@code columns[i]} in {@code 0 .. dim(1)-1}
   * @return a new tensor of shape {@code [dim(0)]}
   */
  public Tensor pick(int... columns) {
    Args.notNull(columns, "pick", "columns");
    if (shape.length != 2 || shape[0] != columns.length) {
      throw new IllegalArgumentException(
          "pick: expects a matrix with one row per index; got shape " + Shape.str(shape) + " and "
              + columns.length + " indices");
    }
    return gather(1, columns, new int[] {columns.length, 1}).reshape(columns.length);
  }

  // ---------------------------------------------------------------- shape ops and indexing

  /**
   * Same as {@link #concat}, under PyTorch's name.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @param parts the tensors to join, at least one; none may be null
   * @return a new tensor whose length along {@code axis} is the sum of the parts'
   */
  public static Tensor cat(int axis, Tensor... parts) {
    Args.noNulls(parts, "cat", "parts");
    return concat(axis, parts);
  }

  /**
   * Joins tensors of one shape along a new axis (PyTorch's {@code stack}): the result has rank one
   * more, and {@code axis} may be {@code -(rank + 1) .. rank}.
   *
   * @param axis the position of the new axis in the result, {@code -(rank + 1) .. rank}
   * @param parts the tensors to stack, at least one, all of one shape
   * @return a new tensor of shape {@code [..., parts.length, ...]}, the new axis at {@code axis}
   */
  public static Tensor stack(int axis, Tensor... parts) {
    Args.noNulls(parts, "stack", "parts");
    if (parts.length == 0) {
      throw new IllegalArgumentException("stack: needs at least one tensor");
    }
    int[] first = parts[0].shape;
    int ax = Shape.axis("stack", axis, first.length + 1);
    Tensor[] grown = new Tensor[parts.length];
    for (int i = 0; i < parts.length; i++) {
      if (!Arrays.equals(parts[i].shape, first)) {
        throw new IllegalArgumentException(
            "stack: every tensor must have the same shape; tensor 0 has shape " + Shape.str(first) + ", tensor "
                + i + " has shape " + Shape.str(parts[i].shape));
      }
      grown[i] = parts[i].unsqueeze(ax);
    }
    return concat(ax, grown);
  }

  /**
   * Pieces of {@code size} along an axis, the last one shorter when the length is not a multiple
   * (PyTorch's {@code split(int, dim)}).
   *
   * @param size the length of every piece but the last, at least 1
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return the pieces in order, new tensors
   */
  public Tensor[] split(int size, int axis) {
    int n = axisLength("split", axis);
    if (size < 1) {
      throw new IllegalArgumentException("split: size must be positive; got " + size);
    }
    int[] sizes = new int[(n + size - 1) / size];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = Math.min(size, n - i * size);
    }
    return split(sizes, axis);
  }

  /**
   * Consecutive pieces of the given lengths along an axis, which must add up to its length
   * (PyTorch's {@code split(list, dim)}).
   *
   * @param sizes the lengths of the pieces, each at least 1
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return the pieces in order, new tensors, one per entry of {@code sizes}
   */
  public Tensor[] split(int[] sizes, int axis) {
    Args.notNull(sizes, "split", "sizes");
    int n = axisLength("split", axis);
    long total = 0;
    for (int size : sizes) {
      if (size < 1) {
        throw new IllegalArgumentException("split: sizes must be positive; got " + Arrays.toString(sizes));
      }
      total += size;
    }
    if (total != n) {
      throw new IllegalArgumentException(
          "split: sizes " + Arrays.toString(sizes) + " add up to " + total + "; axis " + axis + " of shape "
              + Shape.str(shape) + " has length " + n);
    }
    Tensor[] out = new Tensor[sizes.length];
    int start = 0;
    for (int i = 0; i < sizes.length; i++) {
      out[i] = sizes.length == 1 ? this : slice(axis, start, start + sizes[i]);
      start += sizes[i];
    }
    return out;
  }

  /**
   * At most {@code n} pieces along an axis, each {@code ceil(length / n)} long but the last (PyTorch's
   * {@code chunk}: fewer than n pieces when the length does not allow n).
   *
   * @param n the number of pieces wanted, at least 1
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return the pieces in order, new tensors; between 1 and {@code n} of them
   */
  public Tensor[] chunk(int n, int axis) {
    if (n < 1) {
      throw new IllegalArgumentException("chunk: needs n >= 1 pieces; got " + n);
    }
    int len = axisLength("chunk", axis);
    return split((len + n - 1) / n, axis);
  }

  /** The length of an axis, refusing scalars; errors name {@code op}. */
  private int axisLength(String op, int axis) {
    if (shape.length == 0) {
      throw new IllegalArgumentException(op + ": needs a tensor of rank 1 or more; got a scalar");
    }
    return shape[Shape.axis(op, axis, shape.length)];
  }

  /**
   * The elements in reverse order along each given axis.
   *
   * @param axes the axes to reverse, each {@code -rank .. rank-1}; none (empty) reverses nothing
   * @return a new tensor of this tensor's shape, or this tensor when nothing is reversed
   */
  public Tensor flip(int... axes) {
    Args.notNull(axes, "flip", "axes");
    boolean[] flipped = Shape.axes("flip", axes, shape.length);
    Tensor r = this;
    for (int a = 0; a < shape.length; a++) {
      if (axes.length > 0 && flipped[a] && shape[a] > 1) {
        int[] reversed = new int[shape[a]];
        for (int i = 0; i < reversed.length; i++) {
          reversed[i] = shape[a] - 1 - i;
        }
        r = r.indexSelect(a, reversed);
      }
    }
    return r;
  }

  /**
   * Drops every axis of length 1.
   *
   * @return this shape without its length-1 axes, sharing the storage; this tensor if it has none
   */
  public Tensor squeeze() {
    int[] kept = Arrays.stream(shape).filter(d -> d != 1).toArray();
    return kept.length == shape.length ? this : reshape(kept);
  }

  /**
   * Drops one axis if its length is 1 (otherwise returns this tensor, as PyTorch does).
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return a tensor of rank one less sharing the storage, or this tensor
   */
  public Tensor squeeze(int axis) {
    int a = Shape.axis("squeeze", axis, shape.length);
    if (shape[a] != 1) {
      return this;
    }
    int[] kept = new int[shape.length - 1];
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (i != a) {
        kept[j++] = shape[i];
      }
    }
    return reshape(kept);
  }

  /**
   * Inserts an axis of length 1 at {@code axis}, which may be {@code -(rank + 1) .. rank}.
   *
   * @param axis the position of the new axis in the result, {@code -(rank + 1) .. rank}
   * @return a tensor of rank one more sharing this tensor's storage
   */
  public Tensor unsqueeze(int axis) {
    int a = Shape.axis("unsqueeze", axis, shape.length + 1);
    int[] grown = new int[shape.length + 1];
    for (int i = 0, j = 0; i < grown.length; i++) {
      grown[i] = i == a ? 1 : shape[j++];
    }
    return reshape(grown);
  }

  /**
   * PyTorch's {@code expand}: a broadcast to {@code sizes}, where -1 keeps an existing axis's length;
   * new axes may be added in front (their sizes cannot be -1).
   *
   * @param sizes the target sizes, at least {@link #rank()} of them; -1 keeps the aligned axis's length
   * @return a new tensor of the expanded shape, or this tensor when that is its shape already
   */
  public Tensor expand(int... sizes) {
    Args.notNull(sizes, "expand", "sizes");
    int lead = sizes.length - shape.length;
    if (lead < 0) {
      throw new IllegalArgumentException(
          "expand: sizes " + Arrays.toString(sizes) + " name fewer axes than shape " + Shape.str(shape));
    }
    int[] target = sizes.clone();
    for (int i = 0; i < target.length; i++) {
      if (target[i] == -1) {
        if (i < lead) {
          throw new IllegalArgumentException(
              "expand: size -1 at new leading axis " + i + " of " + Arrays.toString(sizes) + " has no length to keep");
        }
        target[i] = shape[i - lead];
      }
    }
    Shape.check("expand", target);
    if (!Shape.broadcastsTo(shape, target)) {
      throw new IllegalArgumentException(
          "expand: shape " + Shape.str(shape) + " cannot be expanded to " + Arrays.toString(sizes)
              + " (only axes of length 1 can grow)");
    }
    return broadcastTo(target);
  }

  /**
   * PyTorch's {@code F.pad} with a constant: {@code pads} holds (before, after) pairs from the last
   * axis backwards, {@code [lastBefore, lastAfter, secondLastBefore, ...]}; a negative amount
   * removes elements. The padding holds {@code value}; no gradient flows into it.
   *
   * @param pads (before, after) amounts, even in number, at most {@code 2 · rank} of them
   * @param value the value of every added element
   * @return a new tensor, each padded axis longer by its before + after amounts; this tensor when
   *     every amount is 0
   */
  public Tensor pad(int[] pads, double value) {
    Args.notNull(pads, "pad", "pads");
    if (pads.length % 2 != 0 || pads.length / 2 > shape.length) {
      throw new IllegalArgumentException(
          "pad: pads " + Arrays.toString(pads) + " must be (before, after) pairs for at most the " + shape.length
              + " axes of shape " + Shape.str(shape));
    }
    Tensor r = this;
    for (int k = 0; k < pads.length / 2; k++) {
      int a = shape.length - 1 - k;
      int before = pads[2 * k];
      int after = pads[2 * k + 1];
      int len = r.shape[a];
      if (len + before + after < 1) {
        throw new IllegalArgumentException(
            "pad: pads " + Arrays.toString(pads) + " leave axis " + a + " of shape " + Shape.str(shape)
                + " with length " + (len + before + after) + " (expected at least 1)");
      }
      int from = Math.max(0, -before);
      int to = len - Math.max(0, -after);
      if (from > 0 || to < len) {
        r = r.slice(a, from, to);
      }
      int size = Math.max(0, before) + r.shape[a] + Math.max(0, after);
      if (size != r.shape[a]) {
        int start = Math.max(0, before);
        Tensor inner = r;
        r = new Movement.Pad(a, start, size).apply(inner);
        if (value != 0) {
          double[] fill = new double[r.size()];
          Arrays.fill(fill, value);
          int[] b = {1, size, 1};
          for (int i = 0; i < a; i++) {
            b[0] *= r.shape[i];
          }
          for (int i = a + 1; i < r.shape.length; i++) {
            b[2] *= r.shape[i];
          }
          for (int o = 0; o < b[0]; o++) {
            Arrays.fill(fill, (o * size + start) * b[2], (o * size + start + inner.shape[a]) * b[2], 0.0);
          }
          r = r.add(wrap(fill, r.shape()).to(r.dtype()));
        }
      }
    }
    return r;
  }

  /**
   * {@link #pad(int[], double)} with zeros.
   *
   * @param pads (before, after) amounts, even in number, at most {@code 2 · rank} of them
   * @return a new tensor, each padded axis longer by its before + after amounts; this tensor when
   *     every amount is 0
   */
  public Tensor pad(int... pads) {
    Args.notNull(pads, "pad", "pads");
    return pad(pads, 0.0);
  }

  /**
   * PyTorch's {@code repeat}: the tensor tiled {@code repeats[i]} times along axis i; extra leading
   * repeats add new axes. Not NumPy's {@code repeat} (which repeats each element).
   *
   * @param repeats the number of copies along each axis, at least {@link #rank()} entries, each at least 1
   * @return a new tensor whose axis i is {@code repeats[i]} times as long
   */
  public Tensor repeat(int... repeats) {
    Args.notNull(repeats, "repeat", "repeats");
    int lead = repeats.length - shape.length;
    if (lead < 0) {
      throw new IllegalArgumentException(
          "repeat: repeats " + Arrays.toString(repeats) + " name fewer axes than shape " + Shape.str(shape));
    }
    int[] pairs = new int[2 * repeats.length];
    int[] tiled = new int[2 * repeats.length];
    int[] result = new int[repeats.length];
    for (int i = 0; i < repeats.length; i++) {
      if (repeats[i] < 1) {
        throw new IllegalArgumentException("repeat: repeats must be positive; got " + Arrays.toString(repeats));
      }
      int d = i < lead ? 1 : shape[i - lead];
      pairs[2 * i] = 1;
      pairs[2 * i + 1] = d;
      tiled[2 * i] = repeats[i];
      tiled[2 * i + 1] = d;
      result[i] = repeats[i] * d;
    }
    Shape.check("repeat", result);
    return reshape(pairs).broadcastTo(tiled).reshape(result);
  }

  /**
   * The {@code k} largest (or smallest) elements of every slice along {@code axis} and their indices
   * along it, as PyTorch's {@code topk}; the values are differentiable (the gradient goes to the
   * chosen positions). Ties keep their order along the axis (the earlier index first) and a NaN
   * counts as the extreme, as in {@link #argmax}. The result is always sorted: {@code sorted = false}
   * gives the same order (PyTorch leaves it unspecified).
   *
   * @param k the number of elements kept per slice, {@code 1 .. dim(axis)}
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @param largest true for the largest elements, false for the smallest
   * @param sorted ignored: the result is sorted either way
   * @return the values and their indices, each of this shape with length {@code k} along {@code axis}
   */
  public WithIndices topk(int k, int axis, boolean largest, boolean sorted) {
    int n = axisLength("topk", axis);
    if (k < 1 || k > n) {
      throw new IllegalArgumentException(
          "topk: k = " + k + " is out of range for axis " + axis + " of shape " + Shape.str(shape)
              + " (expected 1 .. " + n + ")");
    }
    return ordered("topk", k, axis, largest);
  }

  /**
   * {@link #topk(int, int, boolean, boolean) topk(k, axis, true, true)}: the k largest, sorted.
   *
   * @param k the number of elements kept per slice, {@code 1 .. dim(axis)}
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return the values and their indices, each of this shape with length {@code k} along {@code axis}
   */
  public WithIndices topk(int k, int axis) {
    return topk(k, axis, true, true);
  }

  /**
   * The elements of every slice along {@code axis} in order and their original indices (PyTorch's
   * {@code sort} with {@code stable=True}): equal elements keep their order; a NaN comes first (it
   * counts as the extreme of either order, as in {@link #argmax}; PyTorch puts NaN last when
   * ascending). The values are differentiable.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @param descending true for largest first, false for smallest first
   * @return the values, a new tensor, and their indices along {@code axis}, both of this tensor's shape
   */
  public WithIndices sort(int axis, boolean descending) {
    return ordered("sort", axisLength("sort", axis), axis, descending);
  }

  /**
   * {@link #sort(int, boolean)} ascending.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return the values, a new tensor, and their indices along {@code axis}, both of this tensor's shape
   */
  public WithIndices sort(int axis) {
    return sort(axis, false);
  }

  private WithIndices ordered(String op, int k, int axis, boolean largest) {
    int ax = Shape.axis(op, axis, shape.length);
    int n = shape[ax];
    int outer = 1;
    int inner = 1;
    for (int i = 0; i < ax; i++) {
      outer *= shape[i];
    }
    for (int i = ax + 1; i < shape.length; i++) {
      inner *= shape[i];
    }
    final int step = inner;
    int[] idxShape = shape.clone();
    idxShape[ax] = k;
    int[] idx = new int[outer * k * inner];
    Integer[] order = new Integer[n];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < inner; j++) {
        int base = o * n * inner + j;
        for (int i = 0; i < n; i++) {
          order[i] = i;
        }
        // A stable sort: NaN first, then by value in the asked direction, ties in index order.
        Arrays.sort(order, (p, q) -> {
          double a = value(base + p * step);
          double b = value(base + q * step);
          boolean an = Double.isNaN(a);
          boolean bn = Double.isNaN(b);
          if (an || bn) {
            return an == bn ? 0 : an ? -1 : 1;
          }
          return largest ? Double.compare(b, a) : Double.compare(a, b);
        });
        for (int i = 0; i < k; i++) {
          idx[(o * k + i) * inner + j] = order[i];
        }
      }
    }
    return new WithIndices(gather(ax, idx, idxShape), idx);
  }

  /**
   * PyTorch's {@code gather}: {@code result[p] = this[p with its coordinate along axis replaced by
   * index[p]]}, the result shaped like the index. The index is passed as its values (row-major) and
   * its shape, which has this tensor's rank and is no longer along any other axis. The gradient is
   * {@link #scatterAdd} of the incoming one.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @param index the index values, row-major, each {@code 0 .. dim(axis)-1}
   * @param indexShape the index's shape: this tensor's rank, and no longer than it along any axis
   *     but {@code axis}
   * @return a new tensor of shape {@code indexShape}
   */
  public Tensor gather(int axis, int[] index, int[] indexShape) {
    Args.notNull(index, "gather", "index");
    Args.notNull(indexShape, "gather", "indexShape");
    return new Movement.Gather(axis, index, indexShape).apply(this);
  }

  /**
   * PyTorch's {@code scatter_add}: a copy of this tensor with {@code src[p]} added at {@code p with
   * its coordinate along axis replaced by index[p]}, for every position p of the index (values
   * row-major, and its shape). Repeated targets accumulate. Differentiable in both this tensor and
   * {@code src}, whose gradient is {@link #gather} of the incoming one.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @param index the index values, row-major, each {@code 0 .. dim(axis)-1}
   * @param indexShape the index's shape: this tensor's rank, and no longer than it along any axis
   *     but {@code axis}
   * @param src the values added, at least as long as the index along every axis
   * @return a new tensor of this tensor's shape
   */
  public Tensor scatterAdd(int axis, int[] index, int[] indexShape, Tensor src) {
    Args.notNull(index, "scatterAdd", "index");
    Args.notNull(indexShape, "scatterAdd", "indexShape");
    Args.notNull(src, "scatterAdd", "src");
    return new Movement.ScatterAdd(axis, index, indexShape).apply(this, src);
  }

  /**
   * A constant {@code [labels.length, classes]} matrix with a 1 in each row at its label (PyTorch's
   * {@code F.one_hot}).
   *
   * @param labels the class of every row, each {@code 0 .. classes-1}, at least one
   * @param classes the number of columns, at least 1
   * @return a new constant tensor of shape {@code [labels.length, classes]}
   */
  public static Tensor oneHot(int[] labels, int classes) {
    Args.notNull(labels, "oneHot", "labels");
    if (labels.length == 0 || classes < 1) {
      throw new IllegalArgumentException(
          "oneHot: needs at least one label and one class; got " + labels.length + " labels and " + classes
              + " classes");
    }
    double[] d = new double[labels.length * classes];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IndexOutOfBoundsException(
            "oneHot: label " + labels[i] + " at position " + i + " is out of range for " + classes
                + " classes (expected 0 .. " + (classes - 1) + ")");
      }
      d[i * classes + labels[i]] = 1;
    }
    return new Tensor(d, new int[] {labels.length, classes});
  }

  // ---------------------------------------------------------------- reductions

  /**
   * Sum of all elements (a scalar).
   *
   * @return a new scalar tensor (shape {@code []})
   */
  public Tensor sum() {
    return new Reduce.Sum(new int[0], false).apply(this);
  }

  /**
   * Sum along axes; {@code keepDims} keeps them as size 1.
   *
   * @param axes the axes, each {@code -rank .. rank-1}, no repeats; empty means every axis
   * @param keepDims keep the reduced axes as length 1 instead of removing them
   * @return a new tensor: this shape without the reduced axes, or with them as length 1 when {@code keepDims}
   */
  public Tensor sum(int[] axes, boolean keepDims) {
    Args.notNull(axes, "sum", "axes");
    return new Reduce.Sum(axes, keepDims).apply(this);
  }

  /**
   * Sum along one axis, dropping it.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return a new tensor of rank one less, the axis removed
   */
  public Tensor sum(int axis) {
    return sum(new int[] {axis}, false);
  }

  /**
   * Mean of all elements.
   *
   * @return a new scalar tensor (shape {@code []})
   */
  public Tensor mean() {
    return sum().div(size());
  }

  /**
   * Mean along axes; {@code keepDims} keeps them as size 1.
   *
   * @param axes the axes, each {@code -rank .. rank-1}, no repeats; empty means every axis
   * @param keepDims keep the reduced axes as length 1 instead of removing them
   * @return a new tensor: this shape without the reduced axes, or with them as length 1 when {@code keepDims}
   */
  public Tensor mean(int[] axes, boolean keepDims) {
    Args.notNull(axes, "mean", "axes");
    boolean[] r = Shape.axes("mean", axes, shape.length);
    int n = 1;
    for (int i = 0; i < r.length; i++) {
      if (r[i]) {
        n *= shape[i];
      }
    }
    return sum(axes, keepDims).div(n);
  }

  /**
   * Mean along one axis, dropping it.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return a new tensor of rank one less, the axis removed
   */
  public Tensor mean(int axis) {
    return mean(new int[] {axis}, false);
  }

  /**
   * Largest element. Where several elements are largest, the gradient is split evenly among them
   * (PyTorch's convention); a NaN anywhere makes the result and every gradient NaN.
   *
   * @return a new scalar tensor (shape {@code []})
   */
  public Tensor max() {
    return new Reduce.Extremum(new int[0], false, true).apply(this);
  }

  /**
   * Largest element along axes (PyTorch's {@code amax}); ties share the gradient evenly.
   *
   * @param axes the axes, each {@code -rank .. rank-1}, no repeats; empty means every axis
   * @param keepDims keep the reduced axes as length 1 instead of removing them
   * @return a new tensor: this shape without the reduced axes, or with them as length 1 when {@code keepDims}
   */
  public Tensor max(int[] axes, boolean keepDims) {
    Args.notNull(axes, "max", "axes");
    return new Reduce.Extremum(axes, keepDims, true).apply(this);
  }

  /**
   * Largest element along one axis, dropping it; ties share the gradient evenly.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return a new tensor of rank one less, the axis removed
   */
  public Tensor max(int axis) {
    return max(new int[] {axis}, false);
  }

  /**
   * Same as {@link #max(int[], boolean)}, under PyTorch's name.
   *
   * @param axes the axes, each {@code -rank .. rank-1}, no repeats; empty means every axis
   * @param keepDims keep the reduced axes as length 1 instead of removing them
   * @return a new tensor: this shape without the reduced axes, or with them as length 1 when {@code keepDims}
   */
  public Tensor amax(int[] axes, boolean keepDims) {
    Args.notNull(axes, "amax", "axes");
    return max(axes, keepDims);
  }

  /**
   * Smallest element; ties share the gradient evenly, as for {@link #max()}.
   *
   * @return a new scalar tensor (shape {@code []})
   */
  public Tensor min() {
    return new Reduce.Extremum(new int[0], false, false).apply(this);
  }

  /**
   * Smallest element along axes (PyTorch's {@code amin}); ties share the gradient evenly.
   *
   * @param axes the axes, each {@code -rank .. rank-1}, no repeats; empty means every axis
   * @param keepDims keep the reduced axes as length 1 instead of removing them
   * @return a new tensor: this shape without the reduced axes, or with them as length 1 when {@code keepDims}
   */
  public Tensor min(int[] axes, boolean keepDims) {
    Args.notNull(axes, "min", "axes");
    return new Reduce.Extremum(axes, keepDims, false).apply(this);
  }

  /**
   * Smallest element along one axis, dropping it; ties share the gradient evenly.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return a new tensor of rank one less, the axis removed
   */
  public Tensor min(int axis) {
    return min(new int[] {axis}, false);
  }

  /**
   * Same as {@link #min(int[], boolean)}, under PyTorch's name.
   *
   * @param axes the axes, each {@code -rank .. rank-1}, no repeats; empty means every axis
   * @param keepDims keep the reduced axes as length 1 instead of removing them
   * @return a new tensor: this shape without the reduced axes, or with them as length 1 when {@code keepDims}
   */
  public Tensor amin(int[] axes, boolean keepDims) {
    Args.notNull(axes, "amin", "axes");
    return min(axes, keepDims);
  }

  /**
   * Values along an axis together with the index each was taken from (PyTorch's {@code max(dim)},
   * {@code topk} and {@code sort}); the indices are row-major in the values' shape.
   */
  public record WithIndices(Tensor values, int[] indices) {
    /**
     * Checks the components.
     *
     * @param values the values taken along the axis
     * @param indices for each value, its index along the axis
     * @throws NullPointerException if either is null
     */
    public WithIndices {
      Args.notNull(values, "WithIndices", "values");
      Args.notNull(indices, "WithIndices", "indices");
    }
  }

  /**
   * The maximum of every slice along {@code axis} and its index (the first maximum); the gradient
   * goes to that index only, as in PyTorch's {@code max(dim)}.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @param keepDims keep the reduced axes as length 1 instead of removing them
   * @return the maxima and their indices, each of this shape without {@code axis} (length 1 with
   *     {@code keepDims})
   */
  public WithIndices maxWithIndices(int axis, boolean keepDims) {
    return withIndices(axis, keepDims, Reduce.argExtreme(this, axis, true));
  }

  /**
   * The minimum of every slice along {@code axis} and its index; see {@link #maxWithIndices}.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @param keepDims keep the reduced axes as length 1 instead of removing them
   * @return the minima and their indices, each of this shape without {@code axis} (length 1 with
   *     {@code keepDims})
   */
  public WithIndices minWithIndices(int axis, boolean keepDims) {
    return withIndices(axis, keepDims, Reduce.argExtreme(this, axis, false));
  }

  /** The values at one index per slice along an axis (a gather), with the axis kept as 1 or dropped. */
  private WithIndices withIndices(int axis, boolean keepDims, int[] idx) {
    int ax = Shape.axis("withIndices", axis, shape.length);
    int[] kept = shape.clone();
    kept[ax] = 1;
    Tensor v = gather(ax, idx, kept);
    return new WithIndices(keepDims ? v : v.squeeze(ax), idx);
  }

  /**
   * The index of the first maximum of every slice along {@code axis} (no gradient).
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return a new array of indices {@code 0 .. dim(axis)-1}, one per slice, row-major over the other axes
   */
  public int[] argmax(int axis) {
    return Reduce.argExtreme(this, axis, true);
  }

  /**
   * The index of the first minimum of every slice along {@code axis} (no gradient).
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return a new array of indices {@code 0 .. dim(axis)-1}, one per slice, row-major over the other axes
   */
  public int[] argmin(int axis) {
    return Reduce.argExtreme(this, axis, false);
  }

  /**
   * {@code log Σ eˣ} over all elements, without overflow.
   *
   * @return a new scalar tensor (shape {@code []})
   */
  public Tensor logSumExp() {
    return new Reduce.LogSumExp(new int[0], false).apply(this);
  }

  /**
   * {@code log Σ eˣ} along axes, without overflow.
   *
   * @param axes the axes, each {@code -rank .. rank-1}, no repeats; empty means every axis
   * @param keepDims keep the reduced axes as length 1 instead of removing them
   * @return a new tensor: this shape without the reduced axes, or with them as length 1 when {@code keepDims}
   */
  public Tensor logSumExp(int[] axes, boolean keepDims) {
    Args.notNull(axes, "logSumExp", "axes");
    return new Reduce.LogSumExp(axes, keepDims).apply(this);
  }

  // ---------------------------------------------------------------- more reductions and scans

  /**
   * Product of all elements (a scalar); exact gradients with zeros (see {@link Reduce.Prod}).
   *
   * @return a new scalar tensor (shape {@code []})
   */
  public Tensor prod() {
    return new Reduce.Prod(new int[0], false).apply(this);
  }

  /**
   * Product along axes; {@code keepDims} keeps them as size 1.
   *
   * @param axes the axes, each {@code -rank .. rank-1}, no repeats; empty means every axis
   * @param keepDims keep the reduced axes as length 1 instead of removing them
   * @return a new tensor: this shape without the reduced axes, or with them as length 1 when {@code keepDims}
   */
  public Tensor prod(int[] axes, boolean keepDims) {
    Args.notNull(axes, "prod", "axes");
    return new Reduce.Prod(axes, keepDims).apply(this);
  }

  /**
   * Product along one axis, dropping it.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return a new tensor of rank one less, the axis removed
   */
  public Tensor prod(int axis) {
    return prod(new int[] {axis}, false);
  }

  /**
   * Variance along axes: {@code Σ (x - mean)² / (N - correction)} with N the number of elements per
   * slice (PyTorch's {@code var(dim, correction=, keepdim=)}; correction 1 is Bessel's, 0 the
   * population variance). As in PyTorch, {@code N - correction <= 0} divides by zero (no exception):
   * the variance of one element with correction 1 is NaN.
   *
   * @param axes the axes, each {@code -rank .. rank-1}, no repeats; empty means every axis
   * @param correction the amount subtracted from N in the divisor: 1 for the sample variance, 0 for
   *     the population's
   * @param keepDims keep the reduced axes as length 1 instead of removing them
   * @return a new tensor: this shape without the reduced axes, or with them as length 1 when {@code keepDims}
   */
  public Tensor var(int[] axes, double correction, boolean keepDims) {
    Args.notNull(axes, "var", "axes");
    boolean[] r = Shape.axes("var", axes, shape.length);
    long n = 1;
    for (int i = 0; i < r.length; i++) {
      if (r[i]) {
        n *= shape[i];
      }
    }
    Tensor centred = sub(mean(axes, true));
    return centred.square().sum(axes, keepDims).div(Math.max(0, n - correction));
  }

  /**
   * Variance of all elements with correction 1 (PyTorch's default).
   *
   * @return a new scalar tensor (shape {@code []})
   */
  public Tensor var() {
    return var(new int[0], 1, false);
  }

  /**
   * Variance along one axis with correction 1, dropping the axis.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return a new tensor of rank one less, the axis removed
   */
  public Tensor var(int axis) {
    return var(new int[] {axis}, 1, false);
  }

  /**
   * {@code sqrt(var(axes, correction, keepDims))}; its gradient is infinite where the variance is 0.
   *
   * @param axes the axes, each {@code -rank .. rank-1}, no repeats; empty means every axis
   * @param correction the amount subtracted from N in the divisor: 1 for the sample variance, 0 for
   *     the population's
   * @param keepDims keep the reduced axes as length 1 instead of removing them
   * @return a new tensor: this shape without the reduced axes, or with them as length 1 when {@code keepDims}
   */
  public Tensor std(int[] axes, double correction, boolean keepDims) {
    Args.notNull(axes, "std", "axes");
    return var(axes, correction, keepDims).sqrt();
  }

  /**
   * Standard deviation of all elements with correction 1.
   *
   * @return a new scalar tensor (shape {@code []})
   */
  public Tensor std() {
    return std(new int[0], 1, false);
  }

  /**
   * Standard deviation along one axis with correction 1, dropping the axis.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return a new tensor of rank one less, the axis removed
   */
  public Tensor std(int axis) {
    return std(new int[] {axis}, 1, false);
  }

  /**
   * The p-norm along axes, for p = 1 ({@code Σ|x|}), 2 ({@code sqrt Σx²}) or
   * {@code Double.POSITIVE_INFINITY} ({@code max|x|}, ties sharing the gradient as in {@link #amax}).
   * At a zero slice the 2-norm's gradient is 0 (a subgradient; {@code sqrt} alone would give NaN),
   * and the 1-norm's is {@code sign(0) = 0}.
   *
   * @param p 1, 2 or {@code Double.POSITIVE_INFINITY}
   * @param axes the axes, each {@code -rank .. rank-1}, no repeats; empty means every axis
   * @param keepDims keep the reduced axes as length 1 instead of removing them
   * @return a new tensor: this shape without the reduced axes, or with them as length 1 when {@code keepDims}
   */
  public Tensor norm(double p, int[] axes, boolean keepDims) {
    Args.notNull(axes, "norm", "axes");
    if (p == 1) {
      return abs().sum(axes, keepDims);
    }
    if (p == Double.POSITIVE_INFINITY) {
      return abs().max(axes, keepDims);
    }
    if (p != 2) {
      throw new IllegalArgumentException("norm: p = " + p + " is not supported (expected 1, 2 or infinity)");
    }
    Tensor s = square().sum(axes, keepDims);
    Tensor positive = s.gt(0);
    // where twice: the sqrt branch never sees a 0, so its derivative stays finite and gets weight 0.
    return where(positive, where(positive, s, scalar(1)).sqrt(), scalar(0));
  }

  /**
   * The p-norm of all elements (p = 1, 2 or infinity); see {@link #norm(double, int[], boolean)}.
   *
   * @param p 1, 2 or {@code Double.POSITIVE_INFINITY}
   * @return a new scalar tensor (shape {@code []})
   */
  public Tensor norm(double p) {
    return norm(p, new int[0], false);
  }

  /**
   * The 2-norm of all elements (its gradient at 0 is 0).
   *
   * @return a new scalar tensor (shape {@code []})
   */
  public Tensor norm() {
    return norm(2);
  }

  /**
   * Cumulative sum along an axis (PyTorch's {@code cumsum}).
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return a new tensor of this tensor's shape
   */
  public Tensor cumsum(int axis) {
    return new Scan.Cumsum(axis, false).apply(this);
  }

  /**
   * Cumulative product along an axis (PyTorch's {@code cumprod}); exact gradients with zeros.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return a new tensor of this tensor's shape
   */
  public Tensor cumprod(int axis) {
    return new Scan.Cumprod(axis).apply(this);
  }

  /**
   * The flat row-major index of the first maximum of all elements (a NaN counts as the maximum).
   *
   * @return an offset {@code 0 .. size()-1} into the row-major values
   */
  public int argmax() {
    return flatten().argmax(0)[0];
  }

  /**
   * The flat row-major index of the first minimum of all elements (a NaN counts as the minimum).
   *
   * @return an offset {@code 0 .. size()-1} into the row-major values
   */
  public int argmin() {
    return flatten().argmin(0)[0];
  }

  /**
   * {@code x - logSumExp(x)} along an axis: log-probabilities, finite for any finite input.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return a new tensor of this tensor's shape
   */
  public Tensor logSoftmax(int axis) {
    return new Reduce.LogSoftmax(axis).apply(this);
  }

  /**
   * {@code eˣ / Σ eˣ} along an axis, computed as {@code exp(logSoftmax(x))} so it never overflows.
   *
   * @param axis the axis, {@code -rank .. rank-1} (negative counts from the end)
   * @return a new tensor of this tensor's shape, each slice along {@code axis} summing to 1
   */
  public Tensor softmax(int axis) {
    return logSoftmax(axis).exp();
  }

  // ---------------------------------------------------------------- printing

  /**
   * Values in nested brackets, e.g. {@code tensor([[1, 2], [3, 4]], shape [2, 2], requiresGrad)}; a
   * tensor of more than 1000 elements shows its shape and first values.
   */
  @Override
  public String toString() {
    return TensorFormat.format(this);
  }
}
