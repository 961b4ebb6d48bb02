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
 * Primitives that move, copy or select values without arithmetic. Their rules come in pairs that
 * are each other's transpose: reshape / reshape, permute / inverse permute, broadcastTo / sumTo,
 * slice / pad, indexSelect / indexAdd, gather / scatterAdd.
 */
public final class Movement {
  private Movement() {}

  /**
   * Resolves a requested shape with at most one -1 against an element count.
   *
   * @param from the shape whose element count the result must hold
   * @param requested the wanted shape; at most one entry is -1, the others at least 1
   * @return {@code requested} with its -1, if any, replaced by the inferred length
   */
  public static int[] inferShape(int[] from, int[] requested) {
    Args.notNull(from, "inferShape", "from");
    Args.notNull(requested, "inferShape", "requested");
    int n = Shape.size(from);
    // The product of the given dimensions, in a long and capped just above the largest element
    // count, so that no request can wrap it around (2^16 · 2^16 would be 0 in an int).
    long known = 1;
    boolean huge = false;
    int infer = -1;
    for (int i = 0; i < requested.length; i++) {
      if (requested[i] == -1) {
        if (infer >= 0) {
          throw new IllegalArgumentException("reshape: at most one dimension can be -1; got " + Shape.str(requested));
        }
        infer = i;
      } else if (requested[i] <= 0) {
        throw new IllegalArgumentException(
            "reshape: dimensions must be positive or -1; got " + Shape.str(requested));
      } else {
        known *= requested[i];
        if (known > Integer.MAX_VALUE) {
          huge = true;
          known = Integer.MAX_VALUE + 1L;
        }
      }
    }
    String elements = huge ? "more than " + Integer.MAX_VALUE : Long.toString(known);
    int[] out = requested.clone();
    if (infer >= 0) {
      if (known > n) {
        throw new IllegalArgumentException(
            "reshape: cannot reshape " + Shape.str(from) + " (" + n + " elements) into " + Shape.str(requested)
                + " (its other dimensions alone hold " + elements + " elements)");
      }
      if (n % known != 0) {
        throw new IllegalArgumentException(
            "reshape: cannot reshape " + Shape.str(from) + " (" + n + " elements) into " + Shape.str(requested));
      }
      out[infer] = (int) (n / known);
    } else if (known != n) {
      throw new IllegalArgumentException(
          "reshape: cannot reshape " + Shape.str(from) + " (" + n + " elements) into " + Shape.str(requested)
              + " (" + elements + " elements)");
    }
    return out;
  }

  /**
   * {@code x} broadcast to {@code target}, recorded as {@link Expand} (nothing is recorded if equal).
   *
   * @param x the tensor to broadcast
   * @param target a shape that {@code x}'s shape broadcasts to
   * @return a tensor of shape {@code target}; {@code x} itself when the shapes are equal
   */
  public static Tensor broadcastTo(Tensor x, int[] target) {
    Args.notNull(x, "broadcastTo", "x");
    Args.notNull(target, "broadcastTo", "target");
    if (Arrays.equals(x.shape(), target)) {
      return x;
    }
    return new Expand(target).apply(x);
  }

  /**
   * {@code x} summed down to {@code target}, recorded as {@link SumTo} (nothing is recorded if equal).
   *
   * @param x the tensor to reduce
   * @param target a shape that broadcasts to {@code x}'s shape
   * @return a tensor of shape {@code target}; {@code x} itself when the shapes are equal
   */
  public static Tensor sumTo(Tensor x, int[] target) {
    Args.notNull(x, "sumTo", "x");
    Args.notNull(target, "sumTo", "target");
    if (Arrays.equals(x.shape(), target)) {
      return x;
    }
    return new SumTo(target).apply(x);
  }

  /** {@code r = x} (a new node);  {@code dx = g}. Marks a point in a graph to differentiate with respect to. */
  public static final class Identity extends BuiltIn {
    @Override public String name() { return "identity"; }
    @Override protected Tensor forward(Tensor... in) { return in[0].detach(); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return new Tensor[] {g}; }
  }

