package dev.autograd.examples.lecture;

import dev.autograd.Autograd;
import dev.autograd.Linalg;
import dev.autograd.Tensor;
import dev.autograd.examples.Context;
import dev.autograd.examples.Example;
import dev.autograd.examples.ExampleResult;
import dev.autograd.examples.Progress;
import dev.autograd.examples.plot.Charts;
import dev.autograd.nn.module.Parameter;
import dev.autograd.nn.optim.Adam;
import dev.autograd.nn.optim.LearningRateSchedule;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Part 10, beyond the lecture: Gaussian-process regression, fitted by gradient descent on its
 * negative log marginal likelihood. The model is no network: the loss is an arbitrary expression of
 * the engine's ops, a Cholesky factor and triangular solves among them. For noisy samples
 * {@code y = sin(3x) + ε} and the squared-exponential kernel
 *
 * <pre>
 *   K = σf²·exp(−(xᵢ − xⱼ)² / (2ℓ²)) + σn²·I
 *   −log p(y) = ½ yᵀK⁻¹y + ½ log det K + (n/2) log 2π
 *             = ½ ‖L⁻¹y‖² + Σᵢ log Lᵢᵢ + (n/2) log 2π      with L·Lᵀ = K
 * </pre>
 *
 * the three hyperparameters {@code θ = (log σf, log ℓ, log σn)} (in log space, so each stays
 * positive) are fitted with Adam. At the optimum the engine's Hessian of the objective (second
 * order through Cholesky and the triangular solves) is positive-definite, and its inverse gives the
 * Laplace approximation's standard errors of θ. The picture shows the posterior mean of {@code f}
 * and a ±2σ band, before and after fitting, computed with the same linear-algebra ops.
 */
@Command(name = "gp",
    description = "Part 10: Gaussian-process regression; its kernel's hyperparameters fitted by Adam on the "
        + "negative log marginal likelihood (Cholesky, triangular solves), with the Hessian at the optimum.")
public final class GaussianProcessExample extends Example {

  @Option(names = "--points", defaultValue = "30", description = "Number of noisy samples. Default: ${DEFAULT-VALUE}.")
  public int points = 30;

  @Option(names = "--epochs", defaultValue = "400", description = "Adam steps. Default: ${DEFAULT-VALUE}.")
  public int epochs = 400;

  @Option(names = "--learning-rate", defaultValue = "0.05",
      description = "Adam's initial learning rate (it decays exponentially to a hundredth). Default: ${DEFAULT-VALUE}.")
  public double learningRate = 0.05;

  /** Standard deviation of the noise added to {@code sin(3x)}. */
  static final double NOISE = 0.2;
  /** The samples' inputs are drawn uniformly from {@code [−LIMIT, LIMIT]}. */
  static final double LIMIT = 1.5;
  /** The starting point {@code θ = (log σf, log ℓ, log σn) = (0, 0, 0)}: σf = ℓ = σn = 1. */
  static final double[] INITIAL = {0, 0, 0};
  /** Metric names of θ's components. */
  static final String[] METRICS = {"signal_sd", "length_scale", "noise_sd"};

  @Override
  public String name() {
    return "gp";
  }

  @Override
  public String title() {
    return "10. Beyond the lecture: a Gaussian process fitted by its marginal likelihood";
  }

