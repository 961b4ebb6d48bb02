package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Values against hand-computed results, identities, derivatives and the messages of bad input. */
class LinalgTest {

  private static final double TOL = 1e-12;

  private static Tensor m(double[][] rows) {
    return Tensor.matrix(rows);
  }

  private static void assertClose(Tensor expected, Tensor actual, double tol) {
    assertArrayEquals(expected.shape(), actual.shape(), "shape");
    assertArrayEquals(expected.toArray(), actual.toArray(), tol, () -> "expected " + expected + " got " + actual);
  }

  private static Tensor eye(int n) {
    double[] d = new double[n * n];
    for (int i = 0; i < n; i++) {
      d[i * n + i] = 1;
    }
    return Tensor.wrap(d, n, n);
  }

  /** A well-conditioned random matrix: entries in [-1, 1] plus 2n on the diagonal. */
  private static Tensor dominant(long seed, int n) {
    return Tensor.uniform(new SplittableRandom(seed), -1, 1, n, n).add(eye(n).mul(2.0 * n));
  }

  // ---------------------------------------------------------------- values

  @Test
  void inverse_and_det_of_a_2x2_matrix_are_the_textbook_ones() {
    Tensor a = m(new double[][] {{4, 7}, {2, 6}});
    assertClose(m(new double[][] {{0.6, -0.7}, {-0.2, 0.4}}), Linalg.inv(a), TOL);
    assertEquals(10.0, Linalg.det(a).item(), TOL);
    assertEquals(Math.log(10), a.logdet().item(), TOL);
    assertClose(Linalg.inv(a), a.inverse(), 0);
    assertEquals(0, a.det().rank());
  }

  @Test
  void inverse_of_a_3x3_matrix_with_determinant_one_is_an_integer_matrix() {
    Tensor a = m(new double[][] {{1, 2, 3}, {0, 1, 4}, {5, 6, 0}});
    assertEquals(1.0, a.det().item(), 1e-12);
    assertClose(m(new double[][] {{-24, 18, 5}, {20, -15, -4}, {-5, 4, 1}}), a.inverse(), 1e-12);
  }

  @Test
  void a_matrix_times_its_inverse_is_the_identity() {
    for (int n = 1; n <= 6; n++) {
      Tensor a = dominant(n, n);
      assertClose(eye(n), a.matmul(a.inverse()), 1e-12);
      assertClose(eye(n), a.inverse().matmul(a), 1e-12);
    }
  }

  @Test
  void det_of_a_triangular_matrix_is_the_product_of_its_diagonal() {
    Tensor lower = m(new double[][] {{2, 0, 0}, {3, -1, 0}, {4, 5, 3}});
    assertEquals(-6.0, lower.det().item(), 1e-12);
    assertEquals(-6.0, lower.transpose().det().item(), 1e-12);
    assertEquals(0.0, m(new double[][] {{1, 2}, {2, 4}}).det().item(), 0, "a singular matrix has det 0");
  }

  @Test
  void slogdet_gives_the_sign_of_a_negative_determinant_and_logdet_is_nan_there() {
    Tensor a = m(new double[][] {{1, 2}, {3, 4}});   // det = -2
    Linalg.Slogdet s = Linalg.slogdet(a);
    assertEquals(-1.0, s.sign().item());
    assertEquals(Math.log(2), s.logAbsDet().item(), TOL);
    assertTrue(Double.isNaN(Linalg.logdet(a).item()));
    Linalg.Slogdet singular = Linalg.slogdet(m(new double[][] {{1, 2}, {2, 4}}));
    assertEquals(0.0, singular.sign().item());
    assertEquals(Double.NEGATIVE_INFINITY, singular.logAbsDet().item());
    assertEquals(Double.NEGATIVE_INFINITY, Linalg.logdet(m(new double[][] {{1, 2}, {2, 4}})).item());
  }

  @Test
  void slogdet_does_not_overflow_where_det_does() {
    Tensor big = eye(200).mul(100);   // det = 10⁴⁰⁰
    assertEquals(Double.POSITIVE_INFINITY, big.det().item());
    assertEquals(200 * Math.log(100), Linalg.slogdet(big).logAbsDet().item(), 1e-9);
    assertEquals(1.0, Linalg.slogdet(big).sign().item());
  }

  @Test
  void cholesky_factor_of_the_classic_example() {
    Tensor a = m(new double[][] {{4, 12, -16}, {12, 37, -43}, {-16, -43, 98}});
    Tensor l = Linalg.cholesky(a);
    assertClose(m(new double[][] {{2, 0, 0}, {6, 1, 0}, {-8, 5, 3}}), l, 1e-12);
    assertClose(a, l.matmul(l.transpose()), 1e-12);
  }

