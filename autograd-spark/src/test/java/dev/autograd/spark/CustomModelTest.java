package dev.autograd.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograd.Tensor;
import dev.autograd.nn.optim.LBFGS;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.GeneralizedLinearRegression;
import org.apache.spark.ml.regression.GeneralizedLinearRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** A model written by the user: Poisson regression with an exposure offset, log link. */
class CustomModelTest {

  @Test
  void poisson_regression_with_an_offset_matches_mllibs_glm() {
    Random rng = new Random(8);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      double a = rng.nextGaussian();
      double b = rng.nextGaussian();
      double offset = Math.log(0.5 + 2 * rng.nextDouble());   // log exposure
      double mean = Math.exp(0.2 + 0.5 * a - 0.3 * b + offset);
      int y = 0;   // Knuth's Poisson sampler
      double limit = Math.exp(-mean);
      double p = rng.nextDouble();
      while (p > limit) {
        y++;
        p *= rng.nextDouble();
      }
      rows.add(RowFactory.create(a, b, offset, (double) y));
    }
    StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
        .add("exposure", DataTypes.DoubleType).add("count", DataTypes.DoubleType);
    Dataset<Row> df = SparkTests.session().createDataFrame(rows, schema).repartition(3).cache();

    // columns of a batch: a, b, log exposure, count
    BatchLoss poisson = (w, batch) -> {
      Tensor eta = batch.slice(1, 0, 2).matmul(w[0]).add(w[1]).add(batch.slice(1, 2, 3));
      return eta.exp().sub(eta.mul(batch.slice(1, 3, 4))).sum();
    };
    DistributedObjective f = DistributedObjective.of(
        df, List.of("a", "b", "exposure", "count"), new int[][] {{2, 1}, {1}}, poisson);
    LBFGS.Result ours = SparkFit.lbfgs(f, new LBFGS().withGtol(1e-10).withFtol(0),
        new Tensor[] {Tensor.zeros(2, 1), Tensor.zeros(1)}, null);

    Dataset<Row> assembled = new VectorAssembler().setInputCols(new String[] {"a", "b"}).setOutputCol("features")
        .transform(df);
    GeneralizedLinearRegressionModel glm = new GeneralizedLinearRegression()
        .setFamily("poisson").setLink("log").setOffsetCol("exposure").setLabelCol("count")
        .setRegParam(0).setFitIntercept(true).setTol(1e-12).setMaxIter(100).fit(assembled);
    double[] w = ours.flat();
    assertEquals(glm.coefficients().apply(0), w[0], 1e-6);
    assertEquals(glm.coefficients().apply(1), w[1], 1e-6);
    assertEquals(glm.intercept(), w[2], 1e-6);
    assertEquals(0.5, w[0], 0.05);
    df.unpersist();
  }
}
