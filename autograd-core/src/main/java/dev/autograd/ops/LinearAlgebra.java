package dev.autograd.ops;

import dev.autograd.Args;
import dev.autograd.Node;
import dev.autograd.Primitive;
import dev.autograd.Shape;
import dev.autograd.Tensor;
import dev.autograd.internal.Gemm;

/** Matrix multiplication. */
public final class LinearAlgebra {
  private LinearAlgebra() {}

  /**
   * Matrix product for operands of rank 1 or 2; vectors are viewed as a row (left) or a column
   * (right) and the extra axis is dropped again, as in NumPy.
   */
  public static Tensor matmul(Tensor a, Tensor b) {
    Args.notNull(a, "matmul", "a");
    Args.notNull(b, "matmul", "b");
    int ra = a.rank();
    int rb = b.rank();
    if (ra < 1 || ra > 2 || rb < 1 || rb > 2) {
      throw new IllegalArgumentException(
          "matmul: expects operands of rank 1 or 2; got " + Shape.str(a.shape()) + " x " + Shape.str(b.shape()));
    }
    int ka = a.dim(-1);
    int kb = b.dim(0);
    if (ka != kb) {
      throw new IllegalArgumentException(
          "matmul: inner dimensions differ: " + Shape.str(a.shape()) + " x " + Shape.str(b.shape()));
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

  /**
   * {@code x·w + b} for a matrix (or vector) x, a matrix w and a b that broadcasts to the product's
   * shape (a bias row, typically), as one {@link MatMulAdd}.
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
      double[] c = new double[m * n];
      Gemm.gemm(transA, transB, m, n, k, a.storage(), b.storage(), c);
      return Tensor.wrap(c, m, n);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor a = node.input(0);
      Tensor b = node.input(1);
      Tensor da = null;
      Tensor db = null;
      if (node.needsGrad(0)) {
        da = transA
            ? new MatMul(transB, true).apply(b, g)      // dA = (g·op(B)ᵀ)ᵀ = op(B)·gᵀ
            : new MatMul(false, !transB).apply(g, b);   // dA = g·op(B)ᵀ
      }
      if (node.needsGrad(1)) {
        db = transB
            ? new MatMul(true, transA).apply(g, a)      // dB = (op(A)ᵀ·g)ᵀ = gᵀ·op(A)
            : new MatMul(!transA, false).apply(a, g);   // dB = op(A)ᵀ·g
      }
      return new Tensor[] {da, db};
    }
  }
}