  @Test
  void cholesky_reads_the_lower_triangle_only() {
    Tensor a = m(new double[][] {{4, 12, -16}, {12, 37, -43}, {-16, -43, 98}});
    Tensor garbage = m(new double[][] {{4, 99, Double.NaN}, {12, 37, -1e9}, {-16, -43, 98}});
    assertClose(Linalg.cholesky(a), Linalg.cholesky(garbage), 0);
  }

  @Test
  void l_times_l_transposed_is_the_matrix() {
    for (int n = 1; n <= 6; n++) {
      Tensor mm = Tensor.uniform(new SplittableRandom(n), -1, 1, n, n);
      Tensor a = mm.matmul(mm.transpose()).add(eye(n));
      Tensor l = Linalg.cholesky(a);
      assertClose(a, l.matmul(l.transpose()), 1e-12);
      for (int i = 0; i < n; i++) {
        assertTrue(l.get(i, i) > 0, "positive diagonal");
        for (int j = i + 1; j < n; j++) {
          assertEquals(0.0, l.get(i, j), "zero above the diagonal");
        }
      }
      // log det A = 2·Σ log Lᵢᵢ
      double logdet = 0;
      for (int i = 0; i < n; i++) {
        logdet += 2 * Math.log(l.get(i, i));
      }
      assertEquals(logdet, a.logdet().item(), 1e-12);
    }
  }

  @Test
  void solve_a_vector_and_a_matrix_of_right_hand_sides() {
    Tensor a = m(new double[][] {{3, 1}, {1, 2}});
    assertClose(Tensor.vector(2, 3), Linalg.solve(a, Tensor.vector(9, 8)), 1e-12);
    Tensor b = m(new double[][] {{9, 1}, {8, 2}});
    assertClose(m(new double[][] {{2, 0}, {3, 1}}), Linalg.solve(a, b), 1e-12);
    for (int n = 1; n <= 6; n++) {
      Tensor an = dominant(10 + n, n);
      Tensor bn = Tensor.randn(n, n, 3);
      assertClose(bn, an.matmul(Linalg.solve(an, bn)), 1e-12);
      assertClose(an.inverse().matmul(bn), Linalg.solve(an, bn), 1e-12);
    }
  }

  @Test
  void solve_triangular_left_and_right_read_only_their_triangle() {
    Tensor u = m(new double[][] {{2, 1}, {0, 4}});
    assertClose(m(new double[][] {{1}, {2}}), Linalg.solveTriangular(u, m(new double[][] {{4}, {8}}), true), 1e-12);
    Tensor withGarbage = m(new double[][] {{2, 1}, {Double.NaN, 4}});
    assertClose(m(new double[][] {{1}, {2}}), Linalg.solveTriangular(withGarbage, m(new double[][] {{4}, {8}}), true),
        1e-12);
    // X·U = B
    assertClose(m(new double[][] {{2, 1.75}}),
        Linalg.solveTriangular(u, m(new double[][] {{4, 9}}), true, false, false), 1e-12);
    // A unit diagonal is not read: [[1, 1], [0, 1]]·x = [3, 2] gives x = [1, 2].
    assertClose(m(new double[][] {{1}, {2}}),
        Linalg.solveTriangular(u, m(new double[][] {{3}, {2}}), true, true, true), 1e-12);
    for (int n = 1; n <= 5; n++) {
      Tensor a = dominant(20 + n, n);
      Tensor b = Tensor.randn(n, n, 2);
      Tensor lower = a.mul(triangle(n, false));
      Tensor upper = a.mul(triangle(n, true));
      assertClose(b, lower.matmul(Linalg.solveTriangular(a, b, false)), 1e-12);
      assertClose(b, upper.matmul(Linalg.solveTriangular(a, b, true)), 1e-12);
      Tensor bt = b.transpose();
      assertClose(bt, Linalg.solveTriangular(a, bt, false, false, false).matmul(lower), 1e-12);
      assertClose(Linalg.solve(lower, b), Linalg.solveTriangular(a, b, false), 1e-12);
    }
  }

