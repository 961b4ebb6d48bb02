package dev.autograd.examples.plot;

import static dev.autograd.examples.TestSupport.assertPicture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class ChartsTest {

  @Test
  void line_chart_is_saved_as_a_png_of_the_standard_size(@TempDir Path dir) throws Exception {
    XYChart chart = Charts.chart("A parabola", "x", "y");
    double[] x = new double[50];
    double[] y = new double[50];
    for (int i = 0; i < 50; i++) {
      x[i] = i;
      y[i] = i * i;
    }
    Charts.line(chart, "x²", x, y, Charts.CLASS_0, 2f, false);
    Charts.line(chart, "x² again", x, y, Charts.CLASS_1, 2f, true);
    Path file = Charts.save(chart, dir.resolve("nested/chart.png"));
    assertEquals(2, chart.getSeriesCollection().size(), "drawing leaves the chart's series as they were");

    assertPicture(file, Charts.WIDTH, Charts.HEIGHT);
    try (var listing = Files.list(file.getParent())) {
      assertEquals(1, listing.count(), "no temporary file is left behind");
    }
  }

  @Test
  void band_fills_between_its_curves_and_rejects_curves_of_other_lengths(@TempDir Path dir) throws Exception {
    XYChart chart = Charts.chart("A band", "x", "y");
    double[] x = {0, 1, 2, 3};
    XYSeries band = Charts.band(chart, "±1", x, new double[] {-1, 0, 1, 2}, new double[] {1, 2, 3, 4}, Color.RED);
    Charts.line(chart, "middle", x, new double[] {0, 1, 2, 3}, Charts.CLASS_0, 2f, false);
    BufferedImage image = assertPicture(Charts.save(chart, dir.resolve("band.png")), Charts.WIDTH, Charts.HEIGHT);
    int red = 0;
    for (int py = 0; py < image.getHeight(); py += 2) {
      for (int px = 0; px < image.getWidth(); px += 2) {
        red += image.getRGB(px, py) == Color.RED.getRGB() ? 1 : 0;
      }
    }
    assertTrue(red > 5000, "the band is filled: " + red + " red samples");
    assertEquals(4 * 2, band.getXData().length, "upper curve, then the lower one back");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Charts.band(chart, "bad", x, new double[3], new double[4], Color.RED));
    assertEquals("band 'bad': x, lower and upper must have the same length; got 4, 3 and 4", e.getMessage());
  }

  @Test
  void side_by_side_puts_images_next_to_each_other() {
    BufferedImage a = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
    BufferedImage b = new BufferedImage(40, 25, BufferedImage.TYPE_INT_RGB);
    a.setRGB(0, 0, Color.RED.getRGB());
    b.setRGB(0, 0, Color.GREEN.getRGB());
    BufferedImage both = Charts.sideBySide(a, b);

    assertEquals(70, both.getWidth());
    assertEquals(25, both.getHeight());
    assertEquals(Color.RED.getRGB(), both.getRGB(0, 0));
    assertEquals(Color.GREEN.getRGB(), both.getRGB(30, 0));
    assertEquals(Color.WHITE.getRGB(), both.getRGB(0, 22), "the shorter image is padded with white");
  }

  @Test
  void tint_mixes_with_white() {
    assertEquals(Color.WHITE, Charts.tint(new Color(0, 100, 200), 0));
    assertEquals(new Color(0, 100, 200), Charts.tint(new Color(0, 100, 200), 1));
    assertEquals(new Color(128, 178, 228), Charts.tint(new Color(0, 100, 200), 0.5));
  }
}