  /** {@code r = x} viewed in another shape (storage shared);  {@code dx = reshape(g, shape(x))}. */
  public static final class Reshape extends BuiltIn {
    private final int[] shape;

    /**
     * A reshape to {@code shape}.
     *
     * @param shape the new shape; it must hold as many elements as the input
     */
    public Reshape(int[] shape) {
      Args.notNull(shape, "Reshape", "shape");
      this.shape = Shape.check("reshape", shape);
    }

    @Override public String name() { return "reshape"; }
    @Override public String toString() { return "reshape" + Shape.str(shape); }

    @Override protected Tensor forward(Tensor... in) {
      int[] from = in[0].shape();
      if (Shape.size(from) != Shape.size(shape)) {
        throw new IllegalArgumentException(
            "reshape: cannot reshape " + Shape.str(from) + " (" + Shape.size(from) + " elements) into "
                + Shape.str(shape) + " (" + Shape.size(shape) + " elements)");
      }
      return in[0].dtype() == DType.FLOAT32 ? Tensor.wrap(in[0].floatStorage(), shape) : Tensor.wrap(in[0].storage(), shape);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {g.reshape(node.input(0).shape())};
    }
  }

  /** {@code r[i...] = x[i permuted]}: result axis k is input axis {@code order[k]};  {@code dx = permute(g, order⁻¹)}. */
  public static final class Permute extends BuiltIn {
    private final int[] order;

    /**
     * A permutation of the axes.
     *
     * @param order for each result axis, the input axis it comes from
     */
    public Permute(int[] order) {
      Args.notNull(order, "Permute", "order");
      this.order = order.clone();
    }

    @Override public String name() { return "permute"; }
    @Override public String toString() { return "permute" + Arrays.toString(order); }

    @Override protected Tensor forward(Tensor... in) {
      Tensor x = in[0];
      int[] s = x.shape();
      if (order.length != s.length) {
        throw new IllegalArgumentException(
            "permute: order " + Arrays.toString(order) + " must list each of the " + s.length
                + " axes of shape " + Shape.str(s) + " once");
      }
      boolean[] seen = new boolean[s.length];
      for (int a : order) {
        if (a < 0 || a >= s.length || seen[a]) {
          throw new IllegalArgumentException(
              "permute: order " + Arrays.toString(order) + " must list each of the " + s.length
                  + " axes of shape " + Shape.str(s) + " once");
        }
        seen[a] = true;
      }
      int[] outShape = new int[s.length];
      int[] inStrides = Shape.strides(s);
      int[] st = new int[s.length];
      for (int k = 0; k < s.length; k++) {
        outShape[k] = s[order[k]];
        st[k] = inStrides[order[k]];
      }
      boolean f32 = x.dtype() == DType.FLOAT32;
      double[] src = f32 ? null : x.storage();
      float[] fsrc = f32 ? x.floatStorage() : null;
      double[] out = f32 ? null : new double[src.length];
      float[] fout = f32 ? new float[fsrc.length] : null;
      if (s.length == 2 && order[0] == 1) {   // a true transpose; the order [0, 1] copies through the loop below
        if (f32) {
          transpose2d(fsrc, fout, s[0], s[1]);
          return Tensor.wrap(fout, outShape);
        }
        transpose2d(src, out, s[0], s[1]);
        return Tensor.wrap(out, outShape);
      }
      // Trailing axes that stay in place, in order, are contiguous in both arrays: copy them as runs.
      int kept = s.length;
      while (kept > 0 && order[kept - 1] == kept - 1) {
        kept--;
      }
      int run = 1;
      for (int d = kept; d < s.length; d++) {
        run *= s[d];
      }
      int outer = kept;                       // the axes iterated one by one
      int[] idx = new int[outer];
      int off = 0;
      int n = x.size();
      for (int o = 0; o < n; o += run) {
        if (run > 1) {
          System.arraycopy(f32 ? fsrc : src, off, f32 ? fout : out, o, run);
        } else if (f32) {
          fout[o] = fsrc[off];
        } else {
          out[o] = src[off];
        }
        for (int d = outer - 1; d >= 0; d--) {
          idx[d]++;
          off += st[d];
          if (idx[d] < outShape[d]) {
            break;
          }
          off -= st[d] * outShape[d];
          idx[d] = 0;
        }
      }
      return f32 ? Tensor.wrap(fout, outShape) : Tensor.wrap(out, outShape);
    }