  /**
   * Samples {@code yᵢ = sin(3xᵢ) + ε}, {@code ε ~ N(0, NOISE²)}, at sorted inputs uniform on
   * {@code [−LIMIT, LIMIT]}.
   */
  record Data(double[] x, double[] y) {
    static Data sample(int n, long seed) {
      Random rng = new Random(seed);
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = -LIMIT + 2 * LIMIT * rng.nextDouble();
      }
      Arrays.sort(x);
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        y[i] = Math.sin(3 * x[i]) + NOISE * rng.nextGaussian();
      }
      return new Data(x, y);
    }

    Tensor inputs() {
      return Tensor.vector(x);
    }

    Tensor targets() {
      return Tensor.vector(y);
    }
  }

  /** {@code (aᵢ − bⱼ)²} for vectors a [m] and b [n]: a constant [m, n] matrix. */
  static Tensor squaredDistances(Tensor a, Tensor b) {
    return a.reshape(a.size(), 1).sub(b.reshape(1, b.size())).square();
  }

  /** {@code σf²·exp(−d² / (2ℓ²))} for squared distances d², with θ = (log σf, log ℓ, log σn). */
  static Tensor kernel(Tensor theta, Tensor d2) {
    Tensor signalVariance = theta.slice(0, 0, 1).mul(2).exp();            // σf²
    Tensor halfPrecision = theta.slice(0, 1, 2).mul(-2).exp().mul(0.5);   // 1 / (2ℓ²)
    return d2.mul(halfPrecision).neg().exp().mul(signalVariance);
  }

  /** {@code K = kernel(x, x) + σn²·I}. */
  static Tensor covariance(Tensor theta, Tensor x) {
    int n = x.size();
    Tensor noiseVariance = theta.slice(0, 2, 3).mul(2).exp();             // σn²
    return kernel(theta, squaredDistances(x, x)).add(identity(n).mul(noiseVariance));
  }

  static Tensor identity(int n) {
    double[] e = new double[n * n];
    for (int i = 0; i < n; i++) {
      e[i * n + i] = 1;
    }
    return Tensor.wrap(e, n, n);
  }

  /**
   * The negative log marginal likelihood through the Cholesky factor:
   * {@code ½ ‖L⁻¹y‖² + Σᵢ log Lᵢᵢ + (n/2) log 2π}, {@code L·Lᵀ = K}.
   */
  static Tensor negativeLogLikelihood(Tensor theta, Tensor x, Tensor y) {
    int n = y.size();
    Tensor l = Linalg.cholesky(covariance(theta, x));
    Tensor z = Linalg.solveTriangular(l, y.reshape(n, 1), false);        // L⁻¹y
    Tensor logDiagonal = l.mul(identity(n)).sum(1).log();                 // log Lᵢᵢ
    return z.square().sum().mul(0.5).add(logDiagonal.sum()).add(0.5 * n * Math.log(2 * Math.PI));
  }

  /**
   * The same objective written with {@code solve} and {@code logdet}:
   * {@code ½ yᵀK⁻¹y + ½ log det K + (n/2) log 2π}.
   */
  static Tensor negativeLogLikelihoodBySolve(Tensor theta, Tensor x, Tensor y) {
    int n = y.size();
    Tensor k = covariance(theta, x);
    return y.mul(Linalg.solve(k, y)).sum().mul(0.5).add(Linalg.logdet(k).mul(0.5)).add(0.5 * n * Math.log(2 * Math.PI));
  }

  /** The posterior mean and standard deviation of {@code f} at each grid point. */
  record Posterior(double[] mean, double[] sd) {}

  /**
   * The posterior of {@code f(x*)} given the data: mean {@code K*·K⁻¹y}, variance
   * {@code σf² − ‖L⁻¹K*ᵀ‖²} per column, where {@code K* = kernel(x*, x)}.
   */
  static Posterior posterior(Tensor theta, Tensor x, Tensor y, Tensor grid) {
    int n = y.size();
    Tensor l = Linalg.cholesky(covariance(theta, x));
    Tensor cross = kernel(theta, squaredDistances(grid, x));              // K*, [m, n]
    Tensor z = Linalg.solveTriangular(l, y.reshape(n, 1), false);        // L⁻¹y
    Tensor alpha = Linalg.solveTriangular(l.transpose(), z, true);       // K⁻¹y = L⁻ᵀL⁻¹y
    Tensor mean = cross.matmul(alpha);
    Tensor v = Linalg.solveTriangular(l, cross.transpose(), false);      // L⁻¹K*ᵀ, [n, m]
    Tensor variance = v.square().sum(0).neg().add(theta.slice(0, 0, 1).mul(2).exp());
    double[] sd = variance.toArray();
    for (int i = 0; i < sd.length; i++) {
      sd[i] = Math.sqrt(Math.max(0, sd[i]));
    }
    return new Posterior(mean.toArray(), sd);
  }

  @Override
  public ExampleResult run(Context ctx) throws Exception {
    if (points < 2) {
      throw new IllegalArgumentException("gp: --points must be at least 2; got " + points);
    }
    Data data = Data.sample(points, ctx.seed(10));
    Tensor x = data.inputs();
    Tensor y = data.targets();

    Tensor theta = Tensor.param(INITIAL.clone(), 3);
    Adam adam = new Adam(List.of(new Parameter("log_hyperparameters", theta)), learningRate);
    adam.setSchedule(LearningRateSchedule.exponential(learningRate, Math.pow(0.01, 1.0 / epochs)));
    double[] curve = new double[epochs];
    long t0 = System.nanoTime();
    try (Progress progress = ctx.progress("Adam on −log p(y)", epochs)) {
      for (int step = 0; step < epochs; step++) {
        curve[step] = adam.step(negativeLogLikelihood(theta, x, y));
        progress.update(step + 1, String.format(Locale.ROOT, "−log p(y) %.4f", curve[step]));
      }
    }
    double fitSeconds = (System.nanoTime() - t0) / 1e9;

    Tensor fitted = theta.detach();
    double initialValue = curve[0];
    double fittedValue = negativeLogLikelihood(fitted, x, y).item();
    double bySolve = negativeLogLikelihoodBySolve(fitted, x, y).item();
    Tensor gradient = Autograd.grad(t -> negativeLogLikelihood(t, x, y), fitted);
    double gradientNorm = Math.sqrt(gradient.square().sum().item());

    long t1 = System.nanoTime();
    Tensor hessian = Autograd.hessian(t -> negativeLogLikelihood(t, x, y), fitted);
    double hessianSeconds = (System.nanoTime() - t1) / 1e9;
    double[] eigenvalues = symmetricEigenvalues(hessian.toMatrix());
    boolean positiveDefinite = isPositiveDefinite(hessian);
    double[] standardErrors = positiveDefinite ? standardErrors(hessian) : new double[] {Double.NaN, Double.NaN,
        Double.NaN};

    double[] t = fitted.toArray();
    Tensor grid = Tensor.linspace(-LIMIT - 1, LIMIT + 1, 201);
    BufferedImage before = picture(String.format(Locale.ROOT,
        "Before: σf = ℓ = σn = 1,  −log p(y) = %.2f", initialValue), data, grid, Tensor.vector(INITIAL));
    BufferedImage after = picture(String.format(Locale.ROOT,
        "Fitted: σf = %.2f, ℓ = %.2f, σn = %.3f,  −log p(y) = %.2f",
        Math.exp(t[0]), Math.exp(t[1]), Math.exp(t[2]), fittedValue), data, grid, fitted);
    Path fitPicture = Charts.save(Charts.sideBySide(before, after), ctx.file("10-gp.png"));

    double[] steps = new double[epochs];
    for (int i = 0; i < epochs; i++) {
      steps[i] = i + 1;
    }
    XYChart lossChart =
        Charts.chart("Adam on the negative log marginal likelihood −log p(y | θ)", "step", "−log p(y)");
    Charts.line(lossChart, "−log p(y)", steps, curve, Charts.CLASS_0, 2f, false);
    Path lossPicture = Charts.save(lossChart, ctx.file("10-gp-nlml.png"));

    ExampleResult.Builder r = result()
        .metric("initial_nlml", initialValue)
        .metric("fitted_nlml", fittedValue)
        .metric("nlml_by_solve_logdet_difference", Math.abs(bySolve - fittedValue))
        .metric("gradient_norm", gradientNorm)
        .metric(METRICS[0], Math.exp(t[0]))
        .metric(METRICS[1], Math.exp(t[1]))
        .metric(METRICS[2], Math.exp(t[2]))
        .metric("hessian_positive_definite", positiveDefinite ? 1 : 0)
        .metric("fit_seconds", fitSeconds)
        .metric("hessian_seconds", hessianSeconds);
    for (int i = 0; i < 3; i++) {
      r.metric("hessian_eigenvalue_" + i, eigenvalues[i]);
      r.metric("standard_error_log_" + METRICS[i], standardErrors[i]);
    }
    return r.file(fitPicture)
        .file(lossPicture)
        .line(String.format(Locale.ROOT,
            "%d samples of sin(3x) + N(0, %.1f²); kernel σf²·exp(−(x − x')²/(2ℓ²)) + σn²·I",
            points, NOISE))
        .line(String.format(Locale.ROOT, "−log p(y): %.4f at σf = ℓ = σn = 1, %.4f after %d Adam steps (%.2f s); "
            + "|∇| = %.1e", initialValue, fittedValue, epochs, fitSeconds, gradientNorm))
        .line(String.format(Locale.ROOT, "fitted: σf = %.3f, ℓ = %.3f, σn = %.3f (the noise was %.3f)",
            Math.exp(t[0]), Math.exp(t[1]), Math.exp(t[2]), NOISE))
        .line(String.format(Locale.ROOT, "via Cholesky %.10f, via solve/logdet %.10f", fittedValue, bySolve))
        .line(String.format(Locale.ROOT,
            "Hessian in θ = log(σf, ℓ, σn) (%.2f s): eigenvalues %.3g, %.3g, %.3g; %s",
            hessianSeconds, eigenvalues[0], eigenvalues[1], eigenvalues[2],
            positiveDefinite ? "positive-definite (its Cholesky factor exists)" : "NOT positive-definite"))
        .line(String.format(Locale.ROOT, "Laplace standard errors of log σf, log ℓ, log σn: %.3f, %.3f, %.3f",
            standardErrors[0], standardErrors[1], standardErrors[2]))
        .build();
  }

  /** The data, the posterior mean of f and its ±2σ band under hyperparameters θ. */
  private static BufferedImage picture(String title, Data data, Tensor grid, Tensor theta) {
    Posterior p = posterior(theta, data.inputs(), data.targets(), grid);
    double[] g = grid.toArray();
    double[] lower = new double[g.length];
    double[] upper = new double[g.length];
    double[] truth = new double[g.length];
    for (int i = 0; i < g.length; i++) {
      lower[i] = p.mean[i] - 2 * p.sd[i];
      upper[i] = p.mean[i] + 2 * p.sd[i];
      truth[i] = Math.sin(3 * g[i]);
    }
    XYChart chart = Charts.chart(title, "x", "y");
    chart.getStyler().setYAxisMin(-3.0);
    chart.getStyler().setYAxisMax(3.0);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSW);
    Charts.band(chart, "mean ± 2σ", g, lower, upper, Charts.tint(Charts.CLASS_0, 0.25));
    Charts.line(chart, "sin(3x)", g, truth, new Color(0x7f7f7f), 1.5f, true);
    Charts.line(chart, "posterior mean", g, p.mean, Charts.CLASS_0, 2.5f, false);
    Charts.points(chart, "data", data.x, data.y, Charts.CLASS_1);
    return Charts.image(chart);
  }

  /** Whether a symmetric matrix is positive-definite: whether its Cholesky factor exists. */
  static boolean isPositiveDefinite(Tensor symmetric) {
    try {
      Linalg.cholesky(symmetric);
      return true;
    } catch (IllegalArgumentException notPositiveDefinite) {
      return false;
    }
  }

  /** {@code √diag(H⁻¹)}: the Laplace approximation's standard deviations at the optimum. */
  static double[] standardErrors(Tensor hessian) {
    double[][] covariance = Linalg.inv(hessian).toMatrix();
    double[] se = new double[covariance.length];
    for (int i = 0; i < se.length; i++) {
      se[i] = Math.sqrt(covariance[i][i]);
    }
    return se;
  }

  /**
   * The eigenvalues of a small symmetric matrix, ascending, by cyclic Jacobi rotations (each
   * rotation zeroes one off-diagonal pair; the sweeps end when the off-diagonal part is negligible).
   */
  static double[] symmetricEigenvalues(double[][] m) {
    int n = m.length;
    double[][] a = new double[n][];
    double scale = 0;
    for (int i = 0; i < n; i++) {
      a[i] = m[i].clone();
      for (int j = 0; j < n; j++) {
        scale += a[i][j] * a[i][j];
      }
    }
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          off += a[p][q] * a[p][q];
        }
      }
      if (off <= 1e-30 * scale) {
        break;
      }
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          if (a[p][q] == 0) {
            continue;
          }
          double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
          double tan = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          double cos = 1 / Math.sqrt(tan * tan + 1);
          double sin = tan * cos;
          for (int k = 0; k < n; k++) {              // A ← A·P
            double kp = a[k][p];
            double kq = a[k][q];
            a[k][p] = cos * kp - sin * kq;
            a[k][q] = sin * kp + cos * kq;
          }
          for (int k = 0; k < n; k++) {              // A ← Pᵀ·A
            double pk = a[p][k];
            double qk = a[q][k];
            a[p][k] = cos * pk - sin * qk;
            a[q][k] = sin * pk + cos * qk;
          }
        }
      }
    }
    double[] eigenvalues = new double[n];
    for (int i = 0; i < n; i++) {
      eigenvalues[i] = a[i][i];
    }
    Arrays.sort(eigenvalues);
    return eigenvalues;
  }
}
