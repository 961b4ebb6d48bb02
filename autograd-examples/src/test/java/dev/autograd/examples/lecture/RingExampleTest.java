package dev.autograd.examples.lecture;

import static dev.autograd.examples.TestSupport.assertPicture;
import static dev.autograd.examples.TestSupport.context;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.examples.ExampleResult;
import dev.autograd.examples.plot.Charts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RingExampleTest {

  @Test
  void ring_is_separated_on_training_and_fresh_points(@TempDir Path dir) throws Exception {
    RingExample part = new RingExample();
    part.epochs = 40;
    part.points = 300;
    ExampleResult r = part.run(context(dir));

    assertTrue(r.metric("train_accuracy") >= 0.95, "train accuracy " + r.metric("train_accuracy"));
    assertTrue(r.metric("test_accuracy") >= 0.95, "test accuracy " + r.metric("test_accuracy"));
    assertPicture(r.file("6-ring.png"), 2 * Charts.WIDTH, Charts.HEIGHT);
    assertPicture(r.file("6-ring-loss.png"), Charts.WIDTH, Charts.HEIGHT);
  }
}
