package dev.autograd;

import java.util.Arrays;

/**
 * Shape arithmetic shared by every op: element counts, strides, NumPy broadcasting and axis
 * normalisation. Every shape error in the project is raised here, in one format:
 * {@code op: what went wrong: [2, 3] and [4]}.
 */
public final class Shape {
  private Shape() {}

  /**
   * Number of elements of a tensor of this shape (1 for a scalar, shape {@code []}).
   *
   * @param shape the dimensions, each {@code ≥ 0}
   * @return the product of the dimensions, {@code 0 ≤ size ≤ Integer.MAX_VALUE}
   * @throws IllegalArgumentException when a dimension is negative or the count exceeds
   *     {@link Integer#MAX_VALUE} (the count is checked after every factor, so it cannot wrap)
   */
  public static int size(int[] shape) {
    Args.notNull(shape, "size", "shape");
    return size("size", shape);
  }

  /** {@link #size(int[])} with errors prefixed by {@code op}. */
  private static int size(String op, int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(op + ": shape " + str(shape) + " has a negative dimension");
      }
      n *= d;   // n <= Integer.MAX_VALUE and d < 2^31, so the long product cannot overflow
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            op + ": shape " + str(shape) + " has " + exactCount(shape) + " elements; at most "
                + Integer.MAX_VALUE + " fit in one tensor");
      }
    }
    return (int) n;
  }

  private static java.math.BigInteger exactCount(int[] shape) {
    java.math.BigInteger n = java.math.BigInteger.ONE;
    for (int d : shape) {
      n = n.multiply(java.math.BigInteger.valueOf(d));
    }
    return n;
  }

  /**
   * Row-major strides: {@code strides[i]} is the distance in elements between neighbours along axis i.
   *
   * @param shape the dimensions
   * @return a new array of {@code shape.length} strides; the last is 1, and {@code []} for a scalar
   */
  public static int[] strides(int[] shape) {
    Args.notNull(shape, "strides", "shape");
    return dev.autograd.internal.Loops.strides(shape);
  }

  /**
   * Checks a user-supplied shape: every dimension must be positive. Returns a private copy.
   *
   * @param op the public method being called, named in the error message
   * @param shape the dimensions; {@code []} (a scalar) is allowed
   * @return a copy of {@code shape}
   * @throws IllegalArgumentException when a dimension is {@code ≤ 0} or the element count exceeds
   *     {@link Integer#MAX_VALUE}
   */
  public static int[] check(String op, int[] shape) {
    Args.notNull(op, "check", "op");
    Args.notNull(shape, op, "shape");
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            op + ": every dimension must be positive; got shape " + str(shape));
      }
    }
    size(op, shape);
    return shape.clone();
  }

  /**
   * The NumPy broadcast of two shapes: align on the right; each pair of dimensions must be equal or
   * one of them 1.
   *
   * @param op the public method being called, named in the error message
   * @param a one shape
   * @param b the other shape
   * @return the broadcast shape, of rank {@code max(a.length, b.length)}; {@code a} itself when the
   *     two are equal, so never write into it
   * @throws IllegalArgumentException naming the op and both shapes when they do not broadcast
   */
  public static int[] broadcast(String op, int[] a, int[] b) {
    Args.notNull(op, "broadcast", "op");
    Args.notNull(a, op, "a");
    Args.notNull(b, op, "b");
    if (Arrays.equals(a, b)) {
      return a;
    }
    int n = Math.max(a.length, b.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int da = i < n - a.length ? 1 : a[i - (n - a.length)];
      int db = i < n - b.length ? 1 : b[i - (n - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            op + ": shapes cannot be broadcast together: " + str(a) + " and " + str(b));
      }
      out[i] = Math.max(da, db);
    }
    return out;
  }

  /**
   * True when a tensor of shape {@code from} broadcasts to exactly {@code to}.
   *
   * @param from the shape to be broadcast
   * @param to the target shape
   * @return true when {@code from} has no more axes than {@code to} and each of its dimensions,
   *     aligned on the right, is 1 or equals {@code to}'s
   */
  public static boolean broadcastsTo(int[] from, int[] to) {
    Args.notNull(from, "broadcastsTo", "from");
    Args.notNull(to, "broadcastsTo", "to");
    if (from.length > to.length) {
      return false;
    }
    int off = to.length - from.length;
    for (int i = 0; i < from.length; i++) {
      if (from[i] != 1 && from[i] != to[i + off]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Normalises one axis ({@code -1} is the last) against a rank, or explains what was expected.
   *
   * @param op the public method being called, named in the error message
   * @param axis the axis, {@code -rank ≤ axis < rank}
   * @param rank the tensor's number of dimensions
   * @return the axis in {@code 0 .. rank - 1}
   * @throws IllegalArgumentException when {@code axis} is out of range
   */
  public static int axis(String op, int axis, int rank) {
    Args.notNull(op, "axis", "op");
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException(
          op + ": axis " + axis + " is out of range for a tensor of rank " + rank
              + " (expected " + (-rank) + " .. " + (rank - 1) + ")");
    }
    return a;
  }

  /**
   * Normalises a set of axes; an empty array means every axis. Duplicates are rejected.
   *
   * @param op the public method being called, named in the error message
   * @param axes the axes, each {@code -rank ≤ axis < rank} and naming a distinct axis
   * @param rank the tensor's number of dimensions
   * @return {@code rank} flags, {@code true} for each axis named
   * @throws IllegalArgumentException when an axis is out of range or named twice
   */
  public static boolean[] axes(String op, int[] axes, int rank) {
    Args.notNull(op, "axes", "op");
    Args.notNull(axes, op, "axes");
    boolean[] reduce = new boolean[rank];
    if (axes.length == 0) {
      Arrays.fill(reduce, true);
      return reduce;
    }
    for (int ax : axes) {
      int a = axis(op, ax, rank);
      if (reduce[a]) {
        throw new IllegalArgumentException(op + ": axis " + ax + " is given twice in " + Arrays.toString(axes));
      }
      reduce[a] = true;
    }
    return reduce;
  }

  /**
   * The shape after reducing the marked axes, keeping them as 1 or dropping them.
   *
   * @param shape the input's dimensions
   * @param reduce one flag per axis of {@code shape}, as from {@link #axes}
   * @param keepDims keep each reduced axis with dimension 1 instead of dropping it
   * @return a new shape: of {@code shape}'s rank when {@code keepDims}, otherwise of the number of
   *     unmarked axes ({@code []} when every axis is reduced)
   */
  public static int[] reduced(int[] shape, boolean[] reduce, boolean keepDims) {
    Args.notNull(shape, "reduced", "shape");
    Args.notNull(reduce, "reduced", "reduce");
    int kept = 0;
    for (int i = 0; i < shape.length; i++) {
      if (keepDims || !reduce[i]) {
        kept++;
      }
    }
    int[] out = new int[kept];
    int j = 0;
    for (int i = 0; i < shape.length; i++) {
      if (keepDims) {
        out[j++] = reduce[i] ? 1 : shape[i];
      } else if (!reduce[i]) {
        out[j++] = shape[i];
      }
    }
    return out;
  }

  /**
   * Formats a shape as {@code [2, 3]}.
   *
   * @param shape the dimensions
   * @return the text, {@code []} for a scalar
   */
  public static String str(int[] shape) {
    Args.notNull(shape, "str", "shape");
    return Arrays.toString(shape);
  }
}
