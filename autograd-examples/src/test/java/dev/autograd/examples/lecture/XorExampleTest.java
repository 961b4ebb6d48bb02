package dev.autograd.examples.lecture;

import static dev.autograd.examples.TestSupport.assertPicture;
import static dev.autograd.examples.TestSupport.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.examples.ExampleResult;
import dev.autograd.examples.plot.Charts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XorExampleTest {

  @Test
  void hand_set_network_computes_xor() {
    double[] y = XorExample.handSet().predict(Tensor.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}))
        .reshape(-1).toArray();
    assertTrue(y[0] < 0.01 && y[3] < 0.01, "0 XOR 0 and 1 XOR 1 are 0");
    assertTrue(y[1] > 0.99 && y[2] > 0.99, "0 XOR 1 and 1 XOR 0 are 1");
  }

  @Test
  void xor_is_learned_by_two_and_three_layer_networks(@TempDir Path dir) throws Exception {
    XorExample part = new XorExample();
    part.epochs = 400;
    ExampleResult r = part.run(context(dir));

    assertEquals(1.0, r.metric("hand_accuracy"));
    assertEquals(1.0, r.metric("two_layer_accuracy"));
    assertEquals(1.0, r.metric("three_layer_accuracy"));
    assertTrue(r.metric("two_layer_loss") < 0.1, "loss " + r.metric("two_layer_loss"));
    assertTrue(r.metric("three_layer_loss") < 0.1, "loss " + r.metric("three_layer_loss"));
    assertTrue(r.summary().stream().anyMatch(s -> s.matches("\\s+0\\s+1 \\| .* \\|  1")),
        "the truth table lists 0 XOR 1 = 1: " + r.summary());
    assertPicture(r.file("5-xor.png"), 3 * 640, 560);
    assertPicture(r.file("5-xor-loss.png"), Charts.WIDTH, Charts.HEIGHT);
  }

  @Test
  void xor_is_learned_from_other_seeds_too(@TempDir Path dir) throws Exception {
    for (long seed : new long[] {1, 2, 3}) {
      XorExample part = new XorExample();
      part.epochs = 400;
      var ctx = new dev.autograd.examples.Context(seed, dir, context(dir).out(),
          dev.autograd.examples.Progress.Style.NONE, false);
      ExampleResult r = part.run(ctx);
      assertEquals(1.0, r.metric("two_layer_accuracy"), "seed " + seed);
      assertEquals(1.0, r.metric("three_layer_accuracy"), "seed " + seed);
    }
  }
}
