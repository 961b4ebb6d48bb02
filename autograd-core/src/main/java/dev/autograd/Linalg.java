package dev.autograd;

import dev.autograd.ops.Decompositions;

/**
 * Linear algebra on square matrices, as {@code torch.linalg}: inverse, determinants, linear and
 * triangular solves, the Cholesky factor. Each is differentiable, to any order (the derivative rules
 * are written in differentiable ops), and runs in LAPACK: netlib's native binding when {@code
 * liblapack.so.3} is installed, its pure-Java translation otherwise ({@link Runtime#lapack()} says
 * which).
 *
 * <pre>{@code
 * Tensor a = Tensor.matrix(new double[][] {{4, 1}, {1, 3}}).requiresGrad(true);
 * Tensor x = Linalg.solve(a, Tensor.vector(1, 2));      // a·x = [1, 2]
 * Tensor l = Linalg.cholesky(a);                        // l·lᵀ = a
 * Tensor h = Autograd.hessian(m -> Linalg.logdet(m), a.detach());
 * }</pre>
 *
 * <p>Each takes a square matrix [n, n] or a batch of them [..., n, n] (results get the batch's
 * shape; {@code solve} and {@code solveTriangular} broadcast the batch shapes of A and B); a batch is
 * computed matrix by matrix, one primitive application each. A singular matrix is an error for
 * {@link #inv} and {@link #solve} (naming the zero pivot of its LU factorisation, 1-based as in
 * PyTorch), and a matrix that is not positive-definite is an error for {@link #cholesky}.
 */
public final class Linalg {
  private Linalg() {}

  /**
   * The sign of a determinant and the logarithm of its absolute value, as {@code torch.linalg.slogdet}
   * returns them: {@code det A = sign·exp(logAbsDet)}.
   *
   * @param sign -1, 0 or 1, a constant (no gradient flows through it): a scalar, or one per matrix of a batch
   * @param logAbsDet {@code log|det A|}, differentiable (-∞ for a singular matrix), of the same shape
   */
  public record Slogdet(Tensor sign, Tensor logAbsDet) {
    /**
     * Checks the components.
     *
     * @param sign the sign of the determinant
     * @param logAbsDet the logarithm of its absolute value
     * @throws IllegalArgumentException if either is null
     */
    public Slogdet {
      Args.notNull(sign, "Slogdet", "sign");
      Args.notNull(logAbsDet, "Slogdet", "logAbsDet");
    }
  }

  /**
   * {@code A⁻¹} ({@code torch.linalg.inv}).
   *
   * @param a the matrix {@code [n, n]}, or a batch of them {@code [..., n, n]}
   * @return a new tensor of A's shape
   * @throws IllegalArgumentException when A is not a square matrix, or is singular
   */
  public static Tensor inv(Tensor a) {
    Args.notNull(a, "inv", "a");
    return Decompositions.inverse(a);
  }

  /**
   * {@code det A}, a scalar ({@code torch.linalg.det}); 0 for a singular matrix.
   *
   * @param a the matrix {@code [n, n]}, or a batch of them {@code [..., n, n]}
   * @return a new tensor: a scalar, or one per matrix of a batch ({@code [...]})
   */
  public static Tensor det(Tensor a) {
    Args.notNull(a, "det", "a");
    return Decompositions.det(a);
  }

  /**
   * The sign and {@code log|det A|} ({@code torch.linalg.slogdet}): the log-determinant without
   * overflow, for any non-singular A.
   *
   * @param a the matrix {@code [n, n]}, or a batch of them {@code [..., n, n]}
   * @return the sign and the log-determinant, each a scalar or one per matrix of a batch
   */
  public static Slogdet slogdet(Tensor a) {
    Args.notNull(a, "slogdet", "a");
    return new Slogdet(Decompositions.detSign(a), Decompositions.logAbsDet(a));
  }

