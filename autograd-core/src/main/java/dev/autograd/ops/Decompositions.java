package dev.autograd.ops;

import dev.autograd.Args;
import dev.autograd.Node;
import dev.autograd.Primitive;
import dev.autograd.Shape;
import dev.autograd.Tensor;
import dev.autograd.internal.Lapack;

/**
 * Factorisation-based linear algebra through LAPACK (see {@code dev.autograd.Linalg} for the
 * user-facing names): inverse, determinants, solves and the Cholesky factor of square matrices.
 * Every rule is written in differentiable ops (these primitives, {@link LinearAlgebra.MatMul},
 * transposes and constant masks), so second derivatives, e.g. the Hessian of a log-determinant,
 * work too.
 *
 * <p>The primitives take one square matrix; the entry points below also take batches
 * {@code [..., n, n]}, one primitive application per matrix. Indices in messages (a zero pivot, a
 * leading minor) are 1-based, as LAPACK and PyTorch report them.
 */
public final class Decompositions {
  private Decompositions() {}

  /** The shared {@link Inverse}. */
  public static final Inverse INVERSE = new Inverse();
  /** The shared {@link Det}. */
  public static final Det DET = new Det();
  /** The shared {@link LogDet} of {@code log det A} (NaN for a negative determinant). */
  public static final LogDet LOGDET = new LogDet(false);
  /** The shared {@link LogDet} of {@code log|det A|}. */
  public static final LogDet LOG_ABS_DET = new LogDet(true);
  /** The shared {@link Cholesky}. */
  public static final Cholesky CHOLESKY = new Cholesky();

  // ================================================================ entry points
  //
  // Each takes a square matrix [n, n] or a batch of them [..., n, n]. The primitives work on one
  // matrix; a batch is sliced into its matrices, each goes through the primitive, and the results are
  // stacked again, all in differentiable movement ops, so gradients (of any order) flow per matrix.

  /**
   * {@code A⁻¹} of a square matrix, or of every matrix of a batch; see {@link Inverse}.
   *
   * @param a the matrix {@code [n, n]}, or a batch of them {@code [..., n, n]}
   * @return a new tensor of A's shape
   */
  public static Tensor inverse(Tensor a) {
    return eachMatrix("inverse", a, INVERSE);
  }

  /**
   * {@code det A} of a square matrix (a scalar), or of every matrix of a batch; see {@link Det}.
   *
   * @param a the matrix {@code [n, n]}, or a batch of them {@code [..., n, n]}
   * @return a scalar tensor, or one per matrix of the batch (shape {@code [...]}); a new tensor
   */
  public static Tensor det(Tensor a) {
    return eachMatrix("det", a, DET);
  }

  /**
   * {@code log det A}: NaN when the determinant is negative, -∞ when it is zero; per matrix of a batch.
   *
   * @param a the matrix {@code [n, n]}, or a batch of them {@code [..., n, n]}
   * @return a scalar tensor, or one per matrix of the batch (shape {@code [...]}); a new tensor
   */
  public static Tensor logdet(Tensor a) {
    return eachMatrix("logdet", a, LOGDET);
  }

  /**
   * {@code log|det A|} (-∞ when singular); per matrix of a batch.
   *
   * @param a the matrix {@code [n, n]}, or a batch of them {@code [..., n, n]}
   * @return a scalar tensor, or one per matrix of the batch (shape {@code [...]}); a new tensor
   */
  public static Tensor logAbsDet(Tensor a) {
    return eachMatrix("logAbsDet", a, LOG_ABS_DET);
  }

  /** {@code op} (one primitive per matrix) of a checked square matrix or batch of them. */
  private static Tensor eachMatrix(String op, Tensor a, Primitive primitive) {
    Args.notNull(a, op, "a");
    squareBatch(op, a);
    return perMatrix(a, primitive::apply);
  }