    private static void transpose2d(float[] src, float[] out, int rows, int cols) {
      final int block = 32;
      for (int i0 = 0; i0 < rows; i0 += block) {
        for (int j0 = 0; j0 < cols; j0 += block) {
          int i1 = Math.min(rows, i0 + block);
          int j1 = Math.min(cols, j0 + block);
          for (int i = i0; i < i1; i++) {
            for (int j = j0; j < j1; j++) {
              out[j * rows + i] = src[i * cols + j];
            }
          }
        }
      }
    }

    private static void transpose2d(double[] src, double[] out, int rows, int cols) {
      final int block = 32;
      for (int i0 = 0; i0 < rows; i0 += block) {
        for (int j0 = 0; j0 < cols; j0 += block) {
          int i1 = Math.min(rows, i0 + block);
          int j1 = Math.min(cols, j0 + block);
          for (int i = i0; i < i1; i++) {
            for (int j = j0; j < j1; j++) {
              out[j * rows + i] = src[i * cols + j];
            }
          }
        }
      }
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      int[] inverse = new int[order.length];
      for (int k = 0; k < order.length; k++) {
        inverse[order[k]] = k;
      }
      return new Tensor[] {g.permute(inverse)};
    }
  }

  /** {@code r = x} repeated along broadcast axes to {@code shape};  {@code dx = sumTo(g, shape(x))}. */
  public static final class Expand extends BuiltIn {
    private final int[] shape;

    /**
     * A broadcast to {@code shape}.
     *
     * @param shape the shape to broadcast the input to
     */
    public Expand(int[] shape) {
      Args.notNull(shape, "Expand", "shape");
      this.shape = shape.clone();
    }

    @Override public String name() { return "broadcastTo"; }
    @Override public String toString() { return "broadcastTo" + Shape.str(shape); }

    @Override protected Tensor forward(Tensor... in) {
      int[] from = in[0].shape();
      if (!Shape.broadcastsTo(from, shape)) {
        throw new IllegalArgumentException(
            "broadcastTo: shape " + Shape.str(from) + " cannot be broadcast to " + Shape.str(shape));
      }
      return in[0].dtype() == DType.FLOAT32 ? Tensor.wrap(FloatLoops.expand(in[0].floatStorage(), from, shape), shape)
          : Tensor.wrap(Loops.expand(in[0].storage(), from, shape), shape);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {g.sumTo(node.input(0).shape())};
    }
  }

  /** {@code r = x} summed over broadcast axes down to {@code shape};  {@code dx = broadcastTo(g, shape(x))}. */
  public static final class SumTo extends BuiltIn {
    private final int[] shape;

    /**
     * A sum down to {@code shape}.
     *
     * @param shape the shape the input was broadcast from
     */
    public SumTo(int[] shape) {
      Args.notNull(shape, "SumTo", "shape");
      this.shape = shape.clone();
    }

    @Override public String name() { return "sumTo"; }
    @Override public String toString() { return "sumTo" + Shape.str(shape); }

    @Override protected Tensor forward(Tensor... in) {
      int[] from = in[0].shape();
      if (!Shape.broadcastsTo(shape, from)) {
        throw new IllegalArgumentException(
            "sumTo: shape " + Shape.str(from) + " cannot be summed to " + Shape.str(shape)
                + " (the target must broadcast to the source)");
      }
      return in[0].dtype() == DType.FLOAT32 ? Tensor.wrap(FloatLoops.sumTo(in[0].floatStorage(), from, shape), shape)
          : Tensor.wrap(Loops.sumTo(in[0].storage(), from, shape), shape);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {g.broadcastTo(node.input(0).shape())};
    }
  }