  /**
   * {@code log det A} ({@code torch.logdet}): NaN when the determinant is negative, -∞ when it is
   * zero. For a symmetric positive-definite A, {@code 2·Σ log diag(cholesky(A))} is the same value.
   *
   * @param a the matrix {@code [n, n]}, or a batch of them {@code [..., n, n]}
   * @return a new tensor: a scalar, or one per matrix of a batch ({@code [...]})
   */
  public static Tensor logdet(Tensor a) {
    Args.notNull(a, "logdet", "a");
    return Decompositions.logdet(a);
  }

  /**
   * The lower-triangular L with a positive diagonal and {@code L·Lᵀ = A}, for a symmetric
   * positive-definite A ({@code torch.linalg.cholesky}); only the lower triangle of A is read.
   *
   * @param a the matrix {@code [n, n]}, or a batch of them {@code [..., n, n]}
   * @return the factor L, a new tensor of A's shape, zero above the diagonal
   * @throws IllegalArgumentException when A is not a square matrix or not positive-definite
   */
  public static Tensor cholesky(Tensor a) {
    Args.notNull(a, "cholesky", "a");
    return Decompositions.cholesky(a);
  }

  /**
   * The X with {@code A·X = B} ({@code torch.linalg.solve}): B of shape [n, k], or a vector [n] (then
   * X is a vector too); for a batch A [..., n, n], B is [..., n, k] (batch shapes broadcasting), [n],
   * or [..., n] with exactly A's batch shape.
   *
   * @param a the matrix {@code [n, n]}, or a batch of them {@code [..., n, n]}
   * @param b the right-hand side, shaped as above
   * @return X, a new tensor of B's shape (with the broadcast batch shape)
   * @throws IllegalArgumentException when the shapes do not fit, or A is singular
   */
  public static Tensor solve(Tensor a, Tensor b) {
    Args.notNull(a, "solve", "a");
    Args.notNull(b, "solve", "b");
    return Decompositions.solve(a, b);
  }

  /**
   * The X with {@code T·X = B} for the upper (or lower) triangle T of A, B of shape [n, k]:
   * {@code torch.linalg.solve_triangular(A, B, upper=upper)}.
   *
   * @param a the matrix {@code [n, n]}, or a batch of them {@code [..., n, n]}; only the triangle
   *     named by {@code upper} is read
   * @param b the right-hand side {@code [n, k]} (or {@code [..., n, k]} for a batch)
   * @param upper true to use A's upper triangle, false its lower one
   * @return X, a new tensor of B's shape (with the broadcast batch shape)
   */
  public static Tensor solveTriangular(Tensor a, Tensor b, boolean upper) {
    Args.notNull(a, "solveTriangular", "a");
    Args.notNull(b, "solveTriangular", "b");
    return Decompositions.solveTriangular(a, b, upper, true, false);
  }

  /**
   * {@code torch.linalg.solve_triangular(A, B, upper=, left=, unitriangular=)}: the X with
   * {@code T·X = B} ({@code left}; B is [n, k]) or {@code X·T = B} (B is [k, n]), where T is the
   * upper or lower triangle of A, with ones on its diagonal (not read) when {@code unitriangular}.
   * The other triangle of A is never read, and gets no gradient.
   *
   * @param a the matrix {@code [n, n]}, or a batch of them {@code [..., n, n]}; only the triangle
   *     named by {@code upper} is read
   * @param b the right-hand side, {@code [n, k]} when {@code left}, else {@code [k, n]} (with a
   *     batch shape for a batch)
   * @param upper true to use A's upper triangle, false its lower one
   * @param left true to solve {@code T·X = B}, false to solve {@code X·T = B}
   * @param unitriangular take T's diagonal as ones instead of reading it
   * @return X, a new tensor of B's shape (with the broadcast batch shape)
   * @throws IllegalArgumentException when the shapes do not fit, or a diagonal element that is read is zero
   */
  public static Tensor solveTriangular(Tensor a, Tensor b, boolean upper, boolean left, boolean unitriangular) {
    Args.notNull(a, "solveTriangular", "a");
    Args.notNull(b, "solveTriangular", "b");
    return Decompositions.solveTriangular(a, b, upper, left, unitriangular);
  }
}
