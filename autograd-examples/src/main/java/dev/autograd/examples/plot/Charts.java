package dev.autograd.examples.plot;

import dev.autograd.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Chart helpers on XChart: one look for every picture (white background, light grid, readable
 * fonts), line charts for curves, and PNG output of a fixed size ({@link #WIDTH} × {@link #HEIGHT},
 * or twice the width for two charts side by side). Everything works without a display.
 */
public final class Charts {
  static {
    // Must happen before AWT loads; harmless when it already has.
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /** Width of every single chart, in pixels. */
  public static final int WIDTH = 800;
  /** Height of every chart, in pixels. */
  public static final int HEIGHT = 600;

  /** Colour of class 0 (blue) and, below, class 1 (orange): distinguishable with colour blindness. */
  public static final Color CLASS_0 = new Color(0x1f77b4);
  public static final Color CLASS_1 = new Color(0xff7f0e);
  /** Further series colours, in order of use. */
  public static final Color[] PALETTE = {
      new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
      new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
  private static final Font AXIS_TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
  private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

  /** An empty chart of the standard size with a title and axis titles. */
  public static XYChart chart(String title, String xTitle, String yTitle) {
    return chart(title, xTitle, yTitle, WIDTH, HEIGHT);
  }

  /** An empty chart of the given size with a title and axis titles. */
  public static XYChart chart(String title, String xTitle, String yTitle, int width, int height) {
    XYChart chart = new XYChart(width, height);
    chart.setTitle(title);
    chart.setXAxisTitle(xTitle);
    chart.setYAxisTitle(yTitle);
    XYStyler s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(new Color(0x999999));
    s.setPlotGridLinesColor(new Color(0, 0, 0, 28));
    s.setPlotGridLinesStroke(new BasicStroke(1f));
    s.setChartTitleFont(TITLE_FONT);
    s.setChartTitleBoxVisible(false);
    s.setAxisTitleFont(AXIS_TITLE_FONT);
    s.setAxisTickLabelsFont(TICK_FONT);
    s.setLegendFont(LEGEND_FONT);
    s.setLegendPosition(Styler.LegendPosition.InsideNE);
    s.setLegendBackgroundColor(new Color(255, 255, 255, 220));
    s.setLegendBorderColor(new Color(0xbbbbbb));
    s.setSeriesColors(PALETTE);
    s.setChartPadding(12);
    s.setXAxisTickMarkSpacingHint(90);
    s.setYAxisDecimalPattern("0.###");
    s.setAntiAlias(true);
    s.setTextAntiAlias(true);
    s.setLocale(java.util.Locale.ROOT);
    return chart;
  }

  /** Adds a curve without markers; {@code dashed} draws it dashed (to show one curve lying on another). */
  public static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color colour, float width,
      boolean dashed) {
    XYSeries series = chart.addSeries(name, x, y);
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    series.setMarker(SeriesMarkers.NONE);
    series.setLineColor(colour);
    series.setLineStyle(dashed
        ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f)
        : new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    return series;
  }

  /**
   * Adds a filled band between {@code lower} and {@code upper} over {@code x} (a confidence band), drawn as
   * one polygon without outline: along the upper curve, then back along the lower one.
   */
  public static XYSeries band(XYChart chart, String name, double[] x, double[] lower, double[] upper, Color colour) {
    int n = x.length;
    if (lower.length != n || upper.length != n) {
      throw new IllegalArgumentException("band '" + name + "': x, lower and upper must have the same length; got "
          + n + ", " + lower.length + " and " + upper.length);
    }
    double[] px = new double[2 * n];
    double[] py = new double[2 * n];
    for (int i = 0; i < n; i++) {
      px[i] = x[i];
      py[i] = upper[i];
      px[2 * n - 1 - i] = x[i];
      py[2 * n - 1 - i] = lower[i];
    }
    XYSeries series = chart.addSeries(name, px, py);
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
    series.setMarker(SeriesMarkers.NONE);
    series.setFillColor(colour);
    series.setLineColor(colour);
    series.setLineStyle(new BasicStroke(0.5f));
    return series;
  }

  /** Adds points without lines. */
  public static XYSeries points(XYChart chart, String name, double[] x, double[] y, Color colour) {
    XYSeries series = chart.addSeries(name, x, y);
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    series.setMarker(SeriesMarkers.CIRCLE);
    series.setMarkerColor(colour);
    return series;
  }

  /** The chart drawn into an image of its own size. */
  public static BufferedImage image(XYChart chart) {
    return withOffGridPoint(chart, () -> BitmapEncoder.getBufferedImage(chart));
  }

  /** Draws the chart with {@code g} at its own size (as {@link #image} does). */
  public static void paint(XYChart chart, Graphics2D g) {
    withOffGridPoint(chart, () -> {
      chart.paint(g, chart.getWidth(), chart.getHeight());
      return null;
    });
  }

  /**
   * Runs {@code draw} with one invisible extra point in the chart. XChart 4.0.3 labels every x value
   * when all x values of all series lie on one evenly spaced grid (epochs 1, 2, 3, ...; a linspace),
   * ignoring the tick spacing hint, so the labels run together; one point off that grid gives it
   * ordinary, evenly spaced ticks. The chart's series are the same afterwards.
   */
  private static <T> T withOffGridPoint(XYChart chart, Supplier<T> draw) {
    double[] point = null;
    for (XYSeries series : chart.getSeriesCollection()) {
      double[] x = series.getXData();
      double[] y = series.getYData();
      if (x.length >= 2 && x[1] != x[0] && Double.isFinite(y[0])) {
        point = new double[] {x[0] + 0.5 * (x[1] - x[0]), y[0]};
        break;
      }
    }
    if (point == null) {
      return draw.get();
    }
    XYSeries offGrid = chart.addSeries(OFF_GRID, new double[] {point[0]}, new double[] {point[1]});
    offGrid.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    offGrid.setMarker(SeriesMarkers.NONE);
    offGrid.setShowInLegend(false);
    try {
      return draw.get();
    } finally {
      chart.removeSeries(OFF_GRID);
    }
  }

  /** Name of the invisible helper series of {@link #image}. */
  private static final String OFF_GRID = "\u2060off-grid";

  /** Writes the chart as a PNG of its own size; returns the file. */
  public static Path save(XYChart chart, Path file) throws IOException {
    return save(image(chart), file);
  }

  /** Writes an image as PNG, replacing the file as a whole (write aside, then rename); returns the file. */
  public static Path save(BufferedImage image, Path file) throws IOException {
    return AtomicFiles.write(file, tmp -> {
      if (!ImageIO.write(image, "png", tmp.toFile())) {
        throw new IOException("no PNG writer available for " + file);
      }
    });
  }

  /** Images placed left to right on white, top-aligned (each keeps its size). */
  public static BufferedImage sideBySide(BufferedImage... images) {
    int width = 0;
    int height = 0;
    for (BufferedImage im : images) {
      width += im.getWidth();
      height = Math.max(height, im.getHeight());
    }
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      int x = 0;
      for (BufferedImage im : images) {
        g.drawImage(im, x, 0, null);
        x += im.getWidth();
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  /** {@code colour} mixed with white: {@code amount} 0 gives white, 1 the colour itself. */
  public static Color tint(Color colour, double amount) {
    double a = Math.max(0, Math.min(1, amount));
    return new Color(
        (int) Math.round(255 + (colour.getRed() - 255) * a),
        (int) Math.round(255 + (colour.getGreen() - 255) * a),
        (int) Math.round(255 + (colour.getBlue() - 255) * a));
  }
}
