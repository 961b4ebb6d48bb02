package dev.autograd.examples.lecture;

import static dev.autograd.examples.TestSupport.assertPicture;
import static dev.autograd.examples.TestSupport.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.examples.Context;
import dev.autograd.examples.ExampleResult;
import dev.autograd.examples.plot.Charts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealDataExampleTest {

  @Test
  void breast_cancer_and_digits_are_learned_well_in_a_few_epochs(@TempDir Path dir) throws Exception {
    RealDataExample part = new RealDataExample();
    part.logisticEpochs = 3;
    part.mlpEpochs = 8;
    part.folds = 2;
    ExampleResult r = part.run(context(dir));

    assertTrue(r.metric("breast_cancer_test_accuracy") >= 0.93,
        "breast cancer test accuracy " + r.metric("breast_cancer_test_accuracy"));
    assertTrue(r.metric("digits_test_accuracy") >= 0.93, "digits test accuracy " + r.metric("digits_test_accuracy"));
    assertTrue(r.metric("digits_train_accuracy") >= r.metric("digits_test_accuracy") - 0.02);
    assertTrue(r.metric("breast_cancer_cv_accuracy") >= 0.93, "cv " + r.metric("breast_cancer_cv_accuracy"));
    assertTrue(r.metric("digits_cv_accuracy") >= 0.9, "cv " + r.metric("digits_cv_accuracy"));
    assertPicture(r.file("7-breast-cancer-loss.png"), Charts.WIDTH, Charts.HEIGHT);
    assertPicture(r.file("7-digits-loss.png"), Charts.WIDTH, Charts.HEIGHT);
    assertPicture(r.file("7-digits-test-samples.png"), Charts.WIDTH, Charts.HEIGHT);
  }

  @Test
  void cross_validation_can_be_skipped(@TempDir Path dir) throws Exception {
    RealDataExample part = new RealDataExample();
    part.logisticEpochs = 1;
    part.mlpEpochs = 1;
    part.folds = 0;
    ExampleResult r = part.run(context(dir));
    assertTrue(!r.metrics().containsKey("breast_cancer_cv_accuracy") && !r.metrics().containsKey("digits_cv_accuracy"),
        r.metrics().toString());
  }

  @Test
  void with_dtype_float32_the_digits_mlp_reaches_the_float64_test_accuracy(@TempDir Path dir) throws Exception {
    double[] accuracy = new double[2];
    String summary = null;
    for (DType dtype : DType.values()) {
      RealDataExample part = new RealDataExample();
      part.logisticEpochs = 1;
      part.mlpEpochs = 8;
      part.folds = 0;
      Context c = context(dir.resolve(dtype.toString()));
      ExampleResult r = part.run(new Context(c.seed(), c.outDir(), c.out(), c.progressStyle(), c.verbose(), dtype));
      accuracy[dtype.ordinal()] = r.metric("digits_test_accuracy");
      summary = String.join("\n", r.summary());
    }
    assertTrue(accuracy[0] >= 0.93, "float64 digits test accuracy " + accuracy[0]);
    assertEquals(accuracy[0], accuracy[1], 0.005, "float32 vs float64 digits test accuracy");
    assertTrue(summary.contains("MLP 64-64-10 (float32)"), summary);
  }
}
