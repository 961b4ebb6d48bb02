package dev.autograd.examples.lecture;

import static dev.autograd.examples.TestSupport.assertPicture;
import static dev.autograd.examples.TestSupport.context;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.Linalg;
import dev.autograd.Tensor;
import dev.autograd.check.GradCheck;
import dev.autograd.examples.ExampleResult;
import dev.autograd.examples.plot.Charts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GaussianProcessExampleTest {

  private static final Tensor X = Tensor.vector(-0.7, 0.1, 0.9);
  private static final Tensor Y = Tensor.vector(0.4, -0.3, 1.1);
  private static final Tensor THETA = Tensor.vector(0.2, -0.4, -1.1);

  @Test
  void fitting_lowers_the_negative_log_likelihood_to_a_stationary_point_with_sensible_hyperparameters(
      @TempDir Path dir) throws Exception {
    ExampleResult r = new GaussianProcessExample().run(context(dir));

    assertTrue(r.metric("fitted_nlml") < r.metric("initial_nlml") - 5,
        r.metric("initial_nlml") + " -> " + r.metric("fitted_nlml"));
    assertTrue(r.metric("gradient_norm") < 1e-3, "|∇| at the optimum: " + r.metric("gradient_norm"));
    assertTrue(r.metric("nlml_by_solve_logdet_difference") < 1e-9);
    assertTrue(r.metric("noise_sd") > 0.1 && r.metric("noise_sd") < 0.35, "σn " + r.metric("noise_sd"));
    assertTrue(r.metric("length_scale") > 0.2 && r.metric("length_scale") < 0.8, "ℓ " + r.metric("length_scale"));
    assertTrue(r.metric("signal_sd") > 0.4 && r.metric("signal_sd") < 2.5, "σf " + r.metric("signal_sd"));
    assertEquals(1, r.metric("hessian_positive_definite"));
    assertTrue(r.metric("hessian_eigenvalue_0") > 0, "smallest eigenvalue " + r.metric("hessian_eigenvalue_0"));
    assertPicture(r.file("10-gp.png"), 2 * Charts.WIDTH, Charts.HEIGHT);
    assertPicture(r.file("10-gp-nlml.png"), Charts.WIDTH, Charts.HEIGHT);
  }

  /** The 3×3 case by hand: K's entries, then ½ yᵀK⁻¹y + ½ log det K + (3/2) log 2π by the adjugate. */
  @Test
  void objective_matches_a_direct_computation_on_three_points() {
    double sf2 = Math.exp(2 * 0.2);
    double ell = Math.exp(-0.4);
    double sn2 = Math.exp(2 * -1.1);
    double[] x = X.toArray();
    double[] y = Y.toArray();
    double[][] k = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double d = x[i] - x[j];
        k[i][j] = sf2 * Math.exp(-d * d / (2 * ell * ell)) + (i == j ? sn2 : 0);
      }
    }
    double det = k[0][0] * (k[1][1] * k[2][2] - k[1][2] * k[2][1])
        - k[0][1] * (k[1][0] * k[2][2] - k[1][2] * k[2][0])
        + k[0][2] * (k[1][0] * k[2][1] - k[1][1] * k[2][0]);
    double[][] inv = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        int r0 = (j + 1) % 3;
        int r1 = (j + 2) % 3;
        int c0 = (i + 1) % 3;
        int c1 = (i + 2) % 3;
        inv[i][j] = (k[r0][c0] * k[r1][c1] - k[r0][c1] * k[r1][c0]) / det;   // cofactor (j, i) over det
      }
    }
    double quad = 0;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        quad += y[i] * inv[i][j] * y[j];
      }
    }
    double expected = 0.5 * quad + 0.5 * Math.log(det) + 1.5 * Math.log(2 * Math.PI);

    assertArrayEquals(flatten(k), GaussianProcessExample.covariance(THETA, X).toArray(), 1e-14);
    assertEquals(expected, GaussianProcessExample.negativeLogLikelihood(THETA, X, Y).item(), 1e-12);
    assertEquals(expected, GaussianProcessExample.negativeLogLikelihoodBySolve(THETA, X, Y).item(), 1e-12);
  }

  @Test
  void gradient_and_second_order_match_finite_differences() {
    GradCheck.assertGradients(t -> GaussianProcessExample.negativeLogLikelihood(t[0], X, Y), THETA);
    GradCheck.assertSecondOrderGradients(t -> GaussianProcessExample.negativeLogLikelihood(t[0], X, Y), THETA);
    GradCheck.assertGradients(t -> GaussianProcessExample.negativeLogLikelihoodBySolve(t[0], X, Y), THETA);
  }

  @Test
  void cholesky_and_solve_logdet_paths_agree_in_value_gradient_and_hessian() {
    Tensor g1 = Autograd.grad(t -> GaussianProcessExample.negativeLogLikelihood(t, X, Y), THETA);
    Tensor g2 = Autograd.grad(t -> GaussianProcessExample.negativeLogLikelihoodBySolve(t, X, Y), THETA);
    assertArrayEquals(g2.toArray(), g1.toArray(), 1e-12);
    Tensor h1 = Autograd.hessian(t -> GaussianProcessExample.negativeLogLikelihood(t, X, Y), THETA);
    Tensor h2 = Autograd.hessian(t -> GaussianProcessExample.negativeLogLikelihoodBySolve(t, X, Y), THETA);
    assertArrayEquals(h2.toArray(), h1.toArray(), 1e-10);
  }

  @Test
  void posterior_interpolates_noise_free_data_and_has_the_prior_variance_far_away() {
    Tensor theta = Tensor.vector(0, Math.log(0.5), Math.log(1e-4));
    Tensor grid = Tensor.vector(-0.7, 0.1, 0.9, 30);
    GaussianProcessExample.Posterior p = GaussianProcessExample.posterior(theta, X, Y, grid);
    assertArrayEquals(new double[] {0.4, -0.3, 1.1, 0}, p.mean(), 1e-6);
    assertArrayEquals(new double[] {0, 0, 0, 1}, p.sd(), 1e-3);
  }

  @Test
  void eigenvalues_of_a_symmetric_matrix_have_its_trace_and_determinant() {
    double[][] m = {{4, 1, -2}, {1, 3, 0.5}, {-2, 0.5, 5}};
    double[] e = GaussianProcessExample.symmetricEigenvalues(m);
    assertTrue(e[0] <= e[1] && e[1] <= e[2]);
    assertEquals(12, e[0] + e[1] + e[2], 1e-12);
    assertEquals(Linalg.det(Tensor.of(m)).item(), e[0] * e[1] * e[2], 1e-10);
    assertArrayEquals(new double[] {-1, 3},
        GaussianProcessExample.symmetricEigenvalues(new double[][] {{1, 2}, {2, 1}}), 1e-14);
    assertTrue(GaussianProcessExample.isPositiveDefinite(Tensor.of(m)));
    assertFalse(GaussianProcessExample.isPositiveDefinite(Tensor.of(new double[][] {{1, 2}, {2, 1}})));
  }

  private static double[] flatten(double[][] m) {
    double[] out = new double[m.length * m[0].length];
    for (int i = 0; i < m.length; i++) {
      System.arraycopy(m[i], 0, out, i * m[0].length, m[0].length);
    }
    return out;
  }
}
