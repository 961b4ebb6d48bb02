package dev.autograd.spark.examples;

import dev.autograd.Tensor;
import dev.autograd.nn.optim.LBFGS;
import dev.autograd.spark.BatchLoss;
import dev.autograd.spark.DistributedObjective;
import dev.autograd.spark.SparkFit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code spark-custom}: a model MLlib cannot fit, a negative-binomial regression (NB2) of counts
 * {@code y} with a log link and an exposure offset, its dispersion learned with the coefficients:
 *
 * <pre>
 *   log μ = x·w + b + log(exposure),   Var y = μ + α·μ²,   r = 1/α
 *   -log p(y) = -lgamma(y + r) + lgamma(r) + lgamma(y + 1) - r·log(r/(r + μ)) - y·log(μ/(r + μ))
 * </pre>
 *
 * with {@code log(r + μ)} written as {@code logAddExp(log r, log μ)} and the dispersion fitted as
 * {@code log α} (unconstrained). MLlib's {@code GeneralizedLinearRegression} has Poisson and Tweedie
 * families with a fixed variance function, but no negative binomial with an estimated dispersion;
 * here the model is the few lines of {@link #loss(int)}. The counts are generated as the
 * gamma-Poisson mixture the model describes ({@code λ ~ Gamma(r, μ/r)}, {@code y ~ Poisson(λ)}).
 */
public final class SparkCustom {
  private SparkCustom() {}

  /** The generating coefficients of the three features. */
  static final double[] WEIGHTS = {0.5, -0.3, 0.2};
  /** The generating intercept (log of the rate per unit of exposure at x = 0). */
  static final double INTERCEPT = 0.4;
  /** The generating dispersion α (variance μ + αμ²). */
  static final double ALPHA = 0.5;

  /**
   * The generating parameters, flat in the fit's order.
   *
   * @return {@code w₁, w₂, w₃, b, log α}
   */
  public static double[] truth() {
    return new double[] {WEIGHTS[0], WEIGHTS[1], WEIGHTS[2], INTERCEPT, Math.log(ALPHA)};
  }

  /**
   * The generated rows: three standard-normal features, the log exposure (exposure uniform in
   * [0.5, 2.5]) and the count; partition {@code p} from the seed {@code seed + p}.
   *
   * @param sc the Spark context
   * @param rows the number of rows, {@code ≥ 1}
   * @param partitions the number of partitions, {@code ≥ 1}
   * @param seed the seed
   * @return the rows (not yet computed)
   */
  public static JavaRDD<double[]> data(JavaSparkContext sc, long rows, int partitions, long seed) {
    List<Integer> parts = IntStream.range(0, partitions).boxed().toList();
    return sc.parallelize(parts, partitions).flatMap(p -> {
      long count = rows / partitions + (p < rows % partitions ? 1 : 0);
      SplittableRandom rng = new SplittableRandom(seed + p);
      double r = 1 / ALPHA;
      return Rows.generate(count, () -> {
        double[] row = new double[5];
        double eta = INTERCEPT;
        for (int j = 0; j < 3; j++) {
          row[j] = rng.nextGaussian();
          eta += WEIGHTS[j] * row[j];
        }
        row[3] = Math.log(0.5 + 2 * rng.nextDouble());
        double mu = Math.exp(eta + row[3]);
        row[4] = poisson(rng, gamma(rng, r) * mu / r);
        return row;
      });
    });
  }

  /** A Gamma(shape, 1) draw: Marsaglia and Tsang's method (shape < 1 through shape + 1). */
  static double gamma(SplittableRandom rng, double shape) {
    if (shape < 1) {
      return gamma(rng, shape + 1) * Math.pow(rng.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double z = rng.nextGaussian();
      double v = 1 + c * z;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = rng.nextDouble();
      if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }

  /** A Poisson(λ) draw: the number of unit-rate exponential arrivals before λ (time ∝ λ, no underflow). */
  static double poisson(SplittableRandom rng, double lambda) {
    int k = 0;
    double t = -Math.log(1 - rng.nextDouble());
    while (t < lambda) {
      k++;
      t -= Math.log(1 - rng.nextDouble());
    }
    return k;
  }

  /**
   * The negative log-likelihood summed over a batch of rows {@code x₁..x_d, log exposure, y}:
   * {@code p[0]} the weights {@code [d, 1]}, {@code p[1]} the intercept {@code [1]}, {@code p[2]}
   * {@code log α} {@code [1]}.
   *
   * @param d the number of features
   * @return the batch loss
   */
  public static BatchLoss loss(int d) {
    return (p, batch) -> {
      Tensor logMu = batch.slice(1, 0, d).matmul(p[0]).add(p[1]).add(batch.slice(1, d, d + 1));
      Tensor y = batch.slice(1, d + 1, d + 2);
      Tensor logR = p[2].neg();
      Tensor r = logR.exp();
      Tensor logRPlusMu = logMu.logAddExp(logR);
      Tensor logLikelihood = y.add(r).lgamma().sub(r.lgamma()).sub(y.add(1).lgamma())
          .add(r.mul(logR.sub(logRPlusMu))).add(y.mul(logMu.sub(logRPlusMu)));
      return logLikelihood.sum().neg();
    };
  }

  /**
   * What a fit found.
   *
   * @param fitted {@code w₁, w₂, w₃, b, log α}
   * @param truth the generating ones
   * @param loss the final mean loss
   * @param lossAtTruth the mean loss at the generating parameters
   * @param losses the mean loss at iterations 0, 1, ...
   * @param iterations L-BFGS iterations
   * @param evaluations objective evaluations (Spark jobs)
   * @param reason why L-BFGS stopped
   * @param meanCount the mean count, for orientation
   * @param fitMillis time of the fit
   */
  public record Fit(double[] fitted, double[] truth, double loss, double lossAtTruth, List<Double> losses,
      int iterations, int evaluations, LBFGS.Stop reason, double meanCount, long fitMillis) {}

  /**
   * Generates the data and fits it, from {@code w = 0}, {@code b = 0}, {@code α = 1}.
   *
   * @param sc the Spark context
   * @param rows the number of rows
   * @param partitions the number of partitions
   * @param seed the data's seed
   * @return the fit
   */
  public static Fit fit(JavaSparkContext sc, long rows, int partitions, long seed) {
    int d = WEIGHTS.length;
    DistributedObjective f = DistributedObjective.of(data(sc, rows, partitions, seed), d + 2,
        new int[][] {{d, 1}, {1}, {1}}, loss(d));
    double meanCount = f.rows().mapToDouble(row -> row[d + 1]).mean();
    List<Double> losses = new ArrayList<>();
    losses.add(f.evaluate(new double[d + 2], new double[d + 2]));   // iteration 0, outside the fit's time
    long t0 = System.nanoTime();
    LBFGS.Result r = SparkFit.lbfgs(f, new LBFGS().withGtol(1e-8).withFtol(1e-15),
        new Tensor[] {Tensor.zeros(d, 1), Tensor.zeros(1), Tensor.zeros(1)}, p -> losses.add(p.loss()));
    long t1 = System.nanoTime();
    double lossAtTruth = f.evaluate(truth(), new double[d + 2]);
    f.rows().unpersist(true);
    return new Fit(r.flat(), truth(), r.loss(), lossAtTruth, List.copyOf(losses), r.iterations(), r.evaluations(),
        r.reason(), meanCount, (t1 - t0) / 1_000_000);
  }

  /**
   * Prints a fit and draws its loss curve.
   *
   * @param fit the fit
   * @param title the run's description
   * @param out the folder for the picture
   * @return the picture
   * @throws IOException when it cannot be written
   */
  public static Path report(Fit fit, String title, Path out) throws IOException {
    System.out.println(title);
    System.out.printf("  mean count %.3f; L-BFGS: %d iterations, %d evaluations (Spark jobs), %.1f s, stopped: %s%n",
        fit.meanCount(), fit.iterations(), fit.evaluations(), fit.fitMillis() / 1e3, fit.reason());
    System.out.printf("  mean negative log-likelihood %.10f (at the generating parameters %.10f)%n", fit.loss(),
        fit.lossAtTruth());
    System.out.printf("  %-22s %10s %10s%n", "parameter", "fitted", "generating");
    String[] names = {"w1", "w2", "w3", "b (intercept)"};
    for (int j = 0; j < 4; j++) {
      System.out.printf("  %-22s %10.4f %10.4f%n", names[j], fit.fitted()[j], fit.truth()[j]);
    }
    System.out.printf("  %-22s %10.4f %10.4f%n", "alpha (dispersion)", Math.exp(fit.fitted()[4]),
        Math.exp(fit.truth()[4]));
    Path picture = LossCurve.write("spark-custom: negative-binomial regression by L-BFGS on Spark", fit.losses(),
        fit.lossAtTruth(), out.resolve("spark-custom-loss.png"));
    System.out.println("  loss curve: " + picture);
    return picture;
  }
}
