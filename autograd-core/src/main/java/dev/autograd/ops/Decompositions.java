package dev.autograd.ops;

import dev.autograd.Args;
import dev.autograd.Node;
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
 * <p>Matrices are square and of rank 2; batches of matrices are not supported yet. Indices in
 * messages (a zero pivot, a leading minor) are 1-based, as LAPACK and PyTorch report them.
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

  /** {@code A⁻¹} of a square matrix; see {@link Inverse}. */
  public static Tensor inverse(Tensor a) {
    Args.notNull(a, "inverse", "a");
    return INVERSE.apply(a);
  }

  /** {@code det A} of a square matrix; see {@link Det}. */
  public static Tensor det(Tensor a) {
    Args.notNull(a, "det", "a");
    return DET.apply(a);
  }

  /** {@code log det A} of a square matrix: NaN when the determinant is negative, -∞ when it is zero. */
  public static Tensor logdet(Tensor a) {
    Args.notNull(a, "logdet", "a");
    return LOGDET.apply(a);
  }

  /** {@code log|det A|} of a square matrix (-∞ when singular). */
  public static Tensor logAbsDet(Tensor a) {
    Args.notNull(a, "logAbsDet", "a");
    return LOG_ABS_DET.apply(a);
  }

  /**
   * The sign of {@code det A} (-1, 0 or 1) as a constant scalar: it is piecewise constant, so no
   * gradient flows through it.
   */
  public static Tensor detSign(Tensor a) {
    Args.notNull(a, "detSign", "a");
    int n = square("detSign", a);
    return Tensor.scalar(Lapack.lu(a.storage(), n).detSign());
  }

  /**
   * {@code X = A⁻¹·B} for a square A and a B of shape [n, k] (a matrix of right-hand sides) or [n]
   * (one right-hand side, and X is a vector too), as {@code torch.linalg.solve}.
   */
  public static Tensor solve(Tensor a, Tensor b) {
    Args.notNull(a, "solve", "a");
    Args.notNull(b, "solve", "b");
    int n = square("solve", a);
    if (b.rank() == 1 && b.dim(0) == n) {
      return new Solve(false).apply(a, b.reshape(n, 1)).reshape(n);
    }
    checkRightHandSide("solve", a, b);
    return new Solve(false).apply(a, b);
  }

  /** The Cholesky factor L (lower triangular, {@code L·Lᵀ = A}) of a symmetric positive-definite A; see {@link Cholesky}. */
  public static Tensor cholesky(Tensor a) {
    Args.notNull(a, "cholesky", "a");
    return CHOLESKY.apply(a);
  }

  /**
   * The solution X of {@code T·X = B} ({@code left}) or {@code X·T = B} (not {@code left}), where T
   * is the upper or lower triangle of the square A (with ones on the diagonal, which is then not
   * read, when {@code unitriangular}); the other triangle of A is never read. B is a matrix: [n, k]
   * when {@code left}, [k, n] otherwise. As {@code torch.linalg.solve_triangular}.
   */
  public static Tensor solveTriangular(Tensor a, Tensor b, boolean upper, boolean left, boolean unitriangular) {
    Args.notNull(a, "solveTriangular", "a");
    Args.notNull(b, "solveTriangular", "b");
    int n = square("solveTriangular", a);
    if (left) {
      checkRightHandSide("solveTriangular", a, b);
      return new SolveTriangular(upper, false, unitriangular).apply(a, b);
    }
    if (b.rank() != 2 || b.dim(1) != n) {
      throw new IllegalArgumentException(
          "solveTriangular: B of shape " + Shape.str(b.shape()) + " does not match A of shape " + Shape.str(a.shape())
              + " (left = false); expected B of shape [k, " + n + "]");
    }
    // X·T = B  ⇔  Tᵀ·Xᵀ = Bᵀ: the same solve with the transposed triangle, as a differentiable transpose.
    return new SolveTriangular(upper, true, unitriangular).apply(a, b.transpose()).transpose();
  }

  // ================================================================ checks

  /** The order n of a square matrix, or an error naming {@code op}. */
  static int square(String op, Tensor a) {
    if (a.rank() != 2) {
      throw new IllegalArgumentException(
          op + ": expects a square matrix (rank 2); got shape " + Shape.str(a.shape())
              + (a.rank() > 2 ? " (batches of matrices are not supported yet)" : ""));
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
