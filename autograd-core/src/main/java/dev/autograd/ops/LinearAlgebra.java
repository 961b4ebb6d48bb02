package dev.autograd.ops;

import dev.autograd.Args;
import dev.autograd.DType;
import dev.autograd.Node;
import dev.autograd.Primitive;
import dev.autograd.Shape;
import dev.autograd.Tensor;
import dev.autograd.internal.FloatLoops;
import dev.autograd.internal.Gemm;
import dev.autograd.internal.Loops;
import java.util.Arrays;

/**
 * Matrix products (plain, fused with a bias, batched), diagonals and triangles. The composites
 * {@link #matmul} (NumPy/PyTorch rules for any ranks) and {@link #einsum} are written over these
 * primitives and the movement ops, so their gradients, of any order, come from the rules here.
 */
public final class LinearAlgebra {
  private LinearAlgebra() {}

  /**
   * The matrix product with {@code torch.matmul}'s rules. Vectors: {@code [k]·[k] → []}; a vector
   * on the left is viewed as a row {@code [1, k]}, on the right as a column {@code [k, 1]}, and the
   * added axis is dropped from the result. Matrices: {@code [m, k]·[k, n] → [m, n]}. With an operand
   * of rank 3 or more, the axes before the last two are batch axes, which broadcast (NumPy rules):
   * {@code [2, 1, 4, 3]·[5, 3, 6] → [2, 5, 4, 6]}, one matrix product per batch index.
   *
   * <p>How it is recorded: ranks 1 and 2 as one {@link MatMul} (between reshapes); an N-d left
   * operand times a single matrix folds the batch into the rows of one {@link MatMul}, so nothing is
   * copied; otherwise a {@link BatchedMatMul}, after an operand whose batch needs stretching is
   * broadcast by {@link Movement.Expand} (an operand whose batch already matches is only reshaped).
   *
   * @param a the left operand, of rank at least 1
   * @param b the right operand, of rank at least 1
   * @return a new tensor shaped by the rules above
   * @throws IllegalArgumentException for a scalar operand, inner dimensions that differ, or batch
   *     dimensions that do not broadcast
   */
  public static Tensor matmul(Tensor a, Tensor b) {
    Args.notNull(a, "matmul", "a");
    Args.notNull(b, "matmul", "b");
    int ra = a.rank();
    int rb = b.rank();
    if (ra == 0 || rb == 0) {
      throw new IllegalArgumentException(
          "matmul: expects operands of rank at least 1; got " + Shape.str(a.shape()) + " x " + Shape.str(b.shape())
              + " (multiply by a scalar with mul)");
    }
    int ka = a.dim(-1);
    int kb = rb == 1 ? b.dim(0) : b.dim(-2);
    if (ka != kb) {
      throw new IllegalArgumentException(
          "matmul: inner dimensions differ: " + Shape.str(a.shape()) + " x " + Shape.str(b.shape()));
    }
    if (ra > 2 || rb > 2) {
      return batchedMatmul(a, b);
    }
    Tensor a2 = ra == 1 ? a.reshape(1, ka) : a;
    Tensor b2 = rb == 1 ? b.reshape(kb, 1) : b;
    Tensor c = new MatMul(false, false).apply(a2, b2);
    if (ra == 1 && rb == 1) {
      return c.reshape();
    }
    if (ra == 1) {
      return c.reshape(b.dim(1));
    }
    if (rb == 1) {
      return c.reshape(a.dim(0));
    }
    return c;
  }

