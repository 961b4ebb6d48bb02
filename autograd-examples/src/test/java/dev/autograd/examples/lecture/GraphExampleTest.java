package dev.autograd.examples.lecture;

import static dev.autograd.examples.TestSupport.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.examples.ExampleResult;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphExampleTest {

  private static double loss(double w1, double b1, double w2, double b2) {
    return GraphExample.loss(Tensor.scalar(w1), Tensor.scalar(b1), Tensor.scalar(w2), Tensor.scalar(b2)).item();
  }

  @Test
  void graph_is_written_with_gradients_that_match_finite_differences(@TempDir Path dir) throws Exception {
    ExampleResult r = new GraphExample().run(context(dir));

    String dot = Files.readString(r.file("8-graph.dot"), StandardCharsets.UTF_8);
    assertTrue(dot.startsWith("digraph"), dot);
    for (String label : new String[] {"w₁", "b₁", "w₂", "b₂", "z = σ(a₁)", "ŷ = σ(a₂)", "L = ½(y − ŷ)²"}) {
      assertTrue(dot.contains("<B>" + label + "</B>"), "box " + label);
    }
    assertTrue(dot.contains("grad "), "gradients are shown");
    assertEquals(1.0, r.metric("gradient_check_passed"));

    // Central differences of the same loss, independently of the engine's backward pass.
    double h = 1e-6;
    double[] p = {0.8, -0.5, 1.2, 0.3};
    String[] names = {"dL_dw1", "dL_db1", "dL_dw2", "dL_db2"};
    for (int i = 0; i < 4; i++) {
      double[] up = p.clone();
      double[] down = p.clone();
      up[i] += h;
      down[i] -= h;
      double numeric = (loss(up[0], up[1], up[2], up[3]) - loss(down[0], down[1], down[2], down[3])) / (2 * h);
      assertEquals(numeric, r.metric(names[i]), 1e-8, names[i]);
    }
    assertEquals(loss(p[0], p[1], p[2], p[3]), r.metric("loss"), 1e-15);
  }

  @Test
  void picture_is_rendered_exactly_when_graphviz_is_installed(@TempDir Path dir) throws Exception {
    ExampleResult r = new GraphExample().run(context(dir));
    Path png = dir.resolve("8-graph.png");
    if (GraphExample.onPath("dot")) {
      assertTrue(r.files().contains(png), r.files().toString());
      BufferedImage image = ImageIO.read(png.toFile());
      assertNotNull(image, "a readable PNG");
      assertTrue(image.getWidth() > 400 && image.getHeight() > 100, image.getWidth() + "×" + image.getHeight());
    } else {
      assertTrue(!Files.exists(png) && !r.files().contains(png));
      assertTrue(r.summary().stream().anyMatch(s -> s.contains("dot -Tpng")), r.summary().toString());
    }
  }
}
