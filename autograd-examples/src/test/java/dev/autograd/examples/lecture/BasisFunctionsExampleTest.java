package dev.autograd.examples.lecture;

import static dev.autograd.examples.TestSupport.assertPicture;
import static dev.autograd.examples.TestSupport.context;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.examples.ExampleResult;
import dev.autograd.examples.plot.Charts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BasisFunctionsExampleTest {

  @Test
  void a_line_fails_and_the_hand_chosen_basis_succeeds(@TempDir Path dir) throws Exception {
    BasisFunctionsExample part = new BasisFunctionsExample();
    part.epochs = 150;
    part.ringPoints = 100;
    ExampleResult r = part.run(context(dir));

    assertTrue(r.metric("xor_linear_accuracy") <= 0.75, "no line gets all of XOR right");
    assertEquals(1.0, r.metric("xor_basis_accuracy"));
    assertTrue(r.metric("ring_linear_accuracy") <= 0.75, "ring, linear: " + r.metric("ring_linear_accuracy"));
    assertTrue(r.metric("ring_basis_accuracy") >= 0.99, "ring, basis: " + r.metric("ring_basis_accuracy"));
    assertPicture(r.file("4-basis-xor.png"), 2 * Charts.WIDTH, Charts.HEIGHT);
    assertPicture(r.file("4-basis-ring.png"), 2 * Charts.WIDTH, Charts.HEIGHT);
  }

  @Test
  void basis_functions_are_the_ones_named() {
    Tensor x = Tensor.of(new double[][] {{2, 3}, {-1, 0.5}});
    assertArrayEquals(new double[] {2, 3, 6, -1, 0.5, -0.5}, BasisFunctionsExample.PRODUCT.forward(x).toArray());
    assertArrayEquals(new double[] {2, 3, 13, -1, 0.5, 1.25},
        BasisFunctionsExample.SQUARED_RADIUS.forward(x).toArray());
  }
}