  // Ops that only move elements copy them with System.arraycopy, which takes either kind of array.

  /** The live array of a tensor, {@code double[]} or {@code float[]}. */
  static Object liveArray(Tensor t) {
    return t.dtype() == DType.FLOAT32 ? t.floatStorage() : t.storage();
  }

  /** A new zeroed array of {@code n} elements of the kind {@code like} stores. */
  static Object newArray(Tensor like, int n) {
    return like.dtype() == DType.FLOAT32 ? new float[n] : new double[n];
  }

  /** A tensor over an array of either kind. */
  static Tensor wrap(Object array, int[] shape) {
    return array instanceof float[] ? Tensor.wrap((float[]) array, shape) : Tensor.wrap((double[]) array, shape);
  }

  /** Splits a shape around an axis into (outer, axis length, inner) block sizes. */
  static int[] blocks(int[] shape, int axis) {
    int outer = 1;
    int inner = 1;
    for (int i = 0; i < axis; i++) {
      outer *= shape[i];
    }
    for (int i = axis + 1; i < shape.length; i++) {
      inner *= shape[i];
    }
    return new int[] {outer, shape[axis], inner};
  }

  /** {@code r = [x₀ | x₁ | ...]} along an axis;  {@code dxᵢ = slice of g}. */
  public static final class Concat extends BuiltIn {
    private final int axis;

    /**
     * A concatenation along one axis.
     *
     * @param axis the axis to join the inputs along
     */
    public Concat(int axis) {
      this.axis = axis;
    }

    @Override public String name() { return "concat"; }
    @Override public String toString() { return "concat(axis " + axis + ")"; }

    @Override protected Tensor forward(Tensor... in) {
      if (in.length == 0) {
        throw new IllegalArgumentException("concat: needs at least one tensor");
      }
      int[] first = in[0].shape();
      if (first.length == 0) {
        throw new IllegalArgumentException("concat: cannot concatenate scalars (shape [])");
      }
      int ax = Shape.axis("concat", axis, first.length);
      int total = 0;
      for (int t = 0; t < in.length; t++) {
        int[] s = in[t].shape();
        boolean ok = s.length == first.length;
        for (int i = 0; ok && i < s.length; i++) {
          ok = i == ax || s[i] == first[i];
        }
        if (!ok) {
          throw new IllegalArgumentException(
              "concat: along axis " + axis + " every other dimension must agree; tensor 0 has shape "
                  + Shape.str(first) + ", tensor " + t + " has shape " + Shape.str(s));
        }
        total += s[ax];
      }
      int[] outShape = first.clone();
      outShape[ax] = total;
      int[] ob = blocks(outShape, ax);
      Object out = newArray(in[0], Shape.size(outShape));
      int start = 0;
      for (Tensor t : in) {
        int len = t.dim(ax) * ob[2];
        Object src = liveArray(t);
        for (int o = 0; o < ob[0]; o++) {
          System.arraycopy(src, o * len, out, o * ob[1] * ob[2] + start, len);
        }
        start += len;
      }
      return wrap(out, outShape);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      int ax = Shape.axis("concat", axis, g.rank());
      Tensor[] grads = new Tensor[node.arity()];
      int start = 0;
      for (int t = 0; t < grads.length; t++) {
        int len = node.input(t).dim(ax);
        if (node.needsGrad(t)) {
          grads[t] = g.slice(ax, start, start + len);
        }
        start += len;
      }
      return grads;
    }
  }

  /** {@code r = x[start:end]} along an axis;  {@code dx = pad(g)}: g placed back among zeros. */
  public static final class Slice extends BuiltIn {
    private final int axis;
    private final int start;
    private final int end;