  /** {@link #matmul} once an operand has rank 3 or more and the inner dimensions agree. */
  private static Tensor batchedMatmul(Tensor a, Tensor b) {
    int[] as = a.shape();
    int[] bs = b.shape();
    int k = as[as.length - 1];
    int m = as.length == 1 ? 1 : as[as.length - 2];
    int n = bs.length == 1 ? 1 : bs[bs.length - 1];
    int[] aBatch = Arrays.copyOf(as, Math.max(0, as.length - 2));
    int[] bBatch = Arrays.copyOf(bs, Math.max(0, bs.length - 2));
    int[] batch = broadcastBatch(aBatch, bBatch, as, bs);
    int[] out = resultShape(batch, as.length == 1 ? -1 : m, bs.length == 1 ? -1 : n);
    if (Shape.size(bBatch) == 1) {
      // One right-hand matrix for every batch index: fold the batch into the rows of one product.
      Tensor c = new MatMul(false, false).apply(view(a, Shape.size(aBatch) * m, k), view(b, k, n));
      return view(c, out);
    }
    Tensor a3 = withBatch(as.length == 1 ? a.reshape(1, k) : a, batch, m, k);
    Tensor b3 = withBatch(bs.length == 1 ? b.reshape(k, 1) : b, batch, k, n);
    return view(new BatchedMatMul(false, false).apply(a3, b3), out);
  }

  /**
   * Einstein summation over the operands; see {@link Tensor#einsum(String, Tensor...)}. A composite
   * of diagonals, sums, permutes, reshapes, {@link MatMul}, {@link BatchedMatMul} and {@code mul}.
   *
   * @param equation the subscripts, such as {@code "ij,jk->ik"}
   * @param operands the tensors, one per comma-separated term, at least one
   * @return a new tensor with one axis per output letter ({@code []} if there are none)
   */
  public static Tensor einsum(String equation, Tensor... operands) {
    return Einsum.einsum(equation, operands);
  }

  /** {@code x} reshaped, or {@code x} itself when it has that shape already (nothing recorded). */
  static Tensor view(Tensor x, int... shape) {
    return Arrays.equals(x.shape(), shape) ? x : x.reshape(shape);
  }

  private static int[] broadcastBatch(int[] aBatch, int[] bBatch, int[] as, int[] bs) {
    int r = Math.max(aBatch.length, bBatch.length);
    int[] batch = new int[r];
    for (int i = 0; i < r; i++) {
      int da = i < r - aBatch.length ? 1 : aBatch[i - (r - aBatch.length)];
      int db = i < r - bBatch.length ? 1 : bBatch[i - (r - bBatch.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            "matmul: batch dimensions " + Shape.str(aBatch) + " and " + Shape.str(bBatch) + " do not broadcast ("
                + Shape.str(as) + " x " + Shape.str(bs) + ")");
      }
      batch[i] = Math.max(da, db);
    }
    return batch;
  }

  /** {@code batch ++ [m] ++ [n]}, leaving out a dimension given as -1 (a vector operand's). */
  private static int[] resultShape(int[] batch, int m, int n) {
    int[] out = Arrays.copyOf(batch, batch.length + (m < 0 ? 0 : 1) + (n < 0 ? 0 : 1));
    int i = batch.length;
    if (m >= 0) {
      out[i++] = m;
    }
    if (n >= 0) {
      out[i] = n;
    }
    return out;
  }

  /** {@code x} (a [rows, cols] matrix or a batch of them) as {@code batch ++ [rows, cols]}: reshaped when it already has that many matrices, broadcast otherwise. */
  private static Tensor withBatch(Tensor x, int[] batch, int rows, int cols) {
    int[] target = resultShape(batch, rows, cols);
    if (Arrays.equals(x.shape(), target)) {
      return x;
    }
    return x.size() == Shape.size(target) ? x.reshape(target) : Movement.broadcastTo(x, target);
  }

  /**
   * {@code x·w + b} for a matrix (or vector) x, a matrix w and a b that broadcasts to the product's
   * shape (a bias row, typically), as one {@link MatMulAdd}.
   *
   * @param x the left operand, a matrix {@code [m, k]} or a vector {@code [k]}
   * @param w the right operand, a matrix {@code [k, n]}
   * @param b the term added, broadcast to the product's shape (typically {@code [n]})
   * @return a new tensor of the product's shape: {@code [m, n]}, or {@code [n]} for a vector x
   */
  public static Tensor matmulAdd(Tensor x, Tensor w, Tensor b) {
    Args.notNull(x, "matmulAdd", "x");
    Args.notNull(w, "matmulAdd", "w");
    Args.notNull(b, "matmulAdd", "b");
    if (x.rank() < 1 || x.rank() > 2 || w.rank() != 2) {
      throw new IllegalArgumentException(
          "matmulAdd: expects x of rank 1 or 2 and a matrix w; got " + Shape.str(x.shape()) + " x "
              + Shape.str(w.shape()));
    }
    if (x.dim(-1) != w.dim(0)) {
      throw new IllegalArgumentException(
          "matmulAdd: inner dimensions differ: " + Shape.str(x.shape()) + " x " + Shape.str(w.shape()));
    }
    if (x.rank() == 1) {
      return matmul(x, w).add(b);
    }
    return new MatMulAdd().apply(x, w, b);
  }

