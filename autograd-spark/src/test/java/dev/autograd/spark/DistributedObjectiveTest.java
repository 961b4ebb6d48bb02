package dev.autograd.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.nn.optim.Adam;
import dev.autograd.nn.optim.LBFGS;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.Success$;
import org.apache.spark.TaskContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class DistributedObjectiveTest {
  static final int D = 4;

  static double[] someParameters() {
    Random rng = new Random(9);
    double[] x = new double[D + 1];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    return x;
  }

  @Test
  void distributed_gradient_equals_the_local_gradient_for_1_2_7_and_64_partitions() {
    List<double[]> rows = SparkTests.logisticRows(3000, D, 1);
    double[] x = someParameters();
    DistributedObjective.Sums local =
        DistributedObjective.localSums(rows, x, SparkTests.logisticShapes(D), SparkTests.logistic(D), rows.size());
    double scale = 0;
    for (double g : local.gradient()) {
      scale = Math.max(scale, Math.abs(g));
    }
    for (int partitions : new int[] {1, 2, 7, 64}) {
      JavaRDD<double[]> rdd = SparkTests.context().parallelize(rows, partitions);
      DistributedObjective f = DistributedObjective.of(rdd, D + 1, SparkTests.logisticShapes(D), SparkTests.logistic(D))
          .withBatchSize(256);
      DistributedObjective.Sums s = f.sums(x);
      assertEquals(rows.size(), s.rows());
      assertEquals(local.loss(), s.loss(), 1e-12 * Math.abs(local.loss()), partitions + " partitions: loss");
      for (int i = 0; i < x.length; i++) {
        assertEquals(local.gradient()[i], s.gradient()[i], 1e-12 * scale, partitions + " partitions: gradient " + i);
      }
      f.rows().unpersist();
    }
  }

  @Test
  void a_task_failing_on_its_first_attempt_is_retried_and_the_fit_is_unchanged() throws Exception {
    List<double[]> rows = SparkTests.logisticRows(2000, D, 2);
    JavaRDD<double[]> rdd = SparkTests.context().parallelize(rows, 2);
    BatchLoss plain = SparkTests.logistic(D);
    BatchLoss flaky = (p, batch) -> {
      TaskContext tc = TaskContext.get();
      if (tc != null && tc.partitionId() == 1 && tc.attemptNumber() == 0) {
        throw new IllegalStateException("injected failure of the first attempt");
      }
      return plain.apply(p, batch);
    };
    LBFGS lbfgs = new LBFGS().withGtol(1e-9).withFtol(0);
    Tensor[] start = {Tensor.zeros(D, 1), Tensor.zeros(1)};
    LBFGS.Result expected = SparkFit.lbfgs(
        DistributedObjective.of(rdd, D + 1, SparkTests.logisticShapes(D), plain), lbfgs, start, null);
    AtomicInteger failed = new AtomicInteger();
    SparkListener counter = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (!(end.reason() instanceof Success$)) {
          failed.incrementAndGet();
        }
      }
    };
    SparkTests.session().sparkContext().addSparkListener(counter);
    LBFGS.Result retried;
    try {
      retried = SparkFit.lbfgs(
          DistributedObjective.of(rdd, D + 1, SparkTests.logisticShapes(D), flaky), lbfgs, start, null);
    } finally {
      SparkTests.session().sparkContext().listenerBus().waitUntilEmpty();
      SparkTests.session().sparkContext().removeSparkListener(counter);
    }
    // every evaluation's job lost its first attempt of partition 1 (and the checks' jobs did not call the loss)
    assertTrue(failed.get() >= retried.evaluations(), "failed tasks " + failed.get());
    assertTrue(expected.iterations() > 3);
    assertEquals(expected.iterations(), retried.iterations());
    assertArrayEquals(expected.flat(), retried.flat(), 0.0);
    assertEquals(expected.loss(), retried.loss(), 0.0);
  }

  @Test
  void lbfgs_reports_progress_and_minibatch_adam_gets_close_to_its_optimum() {
    List<double[]> rows = SparkTests.logisticRows(2000, D, 3);
    DistributedObjective f = DistributedObjective.of(
        SparkTests.context().parallelize(rows, 2), D + 1, SparkTests.logisticShapes(D), SparkTests.logistic(D));
    List<SparkFit.Progress> progress = new ArrayList<>();
    Tensor[] start = {Tensor.zeros(D, 1), Tensor.zeros(1)};
    LBFGS.Result best = SparkFit.lbfgs(f, new LBFGS().withGtol(1e-8), start, progress::add);
    assertEquals(best.iterations(), progress.size());
    assertEquals(best.loss(), progress.get(progress.size() - 1).loss(), 0.0);
    Tensor[] adam = SparkFit.minibatch(f, ps -> new Adam(ps, 0.05), start, 80, 0.3, 7L, null);
    double[] g = new double[D + 1];
    double[] flat = new double[D + 1];
    for (int i = 0; i < D; i++) {
      flat[i] = adam[0].get(i, 0);
    }
    flat[D] = adam[1].item();
    double adamLoss = f.evaluate(flat, g);
    assertTrue(adamLoss < best.loss() * 1.01, "Adam " + adamLoss + " vs L-BFGS " + best.loss());
  }

  @Test
  void a_dataset_with_named_columns_gives_the_same_sums_as_the_rows() {
    List<double[]> rows = SparkTests.logisticRows(500, 2, 4);
    List<Row> data = new ArrayList<>();
    for (double[] r : rows) {
      data.add(RowFactory.create("id", r[1], r[2], r[0]));   // columns in another order, and a string
    }
    StructType schema = new StructType()
        .add("name", DataTypes.StringType).add("b", DataTypes.DoubleType)
        .add("y", DataTypes.DoubleType).add("a", DataTypes.DoubleType);
    Dataset<Row> df = SparkTests.session().createDataFrame(data, schema);
    double[] x = {0.3, -0.2, 0.1};
    DistributedObjective.Sums fromDf = DistributedObjective.of(
        df, List.of("a", "b", "y"), SparkTests.logisticShapes(2), SparkTests.logistic(2)).sums(x);
    DistributedObjective.Sums local =
        DistributedObjective.localSums(rows, x, SparkTests.logisticShapes(2), SparkTests.logistic(2), 4096);
    assertEquals(local.loss(), fromDf.loss(), 1e-12 * Math.abs(local.loss()));
    assertArrayEquals(local.gradient(), fromDf.gradient(), 1e-10);
  }

  @Test
  void bad_input_is_named_before_the_fit() {
    List<double[]> rows = new ArrayList<>(SparkTests.logisticRows(50, 2, 5));
    rows.set(17, new double[] {1, 2});
    IllegalArgumentException wrongWidth = assertThrows(IllegalArgumentException.class, () -> DistributedObjective.of(
        SparkTests.context().parallelize(rows, 3), 3, SparkTests.logisticShapes(2), SparkTests.logistic(2)));
    assertEquals("DistributedObjective.of: row 17 has 2 values; expected 3", wrongWidth.getMessage());

    List<double[]> nan = new ArrayList<>(SparkTests.logisticRows(50, 2, 5));
    nan.set(30, new double[] {1, Double.NaN, 0});
    assertEquals("DistributedObjective.of: row 30, column 1 is NaN; expected a finite number",
        assertThrows(IllegalArgumentException.class, () -> DistributedObjective.of(
            SparkTests.context().parallelize(nan, 3), 3, SparkTests.logisticShapes(2), SparkTests.logistic(2)))
            .getMessage());

    assertEquals("DistributedObjective.of: the data set is empty (no rows to fit)",
        assertThrows(IllegalArgumentException.class, () -> DistributedObjective.of(
            SparkTests.context().parallelize(new ArrayList<double[]>(), 2), 3, SparkTests.logisticShapes(2),
            SparkTests.logistic(2))).getMessage());

    List<Row> data = Arrays.asList(RowFactory.create("x", 1.0, 0.0), RowFactory.create("y", null, 1.0));
    StructType schema = new StructType()
        .add("name", DataTypes.StringType).add("a", DataTypes.DoubleType).add("y", DataTypes.DoubleType);
    Dataset<Row> df = SparkTests.session().createDataFrame(data, schema);
    assertEquals("DistributedObjective.of: no column 'b' in the data set; its columns are [name, a, y]",
        assertThrows(IllegalArgumentException.class, () -> DistributedObjective.of(
            df, List.of("a", "b", "y"), SparkTests.logisticShapes(1), SparkTests.logistic(1))).getMessage());
    assertEquals("DistributedObjective.of: column 'name' has type string; expected a numeric column (double, float, "
            + "int, long, ...)",
        assertThrows(IllegalArgumentException.class, () -> DistributedObjective.of(
            df, List.of("name", "y"), SparkTests.logisticShapes(1), SparkTests.logistic(1))).getMessage());
    assertEquals("DistributedObjective.of: row 1, column 'a' is null or NaN; expected a finite number",
        assertThrows(IllegalArgumentException.class, () -> DistributedObjective.of(
            df, List.of("a", "y"), SparkTests.logisticShapes(1), SparkTests.logistic(1))).getMessage());
  }
}
