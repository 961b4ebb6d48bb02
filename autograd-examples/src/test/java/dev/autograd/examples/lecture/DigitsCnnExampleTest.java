package dev.autograd.examples.lecture;

import static dev.autograd.examples.TestSupport.assertPicture;
import static dev.autograd.examples.TestSupport.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.examples.Context;
import dev.autograd.examples.ExampleResult;
import dev.autograd.examples.plot.Charts;
import dev.autograd.nn.module.Sequential;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digits CNN, briefly. Its full claim (5-fold cross-validated accuracy ≥ 0.985 with seed 42) is
 * checked where the tour runs it at its defaults, in {@code MainTest}, so that it is trained once.
 */
class DigitsCnnExampleTest {

  @Test
  void two_folds_of_a_few_epochs_already_beat_chance_by_far_and_draw_the_gallery(@TempDir Path dir) throws Exception {
    DigitsCnnExample part = new DigitsCnnExample();
    part.folds = 2;
    part.epochs = 3;
    ExampleResult r = part.run(context(dir));
    assertTrue(r.metric("cv_accuracy") >= 0.9, "cv " + r.metric("cv_accuracy"));
    assertTrue(r.metric("seconds_per_fold") > 0);
    assertPicture(r.file("7b-digits-cnn-samples.png"), Charts.WIDTH, Charts.HEIGHT);
    assertTrue(r.summary().get(2).startsWith("  seconds per fold: "), r.summary().toString());
  }

  @Test
  void with_dtype_float32_two_short_folds_train_as_well(@TempDir Path dir) throws Exception {
    DigitsCnnExample part = new DigitsCnnExample();
    part.folds = 2;
    part.epochs = 3;
    part.channels = 8;
    Context c = context(dir);
    ExampleResult r = part.run(new Context(c.seed(), c.outDir(), c.out(), c.progressStyle(), c.verbose(), DType.FLOAT32));
    assertTrue(r.metric("cv_accuracy") >= 0.9, "cv " + r.metric("cv_accuracy"));
    assertTrue(r.summary().get(0).contains("linear(10) (float32)"), r.summary().toString());
  }

  @Test
  void the_network_maps_rows_of_64_pixels_to_ten_logits() {
    Sequential net = new DigitsCnnExample().network(1L);
    assertEquals(2, net.predict(Tensor.zeros(3, 64)).rank());
    assertEquals(10, net.eval().predict(Tensor.zeros(3, 64)).dim(1));
    assertEquals(16 * 9 + 16 + 32 + 32 * 16 * 9 + 32 + 64 + 512 * 10 + 10, net.parameterCount());
  }

  @Test
  void fewer_than_two_folds_are_refused(@TempDir Path dir) {
    DigitsCnnExample part = new DigitsCnnExample();
    part.folds = 1;
    assertEquals("digits-cnn: needs at least 2 folds; got 1",
        assertThrows(IllegalArgumentException.class, () -> part.run(context(dir))).getMessage());
  }
}
