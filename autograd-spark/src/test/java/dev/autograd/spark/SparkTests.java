package dev.autograd.spark;

import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** One local Spark for all test classes of the module (two threads, a task may fail once), and test data. */
final class SparkTests {
  private static SparkSession session;

  private SparkTests() {}

  static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2,2]")
          .appName("autograd-spark tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.driver.host", "127.0.0.1")
          .getOrCreate();
    }
    return session;
  }

  static JavaSparkContext context() {
    return JavaSparkContext.fromSparkContext(session().sparkContext());
  }

  /** Logistic-regression rows: d standard-normal features, then a 0/1 label. */
  static List<double[]> logisticRows(int n, int d, long seed) {
    Random rng = new Random(seed);
    List<double[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double[] r = new double[d + 1];
      double z = 0.25;
      for (int j = 0; j < d; j++) {
        r[j] = rng.nextGaussian();
        z += (j % 2 == 0 ? 1.0 : -0.5) * (j + 1) / d * r[j];
      }
      r[d] = rng.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
      rows.add(r);
    }
    return rows;
  }

  /** The logistic loss summed over a batch: p[0] the weights [d, 1], p[1] the intercept [1]. */
  static BatchLoss logistic(int d) {
    return (p, batch) -> {
      Tensor z = batch.slice(1, 0, d).matmul(p[0]).add(p[1]);
      return z.softplus().sub(z.mul(batch.slice(1, d, d + 1))).sum();
    };
  }

  static int[][] logisticShapes(int d) {
    return new int[][] {{d, 1}, {1}};
  }
}
