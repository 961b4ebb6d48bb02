package dev.autograd.examples.lecture;

import static dev.autograd.examples.TestSupport.assertPicture;
import static dev.autograd.examples.TestSupport.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.examples.ExampleResult;
import dev.autograd.examples.plot.Charts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerceptronExampleTest {

  @Test
  void both_models_separate_the_data_and_are_drawn_side_by_side(@TempDir Path dir) throws Exception {
    PerceptronExample part = new PerceptronExample();
    part.epochs = 8;
    ExampleResult r = part.run(context(dir));

    // Separable data with a margin: the perceptron stops making mistakes after finitely many updates.
    assertEquals(1.0, r.metric("perceptron_accuracy"));
    assertTrue(r.metric("perceptron_error_free_epoch") >= 1, "an epoch without mistakes");
    assertTrue(r.metric("logistic_accuracy") >= 0.97, "logistic accuracy " + r.metric("logistic_accuracy"));
    assertPicture(r.file("3-perceptron-vs-logistic.png"), 2 * Charts.WIDTH, Charts.HEIGHT);
  }
}