  /**
   * The sign of {@code det A} (-1, 0 or 1) as a constant (a scalar, or one per matrix of a batch):
   * it is piecewise constant, so no gradient flows through it.
   *
   * @param a the matrix {@code [n, n]}, or a batch of them {@code [..., n, n]}
   * @return a new constant tensor, each element -1, 0 or 1: a scalar, or one per matrix of the batch
   *     (shape {@code [...]})
   */
  public static Tensor detSign(Tensor a) {
    Args.notNull(a, "detSign", "a");
    int n = squareBatch("detSign", a);
    int count = a.size() / (n * n);
    double[] signs = new double[count];
    double[] d = Precision.values(a);
    for (int i = 0; i < count; i++) {
      signs[i] = Lapack.lu(java.util.Arrays.copyOfRange(d, i * n * n, (i + 1) * n * n), n).detSign();
    }
    return Tensor.wrap(signs, batchShape(a)).to(a.dtype());
  }

  /**
   * {@code X = A⁻¹·B}, as {@code torch.linalg.solve}: A is [..., n, n]; B is [..., n, k] (matrices of
   * right-hand sides, the batch shapes broadcasting together), or a vector: [n], or [..., n] with
   * exactly A's batch shape (then X has B's shape).
   *
   * @param a the matrix {@code [n, n]}, or a batch of them {@code [..., n, n]}
   * @param b the right-hand side, shaped as above
   * @return X, a new tensor of B's shape (with the broadcast batch shape)
   */
  public static Tensor solve(Tensor a, Tensor b) {
    Args.notNull(a, "solve", "a");
    Args.notNull(b, "solve", "b");
    int n = squareBatch("solve", a);
    boolean vector = b.rank() == 1
        || (b.rank() == a.rank() - 1 && java.util.Arrays.equals(b.shape(), java.util.Arrays.copyOf(a.shape(), a.rank() - 1)));
    if (vector) {
      if (b.dim(-1) != n) {
        throw mismatch("solve", a, b, "");
      }
      Tensor x = solve(a, b.unsqueeze(-1));   // [..., n, 1]
      int[] xs = x.shape();
      return x.reshape(java.util.Arrays.copyOf(xs, xs.length - 1));
    }
    if (b.rank() < 2 || b.dim(-2) != n) {
      throw mismatch("solve", a, b, "");
    }
    return perMatrixPair("solve", a, b, (x, y) -> new Solve(false).apply(x, y));
  }

  /**
   * The Cholesky factor L (lower triangular, {@code L·Lᵀ = A}) of a symmetric positive-definite A, or
   * of every matrix of a batch; see {@link Cholesky}.
   *
   * @param a the matrix {@code [n, n]}, or a batch of them {@code [..., n, n]}
   * @return the factor L, a new tensor of A's shape, zero above the diagonal
   */
  public static Tensor cholesky(Tensor a) {
    return eachMatrix("cholesky", a, CHOLESKY);
  }

  /**
   * The solution X of {@code T·X = B} ({@code left}) or {@code X·T = B} (not {@code left}), where T
   * is the upper or lower triangle of the square A (with ones on the diagonal, which is then not
   * read, when {@code unitriangular}); the other triangle of A is never read. B is a matrix: [n, k]
   * when {@code left}, [k, n] otherwise; with batches [..., n, n] and [..., n, k] (or [..., k, n])
   * whose batch shapes broadcast together. As {@code torch.linalg.solve_triangular}.
   *
   * @param a the matrix {@code [n, n]}, or a batch of them {@code [..., n, n]}; only the triangle
   *     named by {@code upper} is read
   * @param b the right-hand side, shaped as above
   * @param upper true to use A's upper triangle, false its lower one
   * @param left true to solve {@code T·X = B}, false to solve {@code X·T = B}
   * @param unitriangular take T's diagonal as ones instead of reading it
   * @return X, a new tensor of B's shape (with the broadcast batch shape)
   */
  public static Tensor solveTriangular(Tensor a, Tensor b, boolean upper, boolean left, boolean unitriangular) {
    Args.notNull(a, "solveTriangular", "a");
    Args.notNull(b, "solveTriangular", "b");
    int n = squareBatch("solveTriangular", a);
    if (b.rank() < 2 || b.dim(left ? -2 : -1) != n) {
      throw mismatch("solveTriangular", a, b, left ? "" : " (left = false)");
    }
    if (left) {
      return perMatrixPair("solveTriangular", a, b,
          (x, y) -> new SolveTriangular(upper, false, unitriangular).apply(x, y));
    }
    // X·T = B  ⇔  Tᵀ·Xᵀ = Bᵀ: the same solve with the transposed triangle, as a differentiable transpose.
    return perMatrixPair("solveTriangular", a, b,
        (x, y) -> new SolveTriangular(upper, true, unitriangular).apply(x, y.transpose()).transpose());
  }

