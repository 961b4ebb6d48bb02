package dev.autograd.examples.plot;

import dev.autograd.GradMode;
import dev.autograd.Tensor;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A two-dimensional classification picture: the plane shaded by a model's predicted probability of
 * class 1 (blue for class 0, orange for class 1, paler where the model is unsure), its decision
 * boundary {@code p = ½} drawn as a dark curve, the data points on top and, optionally, straight
 * lines {@code w₁x₁ + w₂x₂ + b = 0} such as a hidden unit's separator.
 *
 * <pre>{@code
 * BufferedImage im = DecisionPlot.around("XOR", x, 0.5)
 *     .regions(p -> model.forward(p).sigmoid())
 *     .points(x, labels)
 *     .render();
 * }</pre>
 *
 * <p>The model is evaluated once per pixel of the plot area, in batches, without recording a graph.
 * The chart itself (axes, ticks, titles, legend, points) is drawn by XChart over the shading.
 */
public final class DecisionPlot {
  private static final int BATCH = 16_384;
  private static final Color BOUNDARY = new Color(0x333333);

  private String title;
  private final double xMin;
  private final double xMax;
  private final double yMin;
  private final double yMax;
  private int width = Charts.WIDTH;
  private int height = Charts.HEIGHT;
  private String xTitle = "x₁";
  private String yTitle = "x₂";
  private String[] classNames = {"class 0", "class 1"};
  private UnaryOperator<Tensor> probability;
  private double[][] points;
  private int[] labels;
  private final List<Line> lines = new ArrayList<>();

  private record Line(String name, double w1, double w2, double b, Color colour, boolean dashed) {}

  /** A picture of the rectangle {@code [xMin, xMax] × [yMin, yMax]}. */
  public DecisionPlot(String title, double xMin, double xMax, double yMin, double yMax) {
    if (!(xMin < xMax) || !(yMin < yMax)) {
      throw new IllegalArgumentException("DecisionPlot: needs xMin < xMax and yMin < yMax; got ["
          + xMin + ", " + xMax + "] × [" + yMin + ", " + yMax + "]");
    }
    this.title = title;
    this.xMin = xMin;
    this.xMax = xMax;
    this.yMin = yMin;
    this.yMax = yMax;
  }

  /** A picture of the smallest rectangle holding all points, widened by {@code margin} on each side. */
  public static DecisionPlot around(String title, double[][] points, double margin) {
    double x0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    for (double[] p : points) {
      x0 = Math.min(x0, p[0]);
      x1 = Math.max(x1, p[0]);
      y0 = Math.min(y0, p[1]);
      y1 = Math.max(y1, p[1]);
    }
    return new DecisionPlot(title, x0 - margin, x1 + margin, y0 - margin, y1 + margin);
  }

  /** The picture's title. */
  public DecisionPlot title(String text) {
    this.title = text;
    return this;
  }

  /** Picture size in pixels (default {@link Charts#WIDTH} × {@link Charts#HEIGHT}). */
  public DecisionPlot size(int w, int h) {
    this.width = w;
    this.height = h;
    return this;
  }

  /** Axis titles (default x₁ and x₂). */
  public DecisionPlot axisTitles(String x, String y) {
    this.xTitle = x;
    this.yTitle = y;
    return this;
  }

  /** Legend names of the two classes. */
  public DecisionPlot classNames(String class0, String class1) {
    this.classNames = new String[] {class0, class1};
    return this;
  }

  /**
   * Shades the plane by a model: {@code probability} maps points of shape [n, 2] to the probability
   * of class 1, of shape [n] or [n, 1].
   */
  public DecisionPlot regions(UnaryOperator<Tensor> probabilityOfClass1) {
    this.probability = probabilityOfClass1;
    return this;
  }

