package dev.autograd.spark.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A fit's loss curve as an 800×600 PNG, drawn with XChart (no display needed): the mean loss after
 * each L-BFGS iteration (iteration 0 is the starting point), and, dashed, the mean loss at the
 * parameters that generated the data.
 */
public final class LossCurve {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private LossCurve() {}

  /**
   * Draws the curve and writes it.
   *
   * @param title the chart's title
   * @param losses the mean loss at iterations 0, 1, 2, ...
   * @param reference the mean loss at the generating parameters (a horizontal line), or NaN for none
   * @param file the PNG to write (its folder is created)
   * @return {@code file}
   * @throws IOException when the file cannot be written
   */
  public static Path write(String title, List<Double> losses, double reference, Path file) throws IOException {
    int n = losses.size();
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = losses.get(i);
    }
    XYChart chart = new XYChart(800, 600);
    chart.setTitle(title);
    chart.setXAxisTitle("L-BFGS iteration");
    chart.setYAxisTitle("mean loss over all rows");
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesColor(new Color(0, 0, 0, 28));
    chart.getStyler().setLocale(Locale.ROOT);
    chart.getStyler().setYAxisDecimalPattern("0.####");
    chart.getStyler().setXAxisDecimalPattern("0");
    XYSeries fit = chart.addSeries("fit", x, y);
    fit.setMarker(SeriesMarkers.CIRCLE);
    fit.setLineColor(new Color(0x1f77b4));
    fit.setMarkerColor(new Color(0x1f77b4));
    if (Double.isFinite(reference)) {
      XYSeries truth = chart.addSeries("at the generating parameters", new double[] {0, Math.max(1, n - 1)},
          new double[] {reference, reference});
      truth.setMarker(SeriesMarkers.NONE);
      truth.setLineColor(new Color(0xff7f0e));
      truth.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f));
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", file.toFile())) {
      throw new IOException("no PNG writer available for " + file);
    }
    return file;
  }
}
