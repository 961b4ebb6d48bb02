package dev.autograd.examples.lecture;

import static dev.autograd.examples.TestSupport.assertPicture;
import static dev.autograd.examples.TestSupport.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.examples.ExampleResult;
import dev.autograd.examples.plot.Charts;
import dev.autograd.nn.data.Dataset;
import dev.autograd.nn.data.Datasets;
import dev.autograd.nn.module.LogisticRegression;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogisticRegressionExampleTest {

  @Test
  void separable_data_is_fitted_and_the_gradient_equals_the_closed_form(@TempDir Path dir) throws Exception {
    LogisticRegressionExample part = new LogisticRegressionExample();
    part.epochs = 5;
    ExampleResult r = part.run(context(dir));

    assertTrue(r.metric("accuracy") >= 0.97, "accuracy " + r.metric("accuracy"));
    assertTrue(r.metric("gradient_max_abs_difference") <= 1e-12,
        "difference " + r.metric("gradient_max_abs_difference"));
    assertTrue(r.metric("gradient_largest_component_at_random_weights") > 1);
    assertEquals(2, r.files().size());
    assertPicture(r.file("2-logistic-regression.png"), Charts.WIDTH, Charts.HEIGHT);
    assertPicture(r.file("2-logistic-regression-loss.png"), Charts.WIDTH, Charts.HEIGHT);
  }

  @Test
  void gradients_compared_at_random_weights_are_far_from_zero(@TempDir Path dir) throws Exception {
    // Equality with the closed form means something only where the gradient is not tiny.
    Dataset data = Datasets.linearlySeparable(120, 5);
    for (long seed = 0; seed < 5; seed++) {
      LogisticRegressionExample.Comparison c =
          LogisticRegressionExample.compareWithClosedForm(LogisticRegression.binary(2, seed), data);
      assertTrue(c.largestComponent() > 1, "seed " + seed + ": largest component " + c.largestComponent());
      assertTrue(c.maxAbsDifference() <= 1e-12 * c.largestComponent(),
          "seed " + seed + ": difference " + c.maxAbsDifference());
    }
  }
}