  /** The data points, one row {x₁, x₂} each, with labels 0 or 1. */
  public DecisionPlot points(double[][] x, int[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "DecisionPlot.points: " + x.length + " points but " + y.length + " labels");
    }
    this.points = x;
    this.labels = y;
    return this;
  }

  /** Draws the straight line {@code w₁x₁ + w₂x₂ + b = 0} where it crosses the picture. */
  public DecisionPlot line(String name, double w1, double w2, double b, Color colour, boolean dashed) {
    lines.add(new Line(name, w1, w2, b, colour, dashed));
    return this;
  }

  /** Writes the picture as a PNG; returns the file. */
  public Path save(Path file) throws IOException {
    return Charts.save(render(), file);
  }

  /** Draws the picture. */
  public BufferedImage render() {
    XYChart chart = Charts.chart(title, xTitle, yTitle, width, height);
    var s = chart.getStyler();
    s.setXAxisMin(xMin);
    s.setXAxisMax(xMax);
    s.setYAxisMin(yMin);
    s.setYAxisMax(yMax);
    s.setPlotContentSize(1.0);
    s.setMarkerSize(points != null && points.length <= 20 ? 16 : 8);
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
    addPoints(chart);
    addLines(chart);
    if (probability == null) {
      return Charts.image(chart);
    }

    // First pass: lay the chart out, to learn where the data rectangle lands in pixels.
    BufferedImage layout = Charts.image(chart);
    int left = (int) Math.round(chart.getScreenXFromChart(xMin));
    int right = (int) Math.round(chart.getScreenXFromChart(xMax));
    int top = (int) Math.round(chart.getScreenYFromChart(yMax));
    int bottom = (int) Math.round(chart.getScreenYFromChart(yMin));
    int w = right - left;
    int h = bottom - top;
    if (w < 2 || h < 2) {
      return layout; // nowhere to shade (a tiny picture)
    }

    // Second pass: the shading, then the chart with see-through backgrounds on top.
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.drawImage(shading(w, h), left, top, null);
      Color clear = new Color(0, 0, 0, 0);
      s.setChartBackgroundColor(clear);
      s.setPlotBackgroundColor(clear);
      Charts.paint(chart, g);
    } finally {
      g.dispose();
    }
    return out;
  }

  private void addPoints(XYChart chart) {
    if (points == null) {
      return;
    }
    for (int c = 0; c <= 1; c++) {
      int n = 0;
      for (int label : labels) {
        n += label == c ? 1 : 0;
      }
      if (n == 0) {
        continue;
      }
      double[] xs = new double[n];
      double[] ys = new double[n];
      int k = 0;
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == c) {
          xs[k] = points[i][0];
          ys[k++] = points[i][1];
        }
      }
      XYSeries series = chart.addSeries(classNames[c], xs, ys);
      series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      series.setMarker(c == 0 ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
      series.setMarkerColor(darker(c == 0 ? Charts.CLASS_0 : Charts.CLASS_1));
    }
  }

  private void addLines(XYChart chart) {
    for (Line line : lines) {
      double[][] ends = clip(line.w1, line.w2, line.b);
      if (ends == null) {
        continue; // the line misses the picture
      }
      Charts.line(chart, line.name, new double[] {ends[0][0], ends[1][0]},
          new double[] {ends[0][1], ends[1][1]}, line.colour, 2f, line.dashed);
    }
  }

  /** True when the line {@code w₁x₁ + w₂x₂ + b = 0} crosses the picture's rectangle. */
  public boolean crosses(double w1, double w2, double b) {
    return clip(w1, w2, b) != null;
  }

  /** The two points where {@code w₁x + w₂y + b = 0} crosses the rectangle's border, or null. */
  double[][] clip(double w1, double w2, double b) {
    List<double[]> hits = new ArrayList<>();
    double epsX = 1e-9 * (xMax - xMin);
    double epsY = 1e-9 * (yMax - yMin);
    if (w2 != 0) {
      for (double x : new double[] {xMin, xMax}) {
        double y = -(w1 * x + b) / w2;
        if (y >= yMin - epsY && y <= yMax + epsY) {
          hits.add(new double[] {x, y});
        }
      }
    }
    if (w1 != 0) {
      for (double y : new double[] {yMin, yMax}) {
        double x = -(w2 * y + b) / w1;
        if (x >= xMin - epsX && x <= xMax + epsX) {
          hits.add(new double[] {x, y});
        }
      }
    }
    double[] first = null;
    double[] second = null;
    double best = -1;
    for (int i = 0; i < hits.size(); i++) {
      for (int j = i + 1; j < hits.size(); j++) {
        double dx = hits.get(i)[0] - hits.get(j)[0];
        double dy = hits.get(i)[1] - hits.get(j)[1];
        double d = dx * dx + dy * dy;
        if (d > best) {
          best = d;
          first = hits.get(i);
          second = hits.get(j);
        }
      }
    }
    return best > 0 ? new double[][] {first, second} : null;
  }

  /** One pixel per model evaluation; the class colour's strength follows the model's confidence. */
  @SuppressWarnings("try") // the no-grad scope is used for its effect only
  private BufferedImage shading(int w, int h) {
    double[] p = new double[w * h];
    double[] batch = new double[2 * Math.min(BATCH, p.length)];
    try (var off = GradMode.noGrad()) {
      for (int start = 0; start < p.length; start += BATCH) {
        int n = Math.min(BATCH, p.length - start);
        for (int k = 0; k < n; k++) {
          int pixel = start + k;
          int px = pixel % w;
          int py = pixel / w;
          batch[2 * k] = xMin + (px + 0.5) / w * (xMax - xMin);
          batch[2 * k + 1] = yMax - (py + 0.5) / h * (yMax - yMin);
        }
        double[] values = java.util.Arrays.copyOf(batch, 2 * n);
        Tensor result = probability.apply(Tensor.of(values, n, 2));
        if (result.size() != n) {
          throw new IllegalArgumentException("DecisionPlot.regions: the model must give one probability per "
              + "point, shape [" + n + "] or [" + n + ", 1]; got shape " + java.util.Arrays.toString(result.shape()));
        }
        System.arraycopy(result.toArray(), 0, p, start, n);
      }
    }
    BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int py = 0; py < h; py++) {
      for (int px = 0; px < w; px++) {
        int i = py * w + px;
        boolean one = p[i] > 0.5;
        boolean edge = (px + 1 < w && (p[i + 1] > 0.5) != one) || (py + 1 < h && (p[i + w] > 0.5) != one);
        Color c;
        if (edge) {
          c = BOUNDARY;
        } else {
          double confidence = Math.abs(2 * p[i] - 1);
          c = Charts.tint(one ? Charts.CLASS_1 : Charts.CLASS_0, 0.12 + 0.28 * confidence);
        }
        im.setRGB(px, py, c.getRGB());
      }
    }
    return im;
  }

  private static Color darker(Color c) {
    return new Color((int) (c.getRed() * 0.8), (int) (c.getGreen() * 0.8), (int) (c.getBlue() * 0.8));
  }
}
