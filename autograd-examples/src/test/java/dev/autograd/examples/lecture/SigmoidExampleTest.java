package dev.autograd.examples.lecture;

import static dev.autograd.examples.TestSupport.assertPicture;
import static dev.autograd.examples.TestSupport.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.examples.ExampleResult;
import dev.autograd.examples.plot.Charts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigmoidExampleTest {

  @Test
  void engine_derivative_matches_the_closed_form_and_is_plotted(@TempDir Path dir) throws Exception {
    SigmoidExample part = new SigmoidExample();
    part.points = 101;
    ExampleResult r = part.run(context(dir));

    assertTrue(r.metric("max_abs_difference") <= 1e-15, "difference " + r.metric("max_abs_difference"));
    assertEquals(0.25, r.metric("derivative_at_0"), 1e-15);
    assertEquals(1, r.files().size());
    assertPicture(r.file("1-sigmoid.png"), Charts.WIDTH, Charts.HEIGHT);
    assertTrue(r.summary().get(0).contains("101 points"), r.summary().toString());
  }

  @Test
  void too_few_points_are_refused(@TempDir Path dir) {
    SigmoidExample part = new SigmoidExample();
    part.points = 1;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> part.run(context(dir)));
    assertTrue(e.getMessage().contains("--points"), e.getMessage());
  }
}