  private static Tensor triangle(int n, boolean upper) {
    double[] d = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        d[i * n + j] = (upper ? j >= i : j <= i) ? 1 : 0;
      }
    }
    return Tensor.wrap(d, n, n);
  }

  // ---------------------------------------------------------------- derivatives

  @Test
  void gradient_of_logdet_is_the_inverse_transposed_and_of_det_is_det_times_it() {
    Tensor a = m(new double[][] {{4, 7}, {2, 6}});
    Tensor inverseT = a.inverse().transpose();
    assertClose(inverseT, Autograd.grad(Tensor::logdet, a), 1e-12);
    assertClose(inverseT.mul(10), Autograd.grad(Tensor::det, a), 1e-12);
    assertClose(inverseT, Autograd.grad(x -> Linalg.slogdet(x).logAbsDet(), a), 1e-12);
    // log|det| of a matrix with a negative determinant has the same gradient; log det has NaNs.
    Tensor negative = m(new double[][] {{1, 2}, {3, 4}});
    assertClose(negative.inverse().transpose(), Autograd.grad(x -> Linalg.slogdet(x).logAbsDet(), negative), 1e-12);
    assertTrue(Double.isNaN(Autograd.grad(Tensor::logdet, negative).get(0, 0)));
  }

  @Test
  void hessian_through_logdet_matches_finite_differences_of_its_gradient_and_the_closed_form() {
    int n = 3;
    Tensor a = dominant(3, n);
    Tensor h = Autograd.hessian(Tensor::logdet, a);   // [n, n, n, n]
    assertArrayEquals(new int[] {n, n, n, n}, h.shape());
    Tensor inv = a.inverse();
    double eps = 1e-5;
    for (int k = 0; k < n; k++) {
      for (int l = 0; l < n; l++) {
        Tensor plus = a.copy();
        Tensor minus = a.copy();
        plus.storage()[k * n + l] += eps;
        minus.storage()[k * n + l] -= eps;
        Tensor fd = Autograd.grad(Tensor::logdet, plus).sub(Autograd.grad(Tensor::logdet, minus)).div(2 * eps);
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            double engine = h.get(i, j, k, l);
            assertEquals(fd.get(i, j), engine, 1e-8, "H[" + i + "," + j + "," + k + "," + l + "]");
            // ∂²log det / ∂Aᵢⱼ∂Aₖₗ = -(A⁻¹)ₗᵢ·(A⁻¹)ⱼₖ
            assertEquals(-inv.get(l, i) * inv.get(j, k), engine, 1e-12);
          }
        }
      }
    }
  }

  @Test
  void gradients_of_solve_and_cholesky_pass_the_gradient_check_to_second_order() {
    Tensor a = dominant(5, 3);
    Tensor b = Tensor.randn(6, 3, 2);
    Autograd.Fn solve = xs -> Linalg.solve(xs[0], xs[1]).square().sum();
    dev.autograd.check.GradCheck.defaults().assertPasses(solve, a, b);
    dev.autograd.check.GradCheck.defaults().assertSecondOrderPasses(solve, a, b);
    Tensor mm = Tensor.uniform(new SplittableRandom(8), -1, 1, 3, 3);
    Autograd.Fn chol = xs -> Linalg.cholesky(xs[0].matmul(xs[0].transpose()).add(eye(3))).tanh().sum();
    dev.autograd.check.GradCheck.defaults().assertPasses(chol, mm);
    dev.autograd.check.GradCheck.defaults().assertSecondOrderPasses(chol, mm);
  }

  @Test
  void cholesky_gradient_is_zero_above_the_diagonal_and_exact_for_any_perturbation() {
    Tensor a = m(new double[][] {{4, 12, -16}, {12, 37, -43}, {-16, -43, 98}});
    Tensor g = Autograd.grad(x -> Linalg.cholesky(x).mul(Tensor.randn(1, 3, 3)).sum(), a);
    for (int i = 0; i < 3; i++) {
      for (int j = i + 1; j < 3; j++) {
        assertEquals(0.0, g.get(i, j), 0.0);
      }
    }
    dev.autograd.check.GradCheck.defaults().assertPasses(xs -> Linalg.cholesky(xs[0]).sum(), a);
  }

  @Test
  void the_runtime_reports_which_lapack_runs() {
    // Whichever LAPACK this JVM chose, the pure-Java one computes the same factorisations
    // (dev.autograd.internal.LapackTest checks every kernel on it without a native library, and
    // this whole class passes with -Dautograd.blas=java, which makes the pure-Java one the choice).
    assertTrue(Runtime.lapack().startsWith("native LAPACK (") || Runtime.lapack().startsWith("pure Java ("),
        Runtime.lapack());
    if (System.getProperty("autograd.blas", "auto").equals("java")) {
      assertEquals("pure Java (dev.ludovic.netlib.lapack.F2jLAPACK)", Runtime.lapack());
      assertTrue(!Runtime.isNativeLapack());
    }
  }

  // ---------------------------------------------------------------- batches

  /** Two 3×3 matrices and a third, stacked into a [3, 3, 3] batch, reshaped to [3, 1, 3, 3]. */
  private static Tensor[] three() {
    return new Tensor[] {dominant(31, 3), dominant(32, 3), dominant(33, 3).mul(-1)};
  }

  @Test
  void batches_are_computed_matrix_by_matrix() {
    Tensor[] ms = three();
    Tensor batch = Tensor.stack(0, ms).reshape(3, 1, 3, 3);
    Tensor inv = batch.inverse();
    Tensor det = batch.det();
    Linalg.Slogdet sl = Linalg.slogdet(batch);
    assertArrayEquals(new int[] {3, 1, 3, 3}, inv.shape());
    assertArrayEquals(new int[] {3, 1}, det.shape());
    assertArrayEquals(new int[] {3, 1}, sl.sign().shape());
    Tensor b = Tensor.randn(4, 3, 2);
    Tensor x = Linalg.solve(batch, b);                               // B broadcast over the batch
    Tensor v = Linalg.solve(batch, Tensor.vector(1, 2, 3));          // a vector for every matrix
    Tensor vb = Linalg.solve(batch.reshape(3, 3, 3), Tensor.randn(5, 3, 3));   // a batch of vectors [3, 3]
    assertArrayEquals(new int[] {3, 1, 3, 2}, x.shape());
    assertArrayEquals(new int[] {3, 1, 3}, v.shape());
    assertArrayEquals(new int[] {3, 3}, vb.shape());
    for (int i = 0; i < 3; i++) {
      Tensor mi = ms[i];
      assertClose(mi.inverse(), inv.slice(0, i, i + 1).reshape(3, 3), 1e-12);
      assertEquals(mi.det().item(), det.get(i, 0), 1e-12);
      assertEquals(Math.signum(mi.det().item()), sl.sign().get(i, 0));
      assertEquals(Linalg.slogdet(mi).logAbsDet().item(), sl.logAbsDet().get(i, 0), 1e-12);
      assertClose(Linalg.solve(mi, b), x.slice(0, i, i + 1).reshape(3, 2), 1e-12);
      assertClose(Linalg.solve(mi, Tensor.vector(1, 2, 3)), v.slice(0, i, i + 1).reshape(3), 1e-12);
      Tensor l = Linalg.cholesky(mi.matmul(mi.transpose()));
      Tensor spd = Tensor.stack(0, ms[0].matmul(ms[0].transpose()), mi.matmul(mi.transpose()));
      assertClose(l, Linalg.cholesky(spd).slice(0, 1, 2).reshape(3, 3), 1e-12);
      assertClose(Linalg.solveTriangular(mi, b, true),
          Linalg.solveTriangular(batch, b, true, true, false).slice(0, i, i + 1).reshape(3, 2), 1e-12);
      assertClose(Linalg.solveTriangular(mi, b.transpose(), false, false, true),
          Linalg.solveTriangular(batch, b.transpose(), false, false, true).slice(0, i, i + 1).reshape(2, 3), 1e-12);
    }
  }

  @Test
  void gradients_flow_through_batches_to_second_order() {
    Tensor batch = Tensor.stack(0, three());
    Tensor b = Tensor.randn(9, 3, 3, 1);
    dev.autograd.check.GradCheck.defaults().assertPasses(xs -> Linalg.slogdet(xs[0]).logAbsDet().sum(), batch);
    dev.autograd.check.GradCheck.defaults().assertPasses(xs -> xs[0].det().square().sum(), batch);
    dev.autograd.check.GradCheck.defaults().assertSecondOrderPasses(xs -> Linalg.slogdet(xs[0]).logAbsDet().sum(), batch);
    dev.autograd.check.GradCheck.defaults().assertPasses(xs -> Linalg.solve(xs[0], xs[1]).square().sum(), batch, b);
    dev.autograd.check.GradCheck.defaults().assertSecondOrderPasses(
        xs -> Linalg.solve(xs[0], xs[1]).square().sum(), batch, b);
    dev.autograd.check.GradCheck.defaults().assertSecondOrderPasses(xs -> xs[0].inverse().tanh().sum(), batch);
  }

  // ---------------------------------------------------------------- bad input

  private static void assertMessage(String expected, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }

  @Test
  void bad_input_is_refused_with_a_message_saying_what_was_expected() {
    assertMessage("inverse: expects square matrices; got shape [2, 2, 3]", () -> Tensor.zeros(2, 2, 3).inverse());
    assertMessage("det: expects square matrices; got shape [2, 3]", () -> Tensor.zeros(2, 3).det());
    assertMessage("logdet: expects a square matrix or a batch of them [..., n, n]; got shape [3]",
        () -> Tensor.zeros(3).logdet());
    assertMessage("detSign: expects square matrices; got shape [3, 1]", () -> Linalg.slogdet(Tensor.zeros(3, 1)));
    assertMessage("cholesky: expects square matrices; got shape [1, 2]", () -> Linalg.cholesky(Tensor.ones(1, 2)));
    assertMessage("solve: expects square matrices; got shape [2, 3]",
        () -> Linalg.solve(Tensor.ones(2, 3), Tensor.ones(2)));
    assertMessage("inverse: expects a square matrix (rank 2); got shape [2, 2, 2] (the primitive takes one matrix; "
        + "Linalg's functions take batches)", () -> dev.autograd.ops.Decompositions.INVERSE.apply(Tensor.zeros(2, 2, 2)));
    assertMessage("solve: B of shape [2, 3, 1] does not match A of shape [2, 2, 2]; expected B of shape [..., 2] or "
        + "[..., 2, k]", () -> Linalg.solve(Tensor.zeros(2, 2, 2), Tensor.ones(2, 3, 1)));
    assertMessage("solve: the batch shapes of A [3, 2, 2] and B [2, 2, 1] do not broadcast together",
        () -> Linalg.solve(Tensor.zeros(3, 2, 2), Tensor.ones(2, 2, 1)));
    assertMessage("solve: B of shape [3, 1] does not match A of shape [2, 2]; expected B of shape [2] or [2, k]",
        () -> Linalg.solve(eye(2), Tensor.ones(3, 1)));
    assertMessage("solve: B of shape [3] does not match A of shape [2, 2]; expected B of shape [2] or [2, k]",
        () -> Linalg.solve(eye(2), Tensor.ones(3)));
    assertMessage("solveTriangular: B of shape [2] does not match A of shape [2, 2]; expected B of shape [2, k]",
        () -> Linalg.solveTriangular(eye(2), Tensor.ones(2), true));
    assertMessage("solveTriangular: B of shape [2, 3] does not match A of shape [2, 2] (left = false); expected B "
        + "of shape [k, 2]", () -> Linalg.solveTriangular(eye(2), Tensor.ones(2, 3), true, false, false));
  }

  @Test
  void singular_and_indefinite_matrices_are_refused_naming_the_pivot_or_minor() {
    Tensor singular = m(new double[][] {{1, 2}, {2, 4}});
    assertMessage("solve: the matrix is singular (U[2,2] is exactly zero)",
        () -> Linalg.solve(singular, Tensor.vector(1, 1)));
    assertMessage("inverse: the matrix is singular (U[2,2] is exactly zero)", () -> Linalg.inv(singular));
    assertMessage("inverse: the matrix is singular (U[1,1] is exactly zero)", () -> Tensor.zeros(3, 3).inverse());
    Tensor indefinite = eye(4).mul(m(new double[][] {{1}, {1}, {-1}, {1}}));   // diag(1, 1, -1, 1)
    assertMessage("cholesky: the matrix is not positive-definite (leading minor 3 of [4, 4] is not positive)",
        () -> Linalg.cholesky(indefinite));
    assertMessage("cholesky: the matrix is not positive-definite (leading minor 1 of [2, 2] is not positive)",
        () -> Linalg.cholesky(m(new double[][] {{0, 0}, {0, 1}})));
    assertMessage("solveTriangular: the matrix is singular (A[2,2] is exactly zero)",
        () -> Linalg.solveTriangular(m(new double[][] {{1, 0}, {1, 0}}), Tensor.ones(2, 1), false));
  }

  @Test
  void a_nan_in_the_lower_triangle_gives_an_all_nan_cholesky_factor() {
    Tensor l = Linalg.cholesky(m(new double[][] {{4, 0}, {Double.NaN, 4}}));
    for (double v : l.toArray()) {
      assertTrue(Double.isNaN(v));
    }
  }

  @Test
  void batchedMatmulWithAnAddedTermAddsItAndRejectsOneThatDoesNotBroadcast() {
    Tensor a = Tensor.randn(1, 2, 3, 4);
    Tensor b = Tensor.randn(2, 2, 4, 5);
    Tensor c = Tensor.randn(3, 3, 1);
    var op = new dev.autograd.ops.LinearAlgebra.BatchedMatMul(false, false);
    assertArrayEquals(a.matmul(b).add(c).toArray(), op.apply(a, b, c).toArray(), 1e-12);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> op.apply(a, b, Tensor.zeros(4, 1)));
    assertTrue(e.getMessage().contains("batchedMatmul: the added term of shape [4, 1] does not broadcast to the product's shape [2, 3, 5]"),
        e.getMessage());
  }
}