  // ================================================================ batches

  /** The batch shape of a [..., n, m] tensor: all but its last two dimensions. */
  static int[] batchShape(Tensor t) {
    return java.util.Arrays.copyOf(t.shape(), t.rank() - 2);
  }

  private static int[] concat(int[] a, int[] b) {
    int[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** {@code op} of a matrix, or of every matrix of a batch [..., n, m], the results stacked in the batch's shape. */
  static Tensor perMatrix(Tensor a, java.util.function.UnaryOperator<Tensor> op) {
    if (a.rank() == 2) {
      return op.apply(a);
    }
    int[] batch = batchShape(a);
    int rows = a.dim(-2);
    int cols = a.dim(-1);
    int count = Shape.size(batch);
    Tensor flat = a.reshape(count, rows, cols);
    Tensor[] out = new Tensor[count];
    for (int i = 0; i < count; i++) {
      out[i] = op.apply(flat.slice(0, i, i + 1).reshape(rows, cols));
    }
    return Tensor.stack(0, out).reshape(concat(batch, out[0].shape()));
  }

  /**
   * {@code op} of two matrices, or of every pair of matrices of two batches whose batch shapes
   * broadcast together (each is broadcast first), the results stacked in the broadcast batch's shape.
   */
  static Tensor perMatrixPair(String op, Tensor a, Tensor b, java.util.function.BinaryOperator<Tensor> f) {
    if (a.rank() == 2 && b.rank() == 2) {
      return f.apply(a, b);
    }
    int[] ba = batchShape(a);
    int[] bb = batchShape(b);
    int[] batch;
    try {
      batch = Shape.broadcast(op, ba, bb);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          op + ": the batch shapes of A " + Shape.str(a.shape()) + " and B " + Shape.str(b.shape())
              + " do not broadcast together");
    }
    int[] sa = concat(batch, new int[] {a.dim(-2), a.dim(-1)});
    int[] sb = concat(batch, new int[] {b.dim(-2), b.dim(-1)});
    Tensor a2 = java.util.Arrays.equals(sa, a.shape()) ? a : a.broadcastTo(sa);
    Tensor b2 = java.util.Arrays.equals(sb, b.shape()) ? b : b.broadcastTo(sb);
    int count = Shape.size(batch);
    Tensor fa = a2.reshape(count, a.dim(-2), a.dim(-1));
    Tensor fb = b2.reshape(count, b.dim(-2), b.dim(-1));
    Tensor[] out = new Tensor[count];
    for (int i = 0; i < count; i++) {
      out[i] = f.apply(fa.slice(0, i, i + 1).reshape(a.dim(-2), a.dim(-1)),
          fb.slice(0, i, i + 1).reshape(b.dim(-2), b.dim(-1)));
    }
    return Tensor.stack(0, out).reshape(concat(batch, out[0].shape()));
  }

  /** The error for a B that does not fit A. */
  private static IllegalArgumentException mismatch(String op, Tensor a, Tensor b, String note) {
    int n = a.dim(-1);
    String pre = a.rank() == 2 ? "[" : "[..., ";
    String expected = note.isEmpty()
        ? (op.equals("solve") ? pre + n + "] or " : "") + pre + n + ", k]"
        : pre + "k, " + n + "]";
    return new IllegalArgumentException(
        op + ": B of shape " + Shape.str(b.shape()) + " does not match A of shape " + Shape.str(a.shape()) + note
            + "; expected B of shape " + expected);
  }

  // ================================================================ checks

  /** The order n of a square matrix or of the matrices of a batch [..., n, n], or an error naming {@code op}. */
  static int squareBatch(String op, Tensor a) {
    if (a.rank() < 2) {
      throw new IllegalArgumentException(
          op + ": expects a square matrix or a batch of them [..., n, n]; got shape " + Shape.str(a.shape()));
    }
    if (a.dim(-1) != a.dim(-2)) {
      throw new IllegalArgumentException(op + ": expects square matrices; got shape " + Shape.str(a.shape()));
    }
    return a.dim(-1);
  }

  /** The order n of one square matrix (what a primitive takes), or an error naming {@code op}. */
  static int square(String op, Tensor a) {
    if (a.rank() != 2) {
      throw new IllegalArgumentException(
          op + ": expects a square matrix (rank 2); got shape " + Shape.str(a.shape())
              + (a.rank() > 2 ? " (the primitive takes one matrix; Linalg's functions take batches)" : ""));
    }
    if (a.dim(0) != a.dim(1)) {
      throw new IllegalArgumentException(op + ": expects a square matrix; got shape " + Shape.str(a.shape()));
    }
    return a.dim(0);
  }

  /** Checks that B is an [n, k] matrix for a square A of order n. */
  static void checkRightHandSide(String op, Tensor a, Tensor b) {
    int n = a.dim(0);
    if (b.rank() != 2 || b.dim(0) != n) {
      throw new IllegalArgumentException(
          op + ": B of shape " + Shape.str(b.shape()) + " does not match A of shape " + Shape.str(a.shape())
              + "; expected B of shape " + (op.equals("solve") ? "[" + n + "] or " : "") + "[" + n + ", k]");
    }
  }

  /** The LU of a square matrix, or an error naming {@code op} when it is singular. */
  static Lapack.Lu nonSingularLu(String op, Tensor a) {
    int n = square(op, a);
    Lapack.Lu f = Lapack.lu(a.storage(), n);
    if (f.zeroPivot() != 0) {
      throw new IllegalArgumentException(
          op + ": the matrix is singular (U[" + f.zeroPivot() + "," + f.zeroPivot() + "] is exactly zero)");
    }
    return f;
  }

  /** A constant 0/1 mask of the upper or lower triangle of an [n×n] matrix, with or without the diagonal. */
  static Tensor triangle(int n, boolean upper, boolean diagonal) {
    double[] m = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        m[i * n + j] = (i == j ? diagonal : upper ? j > i : j < i) ? 1 : 0;
      }
    }
    return Tensor.wrap(m, n, n);
  }

  // ================================================================ primitives

  /**
   * {@code r = A⁻¹};  {@code dA = -Rᵀ·g·Rᵀ} (two {@link LinearAlgebra.MatMul}s with transpose
   * flags). LU with partial pivoting ({@code dgetrf}, {@code dgetrs}); a singular matrix is an error
   * naming the zero pivot, as in PyTorch.
   */
  public static final class Inverse extends BuiltIn {
    @Override public String name() { return "inverse"; }
    @Override protected boolean computesFloat32() { return false; }   // computes on float64 copies

    @Override protected Tensor forward(Tensor... in) {
      Lapack.Lu f = nonSingularLu("inverse", in[0]);
      return Tensor.wrap(Lapack.inverse(f), f.n(), f.n());
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor r = node.result();
      Tensor rtg = new LinearAlgebra.MatMul(true, false).apply(r, g);
      return new Tensor[] {new LinearAlgebra.MatMul(false, true).apply(rtg, r).neg()};
    }
  }

  /**
   * {@code r = det A} (a scalar; 0 for a singular matrix);  {@code dA = g·r·A⁻ᵀ}. From the LU
   * factorisation: {@code det A = sign(P)·Πᵢ U[i,i]}. The rule needs {@code A⁻¹}, so the gradient at
   * a singular matrix is an error (PyTorch computes it through an SVD).
   */
  public static final class Det extends BuiltIn {
    @Override public String name() { return "det"; }
    @Override protected boolean computesFloat32() { return false; }   // computes on float64 copies

    @Override protected Tensor forward(Tensor... in) {
      int n = square("det", in[0]);
      return Tensor.scalar(Lapack.lu(in[0].storage(), n).det());
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor inverse = INVERSE.apply(node.input(0));
      return new Tensor[] {inverse.transpose().mul(g.mul(node.result()))};
    }
  }

  /**
   * {@code r = log|det A|} ({@code abs}) or {@code r = log det A} (NaN when the determinant is
   * negative, as {@code torch.logdet}); -∞ for a singular matrix;  {@code dA = g·A⁻ᵀ} (NaN where r
   * is NaN). Computed as {@code Σᵢ log|U[i,i]|} from the LU factorisation, so it does not overflow
   * where the determinant itself would.
   */
  public static final class LogDet extends BuiltIn {
    private final boolean abs;

    /**
     * A log-determinant.
     *
     * @param abs true for {@code log|det A|}, false for {@code log det A} (NaN when negative)
     */
    public LogDet(boolean abs) {
      this.abs = abs;
    }

    @Override public String name() { return abs ? "logAbsDet" : "logdet"; }
    @Override protected boolean computesFloat32() { return false; }   // computes on float64 copies

    @Override protected Tensor forward(Tensor... in) {
      int n = square(name(), in[0]);
      Lapack.Lu f = Lapack.lu(in[0].storage(), n);
      double r = f.logAbsDet();
      if (!abs && f.detSign() < 0) {
        r = Double.NaN;
      }
      return Tensor.scalar(r);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor da = INVERSE.apply(node.input(0)).transpose().mul(g);
      if (!abs && Double.isNaN(node.result().item())) {
        da = da.mul(Double.NaN);   // log det is not defined there: no finite gradient either
      }
      return new Tensor[] {da};
    }
  }

  /**
   * {@code r = X = op(A)⁻¹·B} for a square A and an [n, k] B, where {@code op(A)} is A, or
   * {@code Aᵀ} with {@code transA};  {@code dB = op(A)⁻ᵀ·g} (the same solve with the flag flipped),
   * {@code dA = -dB·Xᵀ} (with {@code transA}: {@code dA = -X·dBᵀ}). LU with partial pivoting; a
   * singular matrix is an error naming the zero pivot.
   */
  public static final class Solve extends BuiltIn {
    private final boolean transA;

    /**
     * A linear solve.
     *
     * @param transA whether A enters transposed ({@code Aᵀ·X = B}); the factorisation is A's either way
     */
    public Solve(boolean transA) {
      this.transA = transA;
    }

    @Override public String name() { return "solve"; }
    @Override protected boolean computesFloat32() { return false; }   // computes on float64 copies

    @Override public String toString() {
      return transA ? "solve(Aᵀ·X = B)" : "solve(A·X = B)";
    }

    @Override protected Tensor forward(Tensor... in) {
      Tensor a = in[0];
      Tensor b = in[1];
      square("solve", a);
      checkRightHandSide("solve", a, b);
      Lapack.Lu f = nonSingularLu("solve", a);
      int k = b.dim(1);
      return Tensor.wrap(Lapack.solve(f, b.storage(), k, transA), f.n(), k);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor a = node.input(0);
      Tensor x = node.result();
      Tensor db = new Solve(!transA).apply(a, g);
      Tensor da = null;
      if (node.needsGrad(0)) {
        da = (transA
            ? new LinearAlgebra.MatMul(false, true).apply(x, db)
            : new LinearAlgebra.MatMul(false, true).apply(db, x)).neg();
      }
      return new Tensor[] {da, node.needsGrad(1) ? db : null};
    }
  }

  /**
   * {@code r = L}, lower triangular with a positive diagonal and {@code L·Lᵀ = A}, for a symmetric
   * positive-definite A of which only the lower triangle is read ({@code dpotrf});  with
   * {@code P = L⁻ᵀ·Φ(Lᵀ·g)·L⁻¹}, where {@code Φ} keeps the lower triangle and halves the diagonal
   * (Murray 2016, as PyTorch), {@code dA = tril(P) + tril(Pᵀ, -1)}: the exact gradient of the
   * function of the lower triangle, zero above the diagonal. Through any symmetric construction of
   * A (such as {@code M·Mᵀ}) it gives the same result as PyTorch's. The solves are {@link
   * SolveTriangular}s, so the rule is differentiable. A NaN in the lower triangle gives an all-NaN
   * L; a matrix that is not positive-definite is an error naming the first leading minor that is not
   * positive.
   */
  public static final class Cholesky extends BuiltIn {
    @Override public String name() { return "cholesky"; }
    @Override protected boolean computesFloat32() { return false; }   // computes on float64 copies

    @Override protected Tensor forward(Tensor... in) {
      Tensor a = in[0];
      int n = square("cholesky", a);
      double[] out = new double[n * n];
      double[] d = a.storage();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          if (Double.isNaN(d[i * n + j])) {
            java.util.Arrays.fill(out, Double.NaN);
            return Tensor.wrap(out, n, n);
          }
        }
      }
      int minor = Lapack.cholesky(d, n, out);
      if (minor != 0) {
        throw new IllegalArgumentException(
            "cholesky: the matrix is not positive-definite (leading minor " + minor + " of "
                + Shape.str(a.shape()) + " is not positive)");
      }
      return Tensor.wrap(out, n, n);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor l = node.result();
      int n = l.dim(0);
      Tensor phi = triangle(n, false, false);
      double[] p = phi.storage();
      for (int i = 0; i < n; i++) {
        p[i * n + i] = 0.5;
      }
      SolveTriangular lowerTransposed = new SolveTriangular(false, true, false);
      Tensor y = new LinearAlgebra.MatMul(true, false).apply(l, g).mul(phi);     // Φ(Lᵀ·g)
      Tensor z = lowerTransposed.apply(l, y);                                      // L⁻ᵀ·Φ
      Tensor pm = lowerTransposed.apply(l, z.transpose()).transpose();             // L⁻ᵀ·Φ·L⁻¹
      Tensor da = pm.mul(triangle(n, false, true)).add(pm.transpose().mul(triangle(n, false, false)));
      return new Tensor[] {da};
    }
  }

  /**
   * {@code r = X = op(T)⁻¹·B}, where T is the upper or lower triangle of the square A (with a unit
   * diagonal, not read, when {@code unitriangular}), {@code op(T)} is T or, with {@code transA},
   * {@code Tᵀ}, and B is [n, k] ({@code dtrtrs});  {@code dB = op(T)⁻ᵀ·g} (the same solve with the
   * flag flipped), {@code dA = -dB·Xᵀ} (with {@code transA}: {@code -X·dBᵀ}) masked to the triangle
   * that was read. An exactly zero diagonal element is an error (PyTorch returns infinities).
   */
  public static final class SolveTriangular extends BuiltIn {
    private final boolean upper;
    private final boolean transA;
    private final boolean unitriangular;

    /**
     * A triangular solve.
     *
     * @param upper whether the upper triangle of A is read (else the lower)
     * @param transA whether the triangle enters transposed ({@code Tᵀ·X = B})
     * @param unitriangular whether the diagonal is taken to be ones (and not read)
     */
    public SolveTriangular(boolean upper, boolean transA, boolean unitriangular) {
      this.upper = upper;
      this.transA = transA;
      this.unitriangular = unitriangular;
    }

    @Override public String name() { return "solveTriangular"; }
    @Override protected boolean computesFloat32() { return false; }   // computes on float64 copies

    @Override public String toString() {
      return "solveTriangular(" + (upper ? "upper" : "lower") + (transA ? ", transposed" : "")
          + (unitriangular ? ", unit diagonal" : "") + ")";
    }

    @Override protected Tensor forward(Tensor... in) {
      Tensor a = in[0];
      Tensor b = in[1];
      int n = square("solveTriangular", a);
      checkRightHandSide("solveTriangular", a, b);
      int k = b.dim(1);
      double[] out = new double[n * k];
      int zero = Lapack.triangularSolve(a.storage(), n, upper, transA, unitriangular, b.storage(), k, out);
      if (zero != 0) {
        throw new IllegalArgumentException(
            "solveTriangular: the matrix is singular (A[" + zero + "," + zero + "] is exactly zero)");
      }
      return Tensor.wrap(out, n, k);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor a = node.input(0);
      Tensor x = node.result();
      Tensor db = new SolveTriangular(upper, !transA, unitriangular).apply(a, g);
      Tensor da = null;
      if (node.needsGrad(0)) {
        Tensor full = transA
            ? new LinearAlgebra.MatMul(false, true).apply(x, db)
            : new LinearAlgebra.MatMul(false, true).apply(db, x);
        da = full.mul(triangle(a.dim(0), upper, !unitriangular)).neg();
      }
      return new Tensor[] {da, node.needsGrad(1) ? db : null};
    }
  }
}