  /**
   * {@code r = A·B + C} with C broadcast to the product's shape;  {@code dA = g·Bᵀ},
   * {@code dB = Aᵀ·g},  {@code dC = g} (summed back to C's shape by the engine). A primitive for
   * speed (a fused composite of matmul and add): the product accumulates straight onto the broadcast
   * C, saving a pass over the result and an array per layer.
   */
  public static final class MatMulAdd extends BuiltIn {
    @Override public String name() { return "matmulAdd"; }

    @Override protected Tensor forward(Tensor... in) {
      Tensor a = in[0];
      Tensor b = in[1];
      Tensor c = in[2];
      if (a.rank() != 2 || b.rank() != 2 || a.dim(1) != b.dim(0)) {
        throw new IllegalArgumentException(
            "matmulAdd: inner dimensions differ: " + Shape.str(a.shape()) + " x " + Shape.str(b.shape()));
      }
      int m = a.dim(0);
      int k = a.dim(1);
      int n = b.dim(1);
      int[] shape = {m, n};
      if (!Shape.broadcastsTo(c.shape(), shape)) {
        throw new IllegalArgumentException(
            "matmulAdd: the added term of shape " + Shape.str(c.shape()) + " does not broadcast to the product's shape "
                + Shape.str(shape));
      }
      if (a.dtype() == DType.FLOAT32) {
        float[] out = FloatLoops.expand(c.floatStorage(), c.shape(), shape);
        Gemm.gemm(false, false, m, n, k, a.floatStorage(), 0, b.floatStorage(), 0, out, 0, true);
        return Tensor.wrap(out, shape);
      }
      double[] out = dev.autograd.internal.Loops.expand(c.storage(), c.shape(), shape);
      Gemm.gemm(false, false, m, n, k, a.storage(), b.storage(), out, true);
      return Tensor.wrap(out, shape);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor a = node.input(0);
      Tensor b = node.input(1);
      return new Tensor[] {
        node.needsGrad(0) ? new MatMul(false, true).apply(g, b) : null,
        node.needsGrad(1) ? new MatMul(true, false).apply(a, g) : null,
        node.needsGrad(2) ? g : null
      };
    }
  }

  /** A matrix-product primitive with the given transpositions: {@link MatMul} or {@link BatchedMatMul}. */
  private interface Product {
    Primitive with(boolean transA, boolean transB);
  }

  /**
   * The rule of {@code r = op(A)·op(B)}, for single matrices and batches alike: {@code dA = g·op(B)ᵀ}
   * and {@code dB = op(A)ᵀ·g}, each one product of the same kind with suitable flags, transposed
   * back (by swapping operands and flags, never by copying) when the operand entered transposed.
   */
  private static Tensor[] productRule(Node node, Tensor g, boolean transA, boolean transB, Product product) {
    Tensor a = node.input(0);
    Tensor b = node.input(1);
    Tensor da = null;
    Tensor db = null;
    if (node.needsGrad(0)) {
      da = transA
          ? product.with(transB, true).apply(b, g)      // dA = (g·op(B)ᵀ)ᵀ = op(B)·gᵀ
          : product.with(false, !transB).apply(g, b);   // dA = g·op(B)ᵀ
    }
    if (node.needsGrad(1)) {
      db = transB
          ? product.with(true, transA).apply(g, a)      // dB = (op(A)ᵀ·g)ᵀ = gᵀ·op(A)
          : product.with(!transA, false).apply(a, g);   // dB = op(A)ᵀ·g
    }
    return new Tensor[] {da, db};
  }

