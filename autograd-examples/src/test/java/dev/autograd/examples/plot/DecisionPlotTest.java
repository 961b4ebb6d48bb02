package dev.autograd.examples.plot;

import static dev.autograd.examples.TestSupport.assertPicture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionPlotTest {

  /** Probability of class 1 rising from left (x₁ < 0) to right. */
  private static Tensor rightIsOne(Tensor points) {
    return points.slice(1, 0, 1).mul(5).sigmoid();
  }

  private static boolean bluish(int rgb) {
    Color c = new Color(rgb);
    return c.getBlue() > c.getRed() + 20;
  }

  private static boolean orangish(int rgb) {
    Color c = new Color(rgb);
    return c.getRed() > c.getBlue() + 20;
  }

  @Test
  void regions_are_shaded_by_the_model_with_the_boundary_drawn(@TempDir Path dir) throws Exception {
    double[][] x = {{-1.5, 0}, {1.5, 0}};
    Path file = new DecisionPlot("half planes", -2, 2, -2, 2)
        .regions(DecisionPlotTest::rightIsOne)
        .points(x, new int[] {0, 1})
        .save(dir.resolve("regions.png"));
    BufferedImage im = assertPicture(file, Charts.WIDTH, Charts.HEIGHT);

    // Sample along a horizontal line in the upper part of the plot, away from the markers.
    int y = Charts.HEIGHT / 4;
    int left = Charts.WIDTH / 5;
    int right = Charts.WIDTH - Charts.WIDTH / 10;
    assertTrue(bluish(im.getRGB(left, y)), "left of x₁ = 0 is class 0's colour");
    assertTrue(orangish(im.getRGB(right, y)), "right of x₁ = 0 is class 1's colour");
    boolean dark = false;
    for (int px = left; px < right; px++) {
      Color c = new Color(im.getRGB(px, y));
      dark |= c.getRed() < 90 && c.getGreen() < 90 && c.getBlue() < 90;
    }
    assertTrue(dark, "the boundary p = ½ is drawn as a dark curve");
  }

  @Test
  void picture_of_any_size_can_be_asked_for(@TempDir Path dir) throws Exception {
    Path file = DecisionPlot.around("small", new double[][] {{0, 0}, {1, 1}}, 0.5)
        .size(500, 400)
        .regions(DecisionPlotTest::rightIsOne)
        .points(new double[][] {{0, 0}, {1, 1}}, new int[] {0, 1})
        .line("diagonal", 1, -1, 0, Color.BLACK, true)
        .save(dir.resolve("small.png"));
    assertPicture(file, 500, 400);
  }

  @Test
  void lines_are_clipped_to_the_rectangle() {
    DecisionPlot plot = new DecisionPlot("", -1, 1, -1, 1);
    double[][] ends = plot.clip(1, -1, 0); // x₂ = x₁
    assertArrayEquals(new double[] {-1, -1}, ends[0], 1e-12);
    assertArrayEquals(new double[] {1, 1}, ends[1], 1e-12);
    double[][] vertical = plot.clip(1, 0, -0.5); // x₁ = ½
    assertEquals(0.5, vertical[0][0], 1e-12);
    assertEquals(0.5, vertical[1][0], 1e-12);
    assertEquals(2, Math.abs(vertical[0][1] - vertical[1][1]), 1e-12);
    assertNull(plot.clip(1, 1, -5), "x₁ + x₂ = 5 misses the square");
    assertFalse(plot.crosses(0, 0, 1), "0 = 1 is no line at all");
  }

  @Test
  void model_with_the_wrong_number_of_outputs_is_refused() {
    DecisionPlot plot = new DecisionPlot("", 0, 1, 0, 1).regions(p -> p); // two values per point
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, plot::render);
    assertTrue(e.getMessage().contains("one probability per point"), e.getMessage());
  }

  @Test
  void empty_rectangle_and_mismatched_labels_are_refused() {
    assertThrows(IllegalArgumentException.class, () -> new DecisionPlot("", 1, 1, 0, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new DecisionPlot("", 0, 1, 0, 1).points(new double[][] {{0, 0}}, new int[] {0, 1}));
  }
}
