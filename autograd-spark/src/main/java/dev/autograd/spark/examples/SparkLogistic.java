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
 * {@code spark-logistic}: the lecture's logistic regression, {@code P(y = 1 | x) = σ(w·x + b)} fitted
 * by minimising the mean negative log-likelihood {@code softplus(h) - y·h}, {@code h = w·x + b}, with
 * {@link SparkFit#lbfgs} on generated rows (standard-normal features, labels drawn from the model
 * itself with known {@code w} and {@code b}, so that the fit should find them again). The rows are
 * generated on the executors, partition by partition from the seed, so that any master sees the same
 * data.
 */
public final class SparkLogistic {
  private SparkLogistic() {}

  /**
   * The generating weights: {@code wⱼ = ±(j + 1)/d} (alternately 1 and -½ times that).
   *
   * @param d the number of features
   * @return {@code d} weights followed by the intercept 0.25
   */
  public static double[] truth(int d) {
    double[] t = new double[d + 1];
    for (int j = 0; j < d; j++) {
      t[j] = (j % 2 == 0 ? 1.0 : -0.5) * (j + 1) / d;
    }
    t[d] = 0.25;
    return t;
  }

  /**
   * The generated rows: {@code d} features, then the 0/1 label; partition {@code p} from the seed
   * {@code seed + p}.
   *
   * @param sc the Spark context
   * @param rows the number of rows, {@code ≥ 1}
   * @param d the number of features, {@code ≥ 1}
   * @param partitions the number of partitions, {@code ≥ 1}
   * @param seed the seed
   * @return the rows (not yet computed)
   */
  public static JavaRDD<double[]> data(JavaSparkContext sc, long rows, int d, int partitions, long seed) {
    double[] w = truth(d);
    List<Integer> parts = IntStream.range(0, partitions).boxed().toList();
    return sc.parallelize(parts, partitions).flatMap(p -> {
      long count = rows / partitions + (p < rows % partitions ? 1 : 0);
      SplittableRandom rng = new SplittableRandom(seed + p);
      return Rows.generate(count, () -> {
        double[] r = new double[d + 1];
        double h = w[d];
        for (int j = 0; j < d; j++) {
          r[j] = rng.nextGaussian();
          h += w[j] * r[j];
        }
        r[d] = rng.nextDouble() < 1 / (1 + Math.exp(-h)) ? 1 : 0;
        return r;
      });
    });
  }

  /**
   * The loss summed over a batch: {@code Σ softplus(h) - y·h}, {@code p[0]} the weights {@code [d, 1]},
   * {@code p[1]} the intercept {@code [1]}.
   *
   * @param d the number of features
   * @return the batch loss
   */
  public static BatchLoss loss(int d) {
    return (p, batch) -> {
      Tensor h = batch.slice(1, 0, d).matmul(p[0]).add(p[1]);
      return h.softplus().sub(h.mul(batch.slice(1, d, d + 1))).sum();
    };
  }

  /**
   * What a fit found.
   *
   * @param fitted the fitted weights and intercept, flat
   * @param truth the generating ones
   * @param loss the final mean loss
   * @param lossAtTruth the mean loss at the generating parameters
   * @param losses the mean loss at iterations 0, 1, ...
   * @param iterations L-BFGS iterations
   * @param evaluations objective evaluations (Spark jobs)
   * @param reason why L-BFGS stopped
   * @param dataMillis time to generate, cache and check the data
   * @param fitMillis time of the fit
   */
  public record Fit(double[] fitted, double[] truth, double loss, double lossAtTruth, List<Double> losses,
      int iterations, int evaluations, LBFGS.Stop reason, long dataMillis, long fitMillis) {}

  /**
   * Generates the data and fits it.
   *
   * @param sc the Spark context
   * @param rows the number of rows
   * @param d the number of features
   * @param partitions the number of partitions
   * @param seed the data's seed
   * @return the fit
   */
  public static Fit fit(JavaSparkContext sc, long rows, int d, int partitions, long seed) {
    long t0 = System.nanoTime();
    DistributedObjective f = DistributedObjective.of(data(sc, rows, d, partitions, seed), d + 1,
        new int[][] {{d, 1}, {1}}, loss(d));
    long t1Data = System.nanoTime();
    double[] truth = truth(d);
    double[] start = new double[d + 1];
    List<Double> losses = new ArrayList<>();
    losses.add(f.evaluate(start, new double[d + 1]));   // iteration 0, outside the fit's time
    long t1 = System.nanoTime();
    LBFGS.Result r = SparkFit.lbfgs(f, new LBFGS().withGtol(1e-9).withFtol(1e-15),
        new Tensor[] {Tensor.zeros(d, 1), Tensor.zeros(1)}, p -> losses.add(p.loss()));
    long t2 = System.nanoTime();
    double lossAtTruth = f.evaluate(truth, new double[d + 1]);
    f.rows().unpersist(true);
    return new Fit(r.flat(), truth, r.loss(), lossAtTruth, List.copyOf(losses), r.iterations(), r.evaluations(),
        r.reason(), (t1Data - t0) / 1_000_000, (t2 - t1) / 1_000_000);
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
    System.out.printf("  data generated, cached and checked in %.1f s%n", fit.dataMillis() / 1e3);
    System.out.printf("  L-BFGS: %d iterations, %d evaluations (Spark jobs), %.1f s, stopped: %s%n",
        fit.iterations(), fit.evaluations(), fit.fitMillis() / 1e3, fit.reason());
    System.out.printf("  mean loss %.10f (at the generating parameters %.10f)%n", fit.loss(), fit.lossAtTruth());
    System.out.printf("  %-10s %10s %10s%n", "parameter", "fitted", "generating");
    int d = fit.truth().length - 1;
    for (int j = 0; j <= d; j++) {
      System.out.printf("  %-10s %10.4f %10.4f%n", j < d ? "w" + (j + 1) : "b", fit.fitted()[j], fit.truth()[j]);
    }
    Path picture = LossCurve.write("spark-logistic: logistic regression by L-BFGS on Spark", fit.losses(),
        fit.lossAtTruth(), out.resolve("spark-logistic-loss.png"));
    System.out.println("  loss curve: " + picture);
    return picture;
  }
}