  /**
   * {@code r = op(A)·op(B)} for matrices, where {@code op} transposes when the flag says so (without
   * materialising the transpose);  {@code dA = g·op(B)ᵀ} (transposed back when {@code transA}),
   * {@code dB = op(A)ᵀ·g} (transposed back when {@code transB}). Each gradient is itself one
   * {@code MatMul} with suitable flags, so no transpose is ever copied and the rule is
   * differentiable.
   */
  public static final class MatMul extends BuiltIn {
    private final boolean transA;
    private final boolean transB;

    /**
     * A matrix product with the given transpositions.
     *
     * @param transA whether the first operand enters transposed
     * @param transB whether the second operand enters transposed
     */
    public MatMul(boolean transA, boolean transB) {
      this.transA = transA;
      this.transB = transB;
    }

    @Override public String name() { return "matmul"; }

    @Override public String toString() {
      return "matmul" + (transA ? "(Aᵀ" : "(A") + (transB ? "·Bᵀ)" : "·B)");
    }

    @Override protected Tensor forward(Tensor... in) {
      Tensor a = in[0];
      Tensor b = in[1];
      if (a.rank() != 2 || b.rank() != 2) {
        throw new IllegalArgumentException(
            "matmul: expects two matrices; got " + Shape.str(a.shape()) + " x " + Shape.str(b.shape()));
      }
      int m = transA ? a.dim(1) : a.dim(0);
      int k = transA ? a.dim(0) : a.dim(1);
      int kb = transB ? b.dim(1) : b.dim(0);
      int n = transB ? b.dim(0) : b.dim(1);
      if (k != kb) {
        throw new IllegalArgumentException(
            "matmul: inner dimensions differ: " + Shape.str(a.shape()) + (transA ? "ᵀ" : "") + " x "
                + Shape.str(b.shape()) + (transB ? "ᵀ" : ""));
      }
      if (a.dtype() == DType.FLOAT32) {
        float[] c = new float[m * n];
        Gemm.gemm(transA, transB, m, n, k, a.floatStorage(), b.floatStorage(), c);
        return Tensor.wrap(c, m, n);
      }
      double[] c = new double[m * n];
      Gemm.gemm(transA, transB, m, n, k, a.storage(), b.storage(), c);
      return Tensor.wrap(c, m, n);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return productRule(node, g, transA, transB, MatMul::new);
    }
  }

  /**
   * {@code r[β] = op(A[β])·op(B[β])} for every batch index β: operands of equal rank, at least 3,
   * with the same batch dimensions (all but the last two) and matrices as in {@link MatMul};
   * {@code dA = g·op(B)ᵀ}, {@code dB = op(A)ᵀ·g} per batch index (transposed back under a flag),
   * each itself one {@code BatchedMatMul}. The forward calls the matrix kernel once per batch
   * index on slices of the operands' arrays, copying nothing. {@link #matmul} broadcasts batch
   * dimensions before it gets here.
   *
   * <p>An optional third input C, broadcastable to the result, is added in the same pass:
   * {@code r[β] = op(A[β])·op(B[β]) + C} (the products accumulate onto C broadcast), {@code dC = g}
   * (summed back to C's shape by the engine); a convolution's bias costs no pass of its own then.
   */
  public static final class BatchedMatMul extends BuiltIn {
    private final boolean transA;
    private final boolean transB;

    /**
     * A batch of matrix products with the given transpositions (of every matrix of the batch).
     *
     * @param transA whether the first operand's matrices enter transposed
     * @param transB whether the second operand's matrices enter transposed
     */
    public BatchedMatMul(boolean transA, boolean transB) {
      this.transA = transA;
      this.transB = transB;
    }

    @Override public String name() { return "batchedMatmul"; }

    @Override public String toString() {
      return "batchedMatmul" + (transA ? "(Aᵀ" : "(A") + (transB ? "·Bᵀ)" : "·B)");
    }