    /**
     * @param axis the axis to slice along; negative counts from the end
     * @param start the first index taken, at least 0
     * @param end one past the last index taken, above {@code start} and at most the axis's length
     * @param inShape the shape of the tensor being sliced, for checking the bounds
     */
    public Slice(int axis, int start, int end, int[] inShape) {
      Args.notNull(inShape, "Slice", "inShape");
      int ax = Shape.axis("slice", axis, inShape.length);
      if (start < 0 || end > inShape[ax] || start >= end) {
        throw new IllegalArgumentException(
            "slice: range [" + start + ", " + end + ") is empty or outside axis " + axis + " of shape "
                + Shape.str(inShape) + " (expected 0 <= start < end <= " + inShape[ax] + ")");
      }
      this.axis = ax;
      this.start = start;
      this.end = end;
    }

    @Override public String name() { return "slice"; }
    @Override public String toString() { return "slice(axis " + axis + ", " + start + ":" + end + ")"; }

    @Override protected Tensor forward(Tensor... in) {
      int[] s = in[0].shape();
      int[] b = blocks(s, axis);
      int[] outShape = s.clone();
      outShape[axis] = end - start;
      Object src = liveArray(in[0]);
      Object out = newArray(in[0], Shape.size(outShape));
      int len = (end - start) * b[2];
      for (int o = 0; o < b[0]; o++) {
        System.arraycopy(src, o * b[1] * b[2] + start * b[2], out, o * len, len);
      }
      return wrap(out, outShape);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {new Pad(axis, start, node.input(0).dim(axis)).apply(g)};
    }
  }

  /** {@code r} = zeros of length {@code size} along an axis with x placed at {@code start};  {@code dx = slice of g}. */
  public static final class Pad extends BuiltIn {
    private final int axis;
    private final int start;
    private final int size;

    /**
     * Zero padding along one axis.
     *
     * @param axis the axis to pad
     * @param start where the input starts along the axis
     * @param size the length of the result along the axis
     */
    public Pad(int axis, int start, int size) {
      this.axis = axis;
      this.start = start;
      this.size = size;
    }

    @Override public String name() { return "pad"; }
    @Override public String toString() { return "pad(axis " + axis + ", at " + start + " of " + size + ")"; }

    @Override protected Tensor forward(Tensor... in) {
      int[] s = in[0].shape();
      int ax = Shape.axis("pad", axis, s.length);
      if (start < 0 || start + s[ax] > size) {
        throw new IllegalArgumentException(
            "pad: a block of " + s[ax] + " at " + start + " does not fit in " + size + " along axis " + axis);
      }
      int[] outShape = s.clone();
      outShape[ax] = size;
      int[] b = blocks(s, ax);
      Object src = liveArray(in[0]);
      Object out = newArray(in[0], Shape.size(outShape));
      int len = b[1] * b[2];
      for (int o = 0; o < b[0]; o++) {
        System.arraycopy(src, o * len, out, o * size * b[2] + start * b[2], len);
      }
      return wrap(out, outShape);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {g.slice(axis, start, start + node.input(0).dim(axis))};
    }
  }

