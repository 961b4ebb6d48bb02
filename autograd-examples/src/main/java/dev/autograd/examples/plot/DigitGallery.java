package dev.autograd.examples.plot;

import dev.autograd.nn.data.Dataset;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A grid of small grey-scale images (square, such as 8×8 digits or 28×28 clothes) with the label a
 * model predicted for each, green when right and red (with the true label below) when wrong. The
 * mistakes come first; a line under the title says so and how many there are. No chart type serves
 * this, so it is drawn directly. The picture is {@link Charts#WIDTH} × {@link Charts#HEIGHT}.
 */
public final class DigitGallery {
  private static final int COLUMNS = 10;
  private static final int ROWS = 4;
  private static final Color RIGHT = new Color(0x2ca02c);
  private static final Color WRONG = new Color(0xd62728);

  private final String title;
  private final Dataset images;
  private final int[] predicted;
  private final int[] shown;
  private final int mistakes;

  private DigitGallery(String title, Dataset images, int[] predicted, int[] shown, int mistakes) {
    this.title = title;
    this.images = images;
    this.predicted = predicted;
    this.shown = shown;
    this.mistakes = mistakes;
  }

  /**
   * Up to 40 images of {@code images} (features are pixel values, higher is darker; the target is the
   * true label), each with the label {@code predicted[i]} a model gave it. Mistakes are shown first
   * (up to a third of the places, sorted by true label), then right predictions (also sorted by
   * true label); which ones is a random choice made with {@code seed}. When there are too few right
   * predictions to fill the grid, more mistakes fill it.
   */
  public static DigitGallery of(String title, Dataset images, int[] predicted, long seed) {
    int side = (int) Math.round(Math.sqrt(images.featureCount()));
    if (side * side != images.featureCount()) {
      throw new IllegalArgumentException("DigitGallery: images must be square; got " + images.featureCount()
          + " pixels per image");
    }
    if (predicted.length != images.size()) {
      throw new IllegalArgumentException("DigitGallery: " + images.size() + " images but " + predicted.length
          + " predictions");
    }
    int places = Math.min(images.size(), COLUMNS * ROWS);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    List<Integer> chosen = new ArrayList<>();
    for (int i : order) {
      if (chosen.size() < places / 3 && predicted[i] != (int) images.target(i)) {
        chosen.add(i);
      }
    }
    for (int i : order) {
      if (chosen.size() < places && !chosen.contains(i) && predicted[i] == (int) images.target(i)) {
        chosen.add(i);
      }
    }
    for (int i : order) {
      if (chosen.size() < places && !chosen.contains(i)) {
        chosen.add(i);
      }
    }
    // Mistakes first, then right ones; within each, by true label.
    chosen.sort(Comparator.comparingInt((Integer i) -> predicted[i] == (int) images.target(i) ? 1 : 0)
        .thenComparingDouble(i -> images.target(i)).thenComparingInt(i -> i));
    int[] shown = new int[chosen.size()];
    int mistakes = 0;
    for (int k = 0; k < shown.length; k++) {
      shown[k] = chosen.get(k);
      mistakes += predicted[shown[k]] == (int) images.target(shown[k]) ? 0 : 1;
    }
    return new DigitGallery(title, images, predicted, shown, mistakes);
  }

  /** The title given to {@link #of}, drawn at the top. */
  public String title() {
    return title;
  }

  /**
   * The line drawn under the title, saying what is shown: e.g. {@code "mistakes first: 3 wrong (red,
   * true label below), then 37 right (green)"}.
   */
  public String subtitle() {
    int right = shown.length - mistakes;
    if (mistakes == 0) {
      return shown.length == 1 ? "1 image, predicted right (green)"
          : "all " + shown.length + " images shown predicted right (green)";
    }
    return "mistakes first: " + mistakes + " wrong (red, true label below)"
        + (right == 0 ? "" : ", then " + right + " right (green)");
  }

  /** Indices into the data set of the images shown, in the order they are drawn (row by row). */
  public int[] shown() {
    return shown.clone();
  }

  /** Writes the picture as a PNG; returns the file. */
  public Path save(Path file) throws IOException {
    return Charts.save(render(), file);
  }

  /** Draws the picture. */
  public BufferedImage render() {
    int width = Charts.WIDTH;
    int height = Charts.HEIGHT;
    int side = (int) Math.round(Math.sqrt(images.featureCount()));
    List<String> names = images.classNames();
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
      FontMetrics titleMetrics = g.getFontMetrics();
      g.drawString(title, (width - titleMetrics.stringWidth(title)) / 2, 28);
      String subtitle = subtitle();
      g.setFont(fitting(g, subtitle, width - 20, 14));
      g.setColor(new Color(0x444444));
      g.drawString(subtitle, (width - g.getFontMetrics().stringWidth(subtitle)) / 2, 50);

      int top = 62;
      int cellW = (width - 20) / COLUMNS;
      int cellH = (height - top - 10) / ROWS;
      int labelSpace = 22;
      int box = Math.min(cellW - 12, cellH - labelSpace - 8);
      int scale = Math.max(1, box / side);
      int drawn = side * scale;
      double max = 0;
      for (int i = 0; i < images.size(); i++) {
        for (double v : images.row(i)) {
          max = Math.max(max, v);
        }
      }
      max = max > 0 ? max : 1;
      for (int k = 0; k < shown.length; k++) {
        int index = shown[k];
        int cx = 10 + (k % COLUMNS) * cellW + (cellW - drawn) / 2;
        int cy = top + (k / COLUMNS) * cellH + 4;
        double[] pixels = images.row(index);
        for (int py = 0; py < side; py++) {
          for (int px = 0; px < side; px++) {
            double ink = Math.max(0, Math.min(1, pixels[py * side + px] / max));
            int grey = (int) Math.round(255 * (1 - ink));
            g.setColor(new Color(grey, grey, grey));
            g.fillRect(cx + px * scale, cy + py * scale, scale, scale);
          }
        }
        g.setColor(new Color(0xcccccc));
        g.drawRect(cx - 1, cy - 1, drawn + 1, drawn + 1);
        int actual = (int) images.target(index);
        int centre = cx + drawn / 2;
        String label = name(names, predicted[index]);
        g.setFont(fitting(g, label, cellW - 4, 14));
        g.setColor(predicted[index] == actual ? RIGHT : WRONG);
        g.drawString(label, centre - g.getFontMetrics().stringWidth(label) / 2, cy + drawn + 17);
        if (predicted[index] != actual) {
          String truth = "is " + name(names, actual);
          g.setFont(fitting(g, truth, cellW - 4, 11));
          g.setColor(new Color(0x666666));
          g.drawString(truth, centre - g.getFontMetrics().stringWidth(truth) / 2, cy + drawn + 32);
        }
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  /** The sans-serif font of at most {@code size} points in which {@code text} fits {@code width}. */
  private static Font fitting(Graphics2D g, String text, int width, int size) {
    Font f = new Font(Font.SANS_SERIF, Font.PLAIN, size);
    while (size > 8 && g.getFontMetrics(f).stringWidth(text) > width) {
      f = new Font(Font.SANS_SERIF, Font.PLAIN, --size);
    }
    return f;
  }

  private static String name(List<String> names, int label) {
    return label < names.size() ? names.get(label) : Integer.toString(label);
  }
}