    @Override protected Tensor forward(Tensor... in) {
      int[] as = in[0].shape();
      int[] bs = in[1].shape();
      int r = as.length;
      boolean sameBatch = r >= 3 && bs.length == r;
      for (int i = 0; sameBatch && i < r - 2; i++) {
        sameBatch = as[i] == bs[i];
      }
      if (!sameBatch) {
        throw new IllegalArgumentException(
            "batchedMatmul: expects operands of equal rank (at least 3) with equal batch dimensions; got "
                + Shape.str(as) + " x " + Shape.str(bs) + " (matmul broadcasts batch dimensions)");
      }
      int m = transA ? as[r - 1] : as[r - 2];
      int k = transA ? as[r - 2] : as[r - 1];
      int kb = transB ? bs[r - 1] : bs[r - 2];
      int n = transB ? bs[r - 2] : bs[r - 1];
      if (k != kb) {
        throw new IllegalArgumentException(
            "batchedMatmul: inner dimensions differ: " + Shape.str(as) + (transA ? "ᵀ" : "") + " x "
                + Shape.str(bs) + (transB ? "ᵀ" : ""));
      }
      int[] shape = as.clone();
      shape[r - 2] = m;
      shape[r - 1] = n;
      int batch = Shape.size(as) / (m * k);
      boolean add = in.length == 3;
      if (in.length > 3 || add && !Shape.broadcastsTo(in[2].shape(), shape)) {
        throw new IllegalArgumentException(in.length > 3
            ? "batchedMatmul: takes two operands and an optional added term; got " + in.length + " inputs"
            : "batchedMatmul: the added term of shape " + Shape.str(in[2].shape())
                + " does not broadcast to the product's shape " + Shape.str(shape));
      }
      if (in[0].dtype() == DType.FLOAT32) {
        float[] a = in[0].floatStorage();
        float[] b = in[1].floatStorage();
        float[] c = add ? FloatLoops.expand(in[2].floatStorage(), in[2].shape(), shape) : new float[batch * m * n];
        for (int t = 0; t < batch; t++) {
          Gemm.gemm(transA, transB, m, n, k, a, t * m * k, b, t * k * n, c, t * m * n, add);
        }
        return Tensor.wrap(c, shape);
      }
      double[] a = in[0].storage();
      double[] b = in[1].storage();
      double[] c = add ? Loops.expand(in[2].storage(), in[2].shape(), shape) : new double[batch * m * n];
      for (int t = 0; t < batch; t++) {
        Gemm.gemm(transA, transB, m, n, k, a, t * m * k, b, t * k * n, c, t * m * n, add);
      }
      return Tensor.wrap(c, shape);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor[] ab = productRule(node, g, transA, transB, BatchedMatMul::new);
      if (node.arity() == 2) {
        return ab;
      }
      return new Tensor[] {ab[0], ab[1], node.needsGrad(2) ? g : null};
    }
  }

  // ================================================================ diagonals and triangles

  /** The length of diagonal {@code offset} of a {@code rows × cols} plane (0 or less when there is none). */
  static int diagonalLength(int rows, int cols, int offset) {
    return offset >= 0 ? Math.min(rows, cols - offset) : Math.min(rows + offset, cols);
  }

  /**
   * Walks diagonal {@code offset} of the planes spanned by axes p and q of a tensor of shape
   * {@code full}: the diagonal's elements, for each index of the other axes in order, are the
   * consecutive elements of {@code diag}. Copies full → diag when {@code gather}, else diag → full
   * (whose other elements are left alone).
   */
  static void diagonalWalk(int[] full, int p, int q, int offset, int length, double[] fullData, double[] diag,
      boolean gather) {
    int r = full.length;
    int[] st = Shape.strides(full);
    int[] rest = new int[r - 2];
    int[] restStrides = new int[r - 2];
    for (int i = 0, j = 0; i < r; i++) {
      if (i != p && i != q) {
        rest[j] = full[i];
        restStrides[j++] = st[i];
      }
    }
    int start = offset >= 0 ? offset * st[q] : -offset * st[p];
    int step = st[p] + st[q];
    int[] idx = new int[rest.length];
    int base = start;
    for (int o = 0; o < diag.length; o += length) {
      for (int i = 0; i < length; i++) {
        if (gather) {
          diag[o + i] = fullData[base + i * step];
        } else {
          fullData[base + i * step] = diag[o + i];
        }
      }
      for (int d = rest.length - 1; d >= 0; d--) {
        idx[d]++;
        base += restStrides[d];
        if (idx[d] < rest[d]) {
          break;
        }
        base -= restStrides[d] * rest[d];
        idx[d] = 0;
      }
    }
  }

