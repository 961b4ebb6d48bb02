package dev.autograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.nn.loss.Losses;
import dev.autograd.nn.module.Linear;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LBFGSTest {

  static Tensor rosenbrock(Tensor p) {
    Tensor x0 = p.slice(0, 0, 1);
    Tensor x1 = p.slice(0, 1, 2);
    return x1.sub(x0.square()).square().mul(100).add(x0.rsub(1).square()).sum();
  }

  /** Checks the strong Wolfe conditions at every accepted step. */
  static final class WolfeCheck implements LBFGS.Listener {
    final List<LBFGS.Iteration> seen = new ArrayList<>();

    @Override
    public void onIteration(LBFGS.Iteration it) {
      seen.add(it);
      assertTrue(it.initialSlope() < 0, "descent direction at iteration " + it.iteration());
      assertTrue(it.loss() <= it.previousLoss() + LBFGS.C1 * it.step() * it.initialSlope(),
          "sufficient decrease at iteration " + it.iteration() + ": " + it);
      assertTrue(Math.abs(it.finalSlope()) <= LBFGS.C2 * Math.abs(it.initialSlope()),
          "strong curvature condition at iteration " + it.iteration() + ": " + it);
    }
  }

  @Test
  void rosenbrock_from_the_classic_start_converges_to_one_one() {
    WolfeCheck wolfe = new WolfeCheck();
    LBFGS.Result r = new LBFGS().withGtol(1e-10).withFtol(0).withListener(wolfe)
        .minimize(p -> rosenbrock(p[0]), Tensor.vector(-1.2, 1));
    assertArrayEquals(new double[] {1, 1}, r.parameters()[0].toArray(), 1e-6);
    assertTrue(r.loss() < 1e-12, "loss " + r.loss());
    assertEquals(r.iterations(), wolfe.seen.size());
    assertTrue(r.iterations() < 100, "iterations " + r.iterations());
  }

  @Test
  void a_strictly_convex_quadratic_takes_about_n_iterations() {
    int n = 10;
    Random rng = new Random(3);
    // A = Qᵀ diag(1..10) Q with a random orthogonal-ish Q from Gram-Schmidt
    double[][] q = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        q[i][j] = rng.nextGaussian();
      }
      for (int k = 0; k < i; k++) {
        double dot = 0;
        for (int j = 0; j < n; j++) {
          dot += q[i][j] * q[k][j];
        }
        for (int j = 0; j < n; j++) {
          q[i][j] -= dot * q[k][j];
        }
      }
      double norm = 0;
      for (int j = 0; j < n; j++) {
        norm += q[i][j] * q[i][j];
      }
      for (int j = 0; j < n; j++) {
        q[i][j] /= Math.sqrt(norm);
      }
    }
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          a[i * n + j] += q[k][i] * (k + 1) * q[k][j];
        }
      }
    }
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = rng.nextGaussian();
    }
    Tensor am = Tensor.wrap(a, n, n);
    Tensor bv = Tensor.wrap(b, n);
    WolfeCheck wolfe = new WolfeCheck();
    LBFGS.Result r = new LBFGS().withGtol(1e-7).withFtol(0).withListener(wolfe).minimize(
        p -> p[0].matmul(am).mul(p[0]).sum().mul(0.5).sub(p[0].mul(bv).sum()), Tensor.zeros(n));
    assertEquals(LBFGS.Stop.GRADIENT, r.reason());
    // inexact (Wolfe) line searches lose BFGS's finite termination on quadratics; 16 measured for n = 10
    assertTrue(r.iterations() <= n + 6, "iterations " + r.iterations());
    // A x = b
    double[] x = r.parameters()[0].toArray();
    for (int i = 0; i < n; i++) {
      double ax = 0;
      for (int j = 0; j < n; j++) {
        ax += a[i * n + j] * x[j];
      }
      assertEquals(b[i], ax, 1e-6);
    }
  }

  /** A logistic-regression data set: rows x (3 features) and labels y. */
  static double[][] data(int rows, long seed) {
    Random rng = new Random(seed);
    double[][] out = new double[rows][4];
    double[] w = {1, -2, 0.5};
    for (double[] row : out) {
      double z = 0.3;
      for (int j = 0; j < 3; j++) {
        row[j] = rng.nextGaussian();
        z += w[j] * row[j];
      }
      row[3] = rng.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }
    return out;
  }

  /** Newton's method on the mean logistic loss, in plain arrays: (w₀, w₁, w₂, b). */
  static double[] newton(double[][] rows) {
    double[] theta = new double[4];
    for (int iter = 0; iter < 50; iter++) {
      double[] g = new double[4];
      double[][] h = new double[4][5];
      for (double[] r : rows) {
        double[] f = {r[0], r[1], r[2], 1};
        double z = 0;
        for (int j = 0; j < 4; j++) {
          z += theta[j] * f[j];
        }
        double p = 1 / (1 + Math.exp(-z));
        for (int j = 0; j < 4; j++) {
          g[j] += (p - r[3]) * f[j] / rows.length;
          for (int k = 0; k < 4; k++) {
            h[j][k] += p * (1 - p) * f[j] * f[k] / rows.length;
          }
        }
      }
      for (int j = 0; j < 4; j++) {
        h[j][4] = g[j];
      }
      // Gaussian elimination (H is positive definite)
      for (int c = 0; c < 4; c++) {
        for (int r = c + 1; r < 4; r++) {
          double m = h[r][c] / h[c][c];
          for (int k = c; k < 5; k++) {
            h[r][k] -= m * h[c][k];
          }
        }
      }
      double[] step = new double[4];
      for (int r = 3; r >= 0; r--) {
        double s = h[r][4];
        for (int k = r + 1; k < 4; k++) {
          s -= h[r][k] * step[k];
        }
        step[r] = s / h[r][r];
      }
      for (int j = 0; j < 4; j++) {
        theta[j] -= step[j];
      }
    }
    return theta;
  }

  @Test
  void logistic_regression_matches_newtons_optimum() {
    double[][] rows = data(400, 11);
    double[] xs = new double[rows.length * 3];
    double[] ys = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, xs, 3 * i, 3);
      ys[i] = rows[i][3];
    }
    Tensor x = Tensor.wrap(xs, rows.length, 3);
    Tensor y = Tensor.wrap(ys, rows.length);
    WolfeCheck wolfe = new WolfeCheck();
    LBFGS.Result r = new LBFGS().withGtol(1e-11).withFtol(0).withListener(wolfe).minimize(p -> {
      Tensor z = x.matmul(p[0]).add(p[1]);
      return z.softplus().sub(z.mul(y)).mean();
    }, Tensor.zeros(3), Tensor.zeros(1));
    double[] expected = newton(rows);
    assertArrayEquals(new double[] {expected[0], expected[1], expected[2]}, r.parameters()[0].toArray(), 1e-8);
    assertEquals(expected[3], r.parameters()[1].item(), 1e-8);
    assertTrue(!wolfe.seen.isEmpty());
  }

  @Test
  void fitting_a_module_sets_its_parameters_to_the_optimum() {
    double[][] rows = data(200, 5);
    double[] xs = new double[rows.length * 3];
    double[] ys = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, xs, 3 * i, 3);
      ys[i] = rows[i][3];
    }
    Linear linear = new Linear(3, 1, 1L);
    Tensor x = Tensor.wrap(xs, rows.length, 3);
    Tensor y = Tensor.wrap(ys, rows.length, 1);
    LBFGS.Result r = new LBFGS().withGtol(1e-10).withFtol(0).minimize(
        linear, (h, t) -> h.softplus().sub(h.mul(t)).mean(), x, y);
    double[] expected = newton(rows);
    assertArrayEquals(expected, r.flat(), 1e-7);
    Tensor[] live = linear.parameterTensors();
    assertArrayEquals(r.flat(), new double[] {live[0].get(0, 0), live[0].get(1, 0), live[0].get(2, 0), live[1].item()},
        0.0);
  }

  @Test
  void stops_on_the_iteration_limit_and_on_loss_change() {
    LBFGS.Result few = new LBFGS().withMaxIterations(3).minimize(p -> rosenbrock(p[0]), Tensor.vector(-1.2, 1));
    assertEquals(LBFGS.Stop.MAX_ITERATIONS, few.reason());
    assertEquals(3, few.iterations());
    LBFGS.Result loose = new LBFGS().withGtol(0).withFtol(1e-3).minimize(p -> rosenbrock(p[0]), Tensor.vector(-1.2, 1));
    assertEquals(LBFGS.Stop.LOSS_CHANGE, loose.reason());
    LBFGS.Result atMinimum = new LBFGS().minimize(p -> rosenbrock(p[0]), Tensor.vector(1, 1));
    assertEquals(LBFGS.Stop.GRADIENT, atMinimum.reason());
    assertEquals(0, atMinimum.iterations());
  }

  @Test
  void is_deterministic() {
    LBFGS.Result a = new LBFGS().minimize(p -> rosenbrock(p[0]), Tensor.vector(-1.2, 1));
    LBFGS.Result b = new LBFGS().minimize(p -> rosenbrock(p[0]), Tensor.vector(-1.2, 1));
    assertArrayEquals(a.flat(), b.flat(), 0.0);
  }

  @Test
  void bad_input_is_named() {
    LBFGS l = new LBFGS();
    assertEquals("LBFGS: history m must be >= 1; got 0",
        assertThrows(IllegalArgumentException.class, () -> l.withHistory(0)).getMessage());
    assertEquals("LBFGS: gtol must be finite and >= 0; got -1.0",
        assertThrows(IllegalArgumentException.class, () -> l.withGtol(-1)).getMessage());
    assertEquals("LBFGS: ftol must be finite and >= 0; got NaN",
        assertThrows(IllegalArgumentException.class, () -> l.withFtol(Double.NaN)).getMessage());
    assertEquals("LBFGS: maxIterations must be >= 1; got 0",
        assertThrows(IllegalArgumentException.class, () -> l.withMaxIterations(0)).getMessage());
    assertEquals("LBFGS.minimize: the starting point is not finite: x0[1] = NaN",
        assertThrows(IllegalArgumentException.class,
            () -> l.minimize(p -> rosenbrock(p[0]), Tensor.vector(0, Double.NaN))).getMessage());
    assertEquals("LBFGS.minimize: needs at least one parameter tensor",
        assertThrows(IllegalArgumentException.class, () -> l.minimize(p -> p[0].sum())).getMessage());
    assertEquals("grad: the function must return a scalar; got shape [2] (use vjp or jacobian for non-scalar functions)",
        assertThrows(IllegalArgumentException.class, () -> l.minimize(p -> p[0], Tensor.vector(1, 2))).getMessage());
    assertEquals("LBFGS.minimize: the objective is NaN at the starting point",
        assertThrows(IllegalArgumentException.class,
            () -> l.minimize(p -> p[0].log().sum(), Tensor.vector(-1, 2))).getMessage());
    assertEquals("LBFGS.minimize: the starting point is empty (no parameters)",
        assertThrows(IllegalArgumentException.class,
            () -> l.minimize((LBFGS.Objective) (x, g) -> 0, new double[0])).getMessage());
  }
}
