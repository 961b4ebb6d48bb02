package dev.autograd.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograd.Tensor;
import dev.autograd.nn.optim.LBFGS;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class MLlibComparisonTest {
  /** Rows; {@code -Dautograd.spark.rows=1000000} for the larger run the README reports. */
  static final int N = Integer.getInteger("autograd.spark.rows", 100_000);
  static final int D = 5;

  @Test
  void logistic_regression_matches_mllib_on_the_same_data() {
    fit(SparkTests.logisticRows(2000, D, 41), false);   // warm-up of both, so neither pays the JIT alone
    fit(SparkTests.logisticRows(N, D, 42), true);
  }

  static void fit(List<double[]> rows, boolean report) {
    JavaRDD<double[]> rdd = SparkTests.context().parallelize(rows, 4).cache();
    JavaRDD<Row> mlRows = rdd.map(r -> RowFactory.create(r[D], Vectors.dense(java.util.Arrays.copyOf(r, D))));
    StructType schema = new StructType()
        .add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
    Dataset<Row> df = SparkTests.session().createDataFrame(mlRows, schema).cache();
    df.count();
    rdd.count();

    long t0 = System.nanoTime();
    LogisticRegressionModel ml = new LogisticRegression()
        .setRegParam(0).setStandardization(false).setFitIntercept(true)
        .setMaxIter(1000).setTol(1e-12).fit(df);
    long mllibNanos = System.nanoTime() - t0;
    double[] history = ml.summary().objectiveHistory();
    double mlLoss = history[history.length - 1];

    t0 = System.nanoTime();
    DistributedObjective f = DistributedObjective.of(rdd, D + 1, SparkTests.logisticShapes(D), SparkTests.logistic(D));
    LBFGS.Result ours = SparkFit.lbfgs(f, new LBFGS().withGtol(1e-9).withFtol(1e-15),
        new Tensor[] {Tensor.zeros(D, 1), Tensor.zeros(1)}, null);
    long oursNanos = System.nanoTime() - t0;

    double[] w = ours.flat();
    rdd.unpersist();
    df.unpersist();
    if (!report) {
      return;
    }
    assertEquals(mlLoss, ours.loss(), 1e-6 * mlLoss);
    for (int j = 0; j < D; j++) {
      assertEquals(ml.coefficients().apply(j), w[j], 1e-4, "coefficient " + j);
    }
    assertEquals(ml.intercept(), w[D], 1e-4, "intercept");
    // the one line this module's tests print: the measured comparison
    System.out.printf("MLlib comparison (%d rows, %d features, 4 partitions, local[2]): loss ours %.12f MLlib %.12f "
            + "(rel %.1e); max coefficient diff %.1e; time ours %.2f s (%d iterations, %d evaluations, %s) "
            + "MLlib %.2f s (%d iterations); ratio ours/MLlib %.2f%n",
        rows.size(), D, ours.loss(), mlLoss, Math.abs(ours.loss() - mlLoss) / mlLoss, maxDiff(ml, w), oursNanos / 1e9,
        ours.iterations(), ours.evaluations(), ours.reason(), mllibNanos / 1e9, history.length - 1,
        (double) oursNanos / mllibNanos);
  }

  static double maxDiff(LogisticRegressionModel ml, double[] w) {
    double m = Math.abs(ml.intercept() - w[D]);
    for (int j = 0; j < D; j++) {
      m = Math.max(m, Math.abs(ml.coefficients().apply(j) - w[j]));
    }
    return m;
  }
}