  /** The range of offsets that have a diagonal in a {@code rows × cols} plane, for messages. */
  private static String offsets(int rows, int cols) {
    return "expected " + (1 - rows) + " .. " + (cols - 1);
  }

  /**
   * {@code r[..., i] = x[..., i, ..., i + offset, ...]}: diagonal {@code offset} of the planes
   * spanned by two axes (above the main diagonal when positive, below when negative), those axes
   * removed and the diagonal appended as the last axis, as in {@code torch.diagonal};
   * {@code dx = diagEmbed(g)}: g placed back on that diagonal among zeros ({@link DiagEmbed}).
   */
  public static final class Diagonal extends BuiltIn {
    private final int offset;
    private final int axis1;
    private final int axis2;

    /**
     * A diagonal of the planes spanned by two axes.
     *
     * @param offset which diagonal: 0 the main one, positive above it, negative below
     * @param axis1 the axis of the diagonal's rows (negative counts from the end)
     * @param axis2 the axis of its columns, not the same as {@code axis1}
     */
    public Diagonal(int offset, int axis1, int axis2) {
      this.offset = offset;
      this.axis1 = axis1;
      this.axis2 = axis2;
    }

    @Override public String name() { return "diagonal"; }
    @Override protected boolean computesFloat32() { return false; }   // computes on float64 copies

    @Override public String toString() {
      return "diagonal(offset " + offset + ", axes " + axis1 + ", " + axis2 + ")";
    }

    @Override protected Tensor forward(Tensor... in) {
      int[] s = in[0].shape();
      if (s.length < 2) {
        throw new IllegalArgumentException(
            "diagonal: expects a tensor of rank at least 2; got shape " + Shape.str(s));
      }
      int p = Shape.axis("diagonal", axis1, s.length);
      int q = Shape.axis("diagonal", axis2, s.length);
      if (p == q) {
        throw new IllegalArgumentException(
            "diagonal: axes " + axis1 + " and " + axis2 + " are the same axis of shape " + Shape.str(s));
      }
      int length = diagonalLength(s[p], s[q], offset);
      if (length < 1) {
        throw new IllegalArgumentException(
            "diagonal: offset " + offset + " has no diagonal in the " + s[p] + " x " + s[q] + " planes of axes "
                + axis1 + " and " + axis2 + " of shape " + Shape.str(s) + " (" + offsets(s[p], s[q]) + ")");
      }
      int[] out = new int[s.length - 1];
      for (int i = 0, j = 0; i < s.length; i++) {
        if (i != p && i != q) {
          out[j++] = s[i];
        }
      }
      out[out.length - 1] = length;
      double[] diag = new double[Shape.size(out)];
      diagonalWalk(s, p, q, offset, length, in[0].storage(), diag, true);
      return Tensor.wrap(diag, out);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      int[] s = node.input(0).shape();
      int p = Shape.axis("diagonal", axis1, s.length);
      int q = Shape.axis("diagonal", axis2, s.length);
      return new Tensor[] {new DiagEmbed(offset, p, q, s[p], s[q]).apply(g)};
    }
  }

  /**
   * {@code r[..., i, ..., i + offset, ...] = x[..., i]}, zeros elsewhere: the last axis of x laid
   * on diagonal {@code offset} of the {@code size1 × size2} planes of two new axes, at positions
   * {@code axis1} and {@code axis2} of the result (which has one axis more than x), as in
   * {@code torch.diag_embed} but with the planes' sizes given (the adjoint of a diagonal of a
   * non-square plane); {@code dx = diagonal(g)} ({@link Diagonal}).
   */
  public static final class DiagEmbed extends BuiltIn {
    private final int offset;
    private final int axis1;
    private final int axis2;
    private final int size1;
    private final int size2;