  private static void checkIndices(String op, int[] indices, int bound, String what) {
    if (indices == null || indices.length == 0) {
      throw new IllegalArgumentException(op + ": needs at least one index");
    }
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= bound) {
        throw new IndexOutOfBoundsException(
            op + ": index " + indices[i] + " at position " + i + " is out of range for " + what + " ("
                + "expected 0 .. " + (bound - 1) + ")");
      }
    }
  }

  /** {@code r = x[indices]} along an axis (repeats allowed);  {@code dx = indexAdd(g)}: each slice of g added back where it came from. */
  public static final class IndexSelect extends BuiltIn {
    private final int axis;
    private final int[] indices;

    /**
     * A selection of slices along one axis.
     *
     * @param axis the axis to select along
     * @param indices the slices to take, in order; repeats allowed
     */
    public IndexSelect(int axis, int[] indices) {
      Args.notNull(indices, "IndexSelect", "indices");
      this.axis = axis;
      this.indices = indices.clone();
    }

    @Override public String name() { return "indexSelect"; }
    @Override public String toString() { return "indexSelect(axis " + axis + ", " + indices.length + " indices)"; }

    @Override protected Tensor forward(Tensor... in) {
      int[] s = in[0].shape();
      if (s.length == 0) {
        throw new IllegalArgumentException("indexSelect: cannot index a scalar");
      }
      int ax = Shape.axis("indexSelect", axis, s.length);
      checkIndices("indexSelect", indices, s[ax], "axis " + axis + " of shape " + Shape.str(s));
      int[] b = blocks(s, ax);
      int[] outShape = s.clone();
      outShape[ax] = indices.length;
      Object src = liveArray(in[0]);
      Object out = newArray(in[0], Shape.size(outShape));
      int p = 0;
      for (int o = 0; o < b[0]; o++) {
        for (int index : indices) {
          System.arraycopy(src, (o * b[1] + index) * b[2], out, p, b[2]);
          p += b[2];
        }
      }
      return wrap(out, outShape);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {new IndexAdd(axis, indices, node.input(0).dim(axis)).apply(g)};
    }
  }

  /** {@code r} = zeros of length {@code size} along an axis with slice k of x added at {@code indices[k]};  {@code dx = indexSelect(g)}. */
  public static final class IndexAdd extends BuiltIn {
    private final int axis;
    private final int[] indices;
    private final int size;

    /**
     * An indexed accumulation along one axis.
     *
     * @param axis the axis to add along
     * @param indices for each input slice, the result slice it is added to
     * @param size the length of the result along the axis
     */
    public IndexAdd(int axis, int[] indices, int size) {
      Args.notNull(indices, "IndexAdd", "indices");
      this.axis = axis;
      this.indices = indices.clone();
      this.size = size;
    }

    @Override public String name() { return "indexAdd"; }
    @Override public String toString() { return "indexAdd(axis " + axis + ", into " + size + ")"; }

    @Override protected Tensor forward(Tensor... in) {
      int[] s = in[0].shape();
      int ax = Shape.axis("indexAdd", axis, s.length);
      if (s[ax] != indices.length) {
        throw new IllegalArgumentException(
            "indexAdd: axis " + axis + " of shape " + Shape.str(s) + " must have one entry per index ("
                + indices.length + ")");
      }
      checkIndices("indexAdd", indices, size, "a target of length " + size);
      int[] b = blocks(s, ax);
      int[] outShape = s.clone();
      outShape[ax] = size;
      if (in[0].dtype() == DType.FLOAT32) {
        float[] src = in[0].floatStorage();
        float[] out = new float[Shape.size(outShape)];
        int p = 0;
        for (int o = 0; o < b[0]; o++) {
          for (int index : indices) {
            int base = (o * size + index) * b[2];
            for (int j = 0; j < b[2]; j++) {
              out[base + j] += src[p++];
            }
          }
        }
        return Tensor.wrap(out, outShape);
      }
      double[] src = in[0].storage();
      double[] out = new double[Shape.size(outShape)];
      int p = 0;
      for (int o = 0; o < b[0]; o++) {
        for (int index : indices) {
          int base = (o * size + index) * b[2];
          for (int j = 0; j < b[2]; j++) {
            out[base + j] += src[p++];
          }
        }
      }
      return Tensor.wrap(out, outShape);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {g.indexSelect(axis, indices)};
    }
  }

  /**
   * For every position p of an index of shape {@code indexShape} (row-major), the flat offset in a
   * tensor of shape {@code target} of the element at p's coordinates, with the coordinate along
   * {@code axis} replaced by {@code index[p]} when {@code index} is given.
   */
  private static int[] offsets(int[] indexShape, int[] target, int axis, int[] index) {
    int[] strides = Shape.strides(target);
    int n = Shape.size(indexShape);
    int[] out = new int[n];
    int[] at = new int[indexShape.length];
    int off = 0;   // the offset of the coordinates `at` in target
    for (int p = 0; p < n; p++) {
      out[p] = index == null ? off : off + (index[p] - at[axis]) * strides[axis];
      for (int d = indexShape.length - 1; d >= 0; d--) {
        at[d]++;
        off += strides[d];
        if (at[d] < indexShape[d]) {
          break;
        }
        off -= strides[d] * indexShape[d];
        at[d] = 0;
      }
    }
    return out;
  }

  /**
   * Checks an index of shape {@code indexShape} against the tensor it reads from or writes into:
   * same rank, no longer than it along every axis but {@code axis} (and along every axis when
   * {@code everyAxis}), and (with {@code bound} >= 0) values in {@code 0 .. bound-1}.
   */
  private static void checkIndex(String op, String what, int[] shape, int axis, int[] index, int[] indexShape,
      boolean everyAxis, int bound) {
    if (indexShape.length != shape.length) {
      throw new IllegalArgumentException(
          op + ": index of shape " + Shape.str(indexShape) + " has rank " + indexShape.length + "; " + what
              + " of shape " + Shape.str(shape) + " has rank " + shape.length + " (expected equal ranks)");
    }
    for (int d = 0; d < shape.length; d++) {
      if ((everyAxis || d != axis) && indexShape[d] > shape[d]) {
        throw new IllegalArgumentException(
            op + ": index of shape " + Shape.str(indexShape) + " is longer than " + what + " of shape "
                + Shape.str(shape) + " along axis " + d + (everyAxis ? "" : " (only axis " + axis + " may be longer)"));
      }
    }
    if (bound < 0) {
      return;
    }
    for (int p = 0; p < index.length; p++) {
      if (index[p] < 0 || index[p] >= bound) {
        throw new IndexOutOfBoundsException(
            op + ": index " + index[p] + " at position " + p + " is out of range for axis " + axis + " of shape "
                + Shape.str(shape) + " (expected 0 .. " + (bound - 1) + ")");
      }
    }
  }

  /** The index values and their shape, checked against each other. */
  private static int[] indexValues(String op, String cls, int[] index, int[] indexShape) {
    Args.notNull(index, cls, "index");
    Args.notNull(indexShape, cls, "indexShape");
    int[] s = Shape.check(op, indexShape);
    if (index.length != Shape.size(s)) {
      throw new IllegalArgumentException(
          op + ": index has " + index.length + " values; its shape " + Shape.str(s) + " needs " + Shape.size(s));
    }
    return index.clone();
  }

  /**
   * {@code r[p] = x[p with its coordinate along axis replaced by index[p]]} for every position p of
   * the index (PyTorch's {@code gather}; the result has the index's shape);
   * {@code dx = scatterAdd(zeros like x, g)}: each gradient added back where its value came from.
   */
  public static final class Gather extends BuiltIn {
    private final int axis;
    private final int[] index;
    private final int[] indexShape;

    /**
     * A gather along one axis.
     *
     * @param axis the axis the index values select along; negative counts from the end
     * @param index the index values, row-major in {@code indexShape}
     * @param indexShape the index's shape: the input's rank, no longer than the input off the axis
     */
    public Gather(int axis, int[] index, int[] indexShape) {
      this.index = indexValues("gather", "Gather", index, indexShape);
      this.indexShape = indexShape.clone();
      this.axis = axis;
    }

    @Override public String name() { return "gather"; }
    @Override public String toString() { return "gather(axis " + axis + ", index " + Shape.str(indexShape) + ")"; }

    @Override protected Tensor forward(Tensor... in) {
      int[] s = in[0].shape();
      int ax = Scan.axisOf(name(), axis, s);
      checkIndex(name(), "input", s, ax, index, indexShape, false, s[ax]);
      int[] from = offsets(indexShape, s, ax, index);
      if (in[0].dtype() == DType.FLOAT32) {
        float[] src = in[0].floatStorage();
        float[] out = new float[from.length];
        for (int p = 0; p < out.length; p++) {
          out[p] = src[from[p]];
        }
        return Tensor.wrap(out, indexShape);
      }
      double[] src = in[0].storage();
      double[] out = new double[from.length];
      for (int p = 0; p < out.length; p++) {
        out[p] = src[from[p]];
      }
      return Tensor.wrap(out, indexShape);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {new ScatterAdd(axis, index, indexShape).apply(Tensor.zerosLike(node.input(0)), g)};
    }

    /** The same scatter-add, made straight into the gradient's one new array (no zeros to copy). */
    @Override protected Tensor[] vjpOverwriting(Node node, Tensor g) {
      int[] s = node.input(0).shape();
      int[] to = offsets(indexShape, s, Scan.axisOf(name(), axis, s), index);
      if (g.dtype() == DType.FLOAT32) {
        float[] src = g.floatStorage();
        float[] out = new float[Shape.size(s)];
        for (int p = 0; p < to.length; p++) {
          out[to[p]] += src[p];
        }
        return new Tensor[] {Tensor.wrap(out, s)};
      }
      double[] src = g.storage();
      double[] out = new double[Shape.size(s)];
      for (int p = 0; p < to.length; p++) {
        out[to[p]] += src[p];
      }
      return new Tensor[] {Tensor.wrap(out, s)};
    }
  }

  /**
   * {@code r = x} with {@code src[p]} added at {@code x[p with its coordinate along axis replaced by
   * index[p]]} for every position p of the index (PyTorch's {@code scatter_add}; src may be larger
   * than the index, and only its leading block of the index's shape is used);
   * {@code dx = g},  {@code dsrc = gather(g)} (zero-padded to src's shape).
   */
  public static final class ScatterAdd extends BuiltIn {
    private final int axis;
    private final int[] index;
    private final int[] indexShape;

    /**
     * A scatter-add along one axis.
     *
     * @param axis the axis the index values select along; negative counts from the end
     * @param index the index values, row-major in {@code indexShape}
     * @param indexShape the index's shape: the rank of x and src, no longer than src, and no longer
     *     than x off the axis
     */
    public ScatterAdd(int axis, int[] index, int[] indexShape) {
      this.index = indexValues("scatterAdd", "ScatterAdd", index, indexShape);
      this.indexShape = indexShape.clone();
      this.axis = axis;
    }

    @Override public String name() { return "scatterAdd"; }
    @Override public String toString() { return "scatterAdd(axis " + axis + ", index " + Shape.str(indexShape) + ")"; }

    @Override protected Tensor forward(Tensor... in) {
      int[] s = in[0].shape();
      int ax = Scan.axisOf(name(), axis, s);
      checkIndex(name(), "src", in[1].shape(), ax, index, indexShape, true, -1);
      checkIndex(name(), "input", s, ax, index, indexShape, false, s[ax]);
      int[] to = offsets(indexShape, s, ax, index);
      int[] from = offsets(indexShape, in[1].shape(), ax, null);
      if (in[0].dtype() == DType.FLOAT32) {
        float[] src = in[1].floatStorage();
        float[] out = in[0].floatStorage().clone();
        for (int p = 0; p < to.length; p++) {
          out[to[p]] += src[from[p]];
        }
        return Tensor.wrap(out, s);
      }
      double[] src = in[1].storage();
      double[] out = in[0].storage().clone();
      for (int p = 0; p < to.length; p++) {
        out[to[p]] += src[from[p]];
      }
      return Tensor.wrap(out, s);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor dsrc = null;
      if (node.needsGrad(1)) {
        dsrc = new Gather(axis, index, indexShape).apply(g);
        int[] srcShape = node.input(1).shape();
        for (int d = 0; d < srcShape.length; d++) {
          if (srcShape[d] != indexShape[d]) {
            dsrc = new Pad(d, 0, srcShape[d]).apply(dsrc);
          }
        }
      }
      return new Tensor[] {node.needsGrad(0) ? g : null, dsrc};
    }
  }
}