    /**
     * An embedding on a diagonal.
     *
     * @param offset which diagonal: 0 the main one, positive above it, negative below
     * @param axis1 the result axis of the diagonal's rows (negative counts from the end)
     * @param axis2 the result axis of its columns, not the same as {@code axis1}
     * @param size1 the length of the result along {@code axis1}
     * @param size2 the length of the result along {@code axis2}
     */
    public DiagEmbed(int offset, int axis1, int axis2, int size1, int size2) {
      this.offset = offset;
      this.axis1 = axis1;
      this.axis2 = axis2;
      this.size1 = size1;
      this.size2 = size2;
    }

    @Override public String name() { return "diagEmbed"; }
    @Override protected boolean computesFloat32() { return false; }   // computes on float64 copies

    @Override public String toString() {
      return "diagEmbed(offset " + offset + ", axes " + axis1 + ", " + axis2 + ", " + size1 + " x " + size2 + ")";
    }

    @Override protected Tensor forward(Tensor... in) {
      int[] s = in[0].shape();
      if (s.length < 1) {
        throw new IllegalArgumentException("diagEmbed: expects a tensor of rank at least 1; got a scalar (shape [])");
      }
      int r = s.length + 1;
      int p = Shape.axis("diagEmbed", axis1, r);
      int q = Shape.axis("diagEmbed", axis2, r);
      if (p == q) {
        throw new IllegalArgumentException(
            "diagEmbed: axes " + axis1 + " and " + axis2 + " are the same axis of a result of rank " + r);
      }
      int length = s[s.length - 1];
      if (size1 < 1 || size2 < 1 || diagonalLength(size1, size2, offset) != length) {
        throw new IllegalArgumentException(
            "diagEmbed: a last axis of length " + length + " (shape " + Shape.str(s) + ") does not fill diagonal "
                + offset + " of a " + size1 + " x " + size2 + " plane");
      }
      int[] out = new int[r];
      for (int i = 0, j = 0; i < r; i++) {
        out[i] = i == p ? size1 : i == q ? size2 : s[j++];
      }
      double[] full = new double[Shape.size(Shape.check("diagEmbed", out))];
      diagonalWalk(out, p, q, offset, length, full, in[0].storage(), false);
      return Tensor.wrap(full, out);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {new Diagonal(offset, axis1, axis2).apply(g)};
    }
  }

  /**
   * {@code r[..., i, j] = x[..., i, j]} where {@code j - i <= k} (lower, {@code tril}) or
   * {@code j - i >= k} (upper, {@code triu}), 0 elsewhere, in the last two axes;
   * {@code dx = the same triangle of g}. A masking primitive rather than a product with a
   * constant mask: one pass without a mask array, and a NaN outside the triangle stays out.
   */
  public static final class Triangle extends BuiltIn {
    private final int k;
    private final boolean lower;

    /**
     * A triangle of the matrices in the last two axes.
     *
     * @param k the diagonal bounding it: 0 the main one, positive above it, negative below
     * @param lower true for the lower triangle ({@code tril}), false for the upper ({@code triu})
     */
    public Triangle(int k, boolean lower) {
      this.k = k;
      this.lower = lower;
    }

    @Override public String name() { return lower ? "tril" : "triu"; }
    @Override protected boolean computesFloat32() { return false; }   // computes on float64 copies

    @Override public String toString() { return name() + "(" + k + ")"; }

    @Override protected Tensor forward(Tensor... in) {
      int[] s = in[0].shape();
      if (s.length < 2) {
        throw new IllegalArgumentException(
            name() + ": expects a matrix or a batch of them (rank at least 2); got shape " + Shape.str(s));
      }
      int rows = s[s.length - 2];
      int cols = s[s.length - 1];
      double[] x = in[0].storage();
      double[] out = new double[x.length];
      for (int base = 0; base < x.length; base += rows * cols) {
        for (int i = 0; i < rows; i++) {
          // Columns kept in row i: j <= i + k (lower) or j >= i + k (upper), clipped to the row.
          int from = lower ? 0 : (int) Math.min(cols, Math.max(0L, (long) i + k));
          int to = lower ? (int) Math.max(0L, Math.min(cols, (long) i + k + 1)) : cols;
          int row = base + i * cols;
          for (int j = from; j < to; j++) {
            out[row + j] = x[row + j];
          }
        }
      }
      return Tensor.wrap(out, s);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {apply(g)};
    }
  }
}
